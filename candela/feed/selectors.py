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

from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from candela.core.compiled import compiled_rows, moment
from candela.core.pagination import Page, PageParams, page_of, page_window, paginate
from candela.feed.models import TimelineEntry
from candela.graph.models import Block, Circle, CircleMember, Mute
from candela.graph.selectors import get_circle_for
from candela.posts import selectors as posts
from candela.posts.models import (
    EMOJI_KINDS,
    REACTION_COUNT_FIELDS,
    MediaAttachment,
    Mention,
    Post,
    Visibility,
)
from candela.posts.selectors import AccountNumbers, PostNumbers
from candela.profiles.models import Actor

STATS_RELATIONS = ("author__stats", "reblog_of__author__stats")
EMOJI_COUNT_FIELDS = {kind.value: REACTION_COUNT_FIELDS[kind] for kind in EMOJI_KINDS}
# The columns of a page's numbers, for the post and, through `reblog_of__`, the boosted one.
POST_NUMBERS = (
    "id",
    "changed_at",
    "replies_count",
    "reblogs_count",
    "favourites_count",
    *EMOJI_COUNT_FIELDS.values(),
    "author_id",
    "author__updated_at",
    "author__stats__followers_count",
    "author__stats__following_count",
    "author__stats__statuses_count",
    "author__stats__last_status_at",
)


def _numbers(row: dict[str, Any], prefix: str) -> PostNumbers:
    def get(name: str) -> Any:
        return row[prefix + name]

    author = AccountNumbers(
        get("author_id"),
        moment(get("author__updated_at")),  # type: ignore[arg-type]
        get("author__stats__followers_count"),
        get("author__stats__following_count"),
        get("author__stats__statuses_count"),
        moment(get("author__stats__last_status_at")),
    )
    reblog = None
    if prefix == "post__" and row["post__reblog_of__id"] is not None:
        reblog = _numbers(row, "post__reblog_of__")
    return PostNumbers(
        get("id"),
        moment(get("changed_at")),
        author,
        get("replies_count"),
        get("reblogs_count"),
        get("favourites_count"),
        {kind: get(field) for kind, field in EMOJI_COUNT_FIELDS.items()},
        posts.reaction_kinds(get("viewer_reactions")),
        bool(get("viewer_boosted")),
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
    columns = []
    viewer_state = {}
    for prefix in ("post__", "post__reblog_of__"):
        columns += [prefix + name for name in POST_NUMBERS]
        post_id = OuterRef(prefix + "id")
        viewer_state[prefix + "viewer_reactions"] = posts.viewer_reactions(post_id, viewer)
        viewer_state[prefix + "viewer_boosted"] = posts.viewer_boosted(post_id, viewer)
    entries = page_window(home_entries(Actor(id=viewer)), params, key="post_id")
    return entries.values(*columns, **viewer_state)


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
    return page_of([_numbers(row, "post__") for row in rows], params, lambda n: n.id)


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
