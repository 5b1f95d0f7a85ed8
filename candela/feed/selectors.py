"""Timeline reads: home (from the fan-out's entries), local public, hashtag and circle feeds.

Every page is one range scan by a snowflake id. The pages of posts (`Page[Post]`) carry what a
post card or a Status shows in a fixed number of queries, whatever the page holds. The API's
home timeline, the hot path, reads only the page's numbers (`home_numbers`): one query, whose
SQL is compiled once, for ids, versions and counts; the Status parts come from a cache.

The home feed was filtered by audience when it was written (candela.feed.services). At read
time it applies again what is cheap and safe inside the same query: deleted posts and boosts
of deleted posts, deleted authors, circle posts whose circle no longer holds the viewer, and
blocks either way (so that nothing shows in the seconds before the block's task removes the
entries). Mutes and unfollows remove entries through their tasks only.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from candela.core.compiled import compiled_rows, moment
from candela.core.pagination import Page, PageParams, page_of, page_window, paginate
from candela.feed.models import TimelineEntry
from candela.graph.models import Block, Circle, CircleMember, Mute
from candela.graph.selectors import get_circle_for
from candela.posts import selectors as posts
from candela.posts.models import (
    EMOJI_KINDS,
    EMOJI_NAMES,
    REACTION_COUNT_FIELDS,
    MediaAttachment,
    Mention,
    Post,
    Visibility,
)
from candela.posts.selectors import AccountNumbers, PostNumbers
from candela.profiles.models import Actor

STATS_RELATIONS = ("author__stats", "reblog_of__author__stats")
# The columns of a page's numbers, for the post and, through `reblog_of__`, the boosted one,
# in the order `_numbers` reads them.
POST_NUMBERS = (
    "id",
    "changed_at",
    "replies_count",
    "reblogs_count",
    "author_id",
    "author__updated_at",
    "author__stats__followers_count",
    "author__stats__following_count",
    "author__stats__statuses_count",
    "author__stats__last_status_at",
)
POST, BOOSTED = "post__", "post__reblog_of__"
_COLUMNS_OF = {
    prefix: itemgetter(*(prefix + name for name in POST_NUMBERS)) for prefix in (POST, BOOSTED)
}
# Reactions go to the post shown, never to a boost (posts.services._target_of): the counters
# and the reader's own reactions and boost are read for the post shown alone (one column
# each, not two: the query's SQL must stay short, see core/compiled.py).
REACTION_COUNTS = ("favourites_count", *(REACTION_COUNT_FIELDS[kind] for kind in EMOJI_KINDS))
_reaction_counts_of = itemgetter(*REACTION_COUNTS)
NO_EMOJI_COUNTS = dict.fromkeys(EMOJI_NAMES, 0)


def _numbers(row: dict[str, Any], prefix: str) -> PostNumbers:
    (
        post_id,
        version,
        replies_count,
        reblogs_count,
        author_id,
        author_version,
        followers_count,
        following_count,
        statuses_count,
        last_status_at,
    ) = _COLUMNS_OF[prefix](row)
    reblog = None
    if prefix == POST and row[BOOSTED + "id"] is not None:
        reblog = _numbers(row, BOOSTED)
    author = AccountNumbers(
        author_id,
        moment(author_version),  # type: ignore[arg-type]
        followers_count,
        following_count,
        statuses_count,
        moment(last_status_at),
    )
    # A boost has no reactions of its own: they go to the post it boosts (the services see to
    # it), so only the page's own posts carry counts and the reader's state.
    favourites_count, emoji_counts = 0, NO_EMOJI_COUNTS
    mine, boosted = posts.NO_REACTIONS, False
    if reblog is None:
        favourites_count, *emoji = _reaction_counts_of(row)
        emoji_counts = dict(zip(EMOJI_NAMES, emoji, strict=True))
        mine, boosted = posts.reaction_kinds(row["viewer_reactions"]), bool(row["viewer_boosted"])
    return PostNumbers(
        post_id,
        moment(version),
        author,
        replies_count,
        reblogs_count,
        favourites_count,
        emoji_counts,
        mine,
        boosted,
        reblog,
    )


def _timeline(rows: QuerySet[Post], params: PageParams) -> Page[Post]:
    return paginate(posts.with_related(rows).select_related(*STATS_RELATIONS), params)


def home_entries(viewer: Actor) -> QuerySet[TimelineEntry]:
    """The viewer's timeline entries still worth showing (see the module's note)."""
    still_in_circle = Exists(
        CircleMember.objects.filter(circle_id=OuterRef("post__circle_id"), actor=viewer)
    )
    mentioned = Exists(Mention.objects.filter(post_id=OuterRef("post_id"), actor=viewer))

    def blocked_either_way(author: str) -> Exists:
        author_id = OuterRef(author)
        pair = Q(blocker=viewer, target_id=author_id) | Q(blocker_id=author_id, target=viewer)
        return Exists(Block.objects.filter(pair))

    return TimelineEntry.objects.filter(
        Q(owner=viewer),
        Q(post__deleted_at__isnull=True),
        Q(post__author__deleted_at__isnull=True),
        Q(post__reblog_of__isnull=True) | Q(post__reblog_of__deleted_at__isnull=True),
        ~Q(post__visibility=Visibility.CIRCLE)
        | Q(post__author=viewer)
        | Q(still_in_circle)
        | Q(mentioned),
        ~Q(blocked_either_way("post__author_id")),
        Q(post__reblog_of__isnull=True) | ~Q(blocked_either_way("post__reblog_of__author_id")),
    )


def _entries_timeline(entries: QuerySet[TimelineEntry], params: PageParams) -> Page[Post]:
    """The posts of a page of timeline entries, read as `_timeline` reads them."""
    entry_page = paginate(entries, params, key="post_id")
    by_id = posts.with_related(Post.objects.filter(pk__in=[e.post_id for e in entry_page]))
    loaded = {post.id: post for post in by_id.select_related(*STATS_RELATIONS)}
    return Page(
        items=[loaded[entry.post_id] for entry in entry_page],
        newest_key=entry_page.newest_key,
        oldest_key=entry_page.oldest_key,
        has_older=entry_page.has_older,
    )


def home_feed(viewer: Actor, params: PageParams) -> Page[Post]:
    """A page of the viewer's home feed, newest first, for its HTML page."""
    return _entries_timeline(home_entries(viewer), params)


def _home_numbers_query(
    viewer: int, max_id: int | None, since_id: int | None, min_id: int | None, limit: int
) -> QuerySet[Any]:
    params = PageParams(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
    columns = [prefix + name for prefix in (POST, BOOSTED) for name in POST_NUMBERS]
    shown = {field: Coalesce(BOOSTED + field, POST + field) for field in REACTION_COUNTS}
    entries = home_entries(Actor(id=viewer)).alias(shown_id=Coalesce(BOOSTED + "id", "post_id"))
    shown_id = OuterRef("shown_id")
    return page_window(entries, params, key="post_id").values(
        *columns,
        **shown,
        viewer_reactions=posts.viewer_reactions(shown_id, viewer),
        viewer_boosted=posts.viewer_boosted(shown_id, viewer),
    )


def home_numbers(viewer: Actor, params: PageParams) -> Page[PostNumbers]:
    """A page of the viewer's home feed as numbers (`PostNumbers`, the viewer's own reactions
    and boosts included), newest first: one query, its SQL compiled once per kind of page."""
    rows = compiled_rows(
        "home_numbers",
        lambda viewer, max_id, since_id, min_id: _home_numbers_query(
            viewer, max_id, since_id, min_id, params.limit
        ),
        shape=(params.limit,),
        viewer=viewer.id,
        max_id=params.max_id,
        since_id=params.since_id,
        min_id=params.min_id,
    )
    return page_of([_numbers(row, POST) for row in rows], params, lambda n: n.id)


def _hide_blocked_and_muted(rows: QuerySet[Post], viewer: Actor | None) -> QuerySet[Post]:
    """Public listings leave out accounts on either side of a block and those the viewer mutes,
    as subqueries of the same query."""
    if viewer is None:
        return rows
    author = OuterRef("author_id")
    return rows.exclude(
        Exists(Block.objects.filter(blocker=viewer, target_id=author))
        | Exists(Block.objects.filter(blocker_id=author, target=viewer))
        | Exists(Mute.objects.filter(muter=viewer, target_id=author))
    )


def public_feed(
    viewer: Actor | None,
    params: PageParams,
    *,
    local: bool = False,
    remote: bool = False,
    only_media: bool = False,
) -> Page[Post]:
    """Public posts, no boosts and no replies to others, newest first (Mastodon's public
    timeline). Every account is local today, so `remote` reads nothing yet."""
    rows = posts.visible_to(
        Post.objects.filter(visibility=Visibility.PUBLIC, reblog_of__isnull=True).filter(
            Q(in_reply_to_account__isnull=True) | Q(in_reply_to_account_id=F("author_id"))
        ),
        None,
    )
    if local:
        rows = rows.filter(local=True)
    if remote:
        rows = rows.filter(local=False)
    if only_media:
        rows = rows.filter(Exists(MediaAttachment.objects.filter(post_id=OuterRef("pk"))))
    return _timeline(_hide_blocked_and_muted(rows, viewer), params)


def hashtag_feed(viewer: Actor | None, name: str, params: PageParams) -> Page[Post]:
    """Public posts tagged `name`, newest first (unlisted ones stay out)."""
    rows = posts.list_hashtag_posts_for(None, name).prefetch_related(None)
    return _timeline(_hide_blocked_and_muted(rows, viewer), params)


def circle_feed(owner: Actor, circle_id: int, params: PageParams) -> Page[Post]:
    """The owner's home feed narrowed to the members of their circle (Mastodon's list
    timeline); Http404 when the circle is not theirs. Five queries."""
    circle: Circle = get_circle_for(owner, circle_id)
    members = CircleMember.objects.filter(circle=circle).values("actor_id")
    entries = home_entries(owner).filter(post__author_id__in=members)
    return _entries_timeline(entries, params)
