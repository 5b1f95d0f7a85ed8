"""Timeline reads: home (from the fan-out's entries), local public, hashtag and circle feeds.

Every page is one range scan by a snowflake id, then everything a Status entity or a post card
shows is loaded for the whole page in three more queries (`load_page_state`), whatever the page
holds: post extras (media, mentions, hashtags, the viewer's boosts) as JSON aggregates, the
reaction counts with the viewer's own reactions, and the accounts' counts and positions.

The home feed was filtered by audience when it was written (candela.feed.services). At read
time it applies again only what is cheap and safe inside the same query: deleted posts and
boosts of deleted posts, deleted authors, and circle posts whose circle no longer holds the
viewer. Blocks, mutes and unfollows remove entries through their tasks instead.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from candela.core.pagination import Page, PageParams, paginate
from candela.feed.models import TimelineEntry
from candela.graph.models import Block, Circle, CircleMember, Follow, Mute
from candela.graph.selectors import get_circle_for
from candela.posts import selectors as posts
from candela.posts.models import (
    Hashtag,
    MediaAttachment,
    Mention,
    Post,
    PostHashtag,
    Reaction,
    Visibility,
)
from candela.posts.selectors import ViewerState
from candela.profiles.models import Actor, Position

# The attributes candela.api's Account entity reads instead of counting again.
COUNT_ATTRIBUTES = ("followers_count", "following_count", "statuses_count", "last_status_at")
POST_RELATIONS = ("author", "reblog_of", "reblog_of__author")
MEDIA_FIELDS = (
    "id",
    "file",
    "preview",
    "width",
    "height",
    "preview_width",
    "preview_height",
    "file_size",
    "description",
    "focus_x",
    "focus_y",
    "position",
)
MENTION_FIELDS = ("id", "username", "domain", "local", "uri", "url")
POSITION_FIELDS = ("id", "company", "title", "is_current", "order")


class JSONRows(Aggregate):
    """The aggregated rows as one JSON array (SQLite JSON_GROUP_ARRAY, PostgreSQL JSONB_AGG)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _json_rows(rows: QuerySet[Any], group: str, **fields: Any) -> Subquery:
    return Subquery(
        rows.order_by().values(group).annotate(rows=JSONRows(JSONObject(**fields))).values("rows")
    )


def _count(rows: QuerySet[Any], group: str) -> Coalesce:
    return Coalesce(Subquery(rows.order_by().values(group).annotate(n=Count("*")).values("n")), 0)


# SQL of the fixed-shape page queries, compiled once per shape: building and compiling them
# costs Django several times what PostgreSQL spends running them (bench/README.md).
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
# Stand-ins for the ids while compiling: no real id is negative.
_ID_MARK = -(2**62)
_VIEWER_MARK = -(2**61)


def _compiled_rows(
    name: str,
    build: Callable[[list[int], int | None], QuerySet[Any]],
    ids: list[int],
    viewer_id: int | None = None,
) -> list[dict[str, Any]]:
    """The rows of `build(ids, viewer_id)` (a values() queryset), as dicts of raw database
    values, its SQL compiled once per query, number of ids and database vendor."""
    shape = (name, len(ids), viewer_id is None, connection.vendor)
    compiled = _COMPILED.get(shape)
    if compiled is None:
        marks = [_ID_MARK - n for n in range(len(ids))]
        viewer_mark = None if viewer_id is None else _VIEWER_MARK
        query = build(marks, viewer_mark).query
        compiled = _COMPILED[shape] = query.sql_with_params()
    sql, params = compiled
    values: dict[Any, Any] = dict(zip((_ID_MARK - n for n in range(len(ids))), ids, strict=True))
    values[_VIEWER_MARK] = viewer_id
    # psycopg wraps integers (Int8 and the like, int subclasses): compare by value.
    bound = [
        values.get(p, p) if isinstance(p, int) and not isinstance(p, bool) else p for p in params
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _json(value: Any) -> Any:
    """A JSON aggregate as the driver returns it: text (SQLite, and Django's jsonb loader)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def _moment(value: Any) -> datetime | None:
    """A timestamp from a raw row: SQLite returns text in UTC."""
    if isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        return moment
    return value  # type: ignore[no-any-return]


@dataclass
class Timeline:
    """A page of posts, newest first, with what their Status entities and cards need."""

    posts: list[Post]
    state: ViewerState
    page: Page[Post]


def _prefetched(instance: Any, name: str, objects: list[Any]) -> None:
    """Stores `objects` as if prefetch_related had loaded `instance.<name>`."""
    rows = getattr(instance, name).all()
    rows._result_cache = objects
    rows._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = rows


def _post_extras_query(ids: list[int], viewer_id: int | None) -> QuerySet[Any]:
    annotations: dict[str, Any] = {
        "media_rows": _json_rows(
            MediaAttachment.objects.filter(post_id=OuterRef("pk")),
            "post_id",
            **{name: name for name in MEDIA_FIELDS},
        ),
        "mention_rows": _json_rows(
            Mention.objects.filter(post_id=OuterRef("pk")),
            "post_id",
            mention_id="id",
            **{name: f"actor__{name}" for name in MENTION_FIELDS},
        ),
        "tag_rows": _json_rows(
            PostHashtag.objects.filter(post_id=OuterRef("pk")),
            "post_id",
            id="hashtag_id",
            name="hashtag__name",
        ),
    }
    if viewer_id is not None:
        annotations["is_reblogged"] = Exists(
            Post.objects.filter(
                reblog_of_id=OuterRef("pk"), author_id=viewer_id, deleted_at__isnull=True
            )
        )
    rows: QuerySet[Any] = (
        Post.objects.filter(pk__in=ids).annotate(**annotations).values("pk", *annotations)
    )
    return rows


def _attach_post_extras(shown: dict[int, list[Post]], viewer: Actor | None) -> set[int]:
    """One query: media, mentions and hashtags of every post, and which the viewer boosted."""
    reblogged: set[int] = set()
    viewer_id = viewer.id if viewer is not None else None
    for row in _compiled_rows("post_extras", _post_extras_query, list(shown), viewer_id):
        media = sorted(_json(row["media_rows"]) or [], key=lambda m: (m["position"], m["id"]))
        mentions = _json(row["mention_rows"]) or []
        tags = _json(row["tag_rows"]) or []
        if row.get("is_reblogged"):
            reblogged.add(row["pk"])
        for post in shown[row["pk"]]:
            _prefetched(post, "media", [MediaAttachment(post_id=post.id, **m) for m in media])
            _prefetched(post, "mentions", [_mention(post, m) for m in mentions])
            _prefetched(post, "hashtags", [Hashtag(**t) for t in tags])
    return reblogged


def _mention(post: Post, row: dict[str, Any]) -> Mention:
    fields = dict(row)
    mention = Mention(id=fields.pop("mention_id"), post_id=post.id)
    mention.actor = Actor(**fields)
    return mention


def _reactions_query(ids: list[int], viewer_id: int | None) -> QuerySet[Any]:
    rows = Reaction.objects.filter(post_id__in=ids).values("post_id", "kind").order_by()
    if viewer_id is None:
        return rows.annotate(total=Count("id"))
    return rows.annotate(total=Count("id"), mine=Count("id", filter=Q(actor_id=viewer_id)))


def _reactions(ids: Iterable[int], viewer: Actor | None, state: ViewerState) -> None:
    """One query: reaction counts per post and kind, and the viewer's own."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    viewer_id = viewer.id if viewer is not None else None
    for row in _compiled_rows("reactions", _reactions_query, list(ids), viewer_id):
        counts[row["post_id"]][row["kind"]] = row["total"]
        if row.get("mine"):
            mine[row["post_id"]].add(row["kind"])
    state.reaction_counts = dict(counts)
    state.reactions = dict(mine)


def _accounts_query(ids: list[int], viewer_id: int | None) -> QuerySet[Any]:
    live = Post.objects.filter(author_id=OuterRef("pk"), deleted_at__isnull=True).exclude(
        visibility=Visibility.DIRECT
    )
    rows: QuerySet[Any] = (
        Actor.objects.filter(pk__in=ids)
        .annotate(
            followers=_count(Follow.objects.filter(target_id=OuterRef("pk")), "target_id"),
            following=_count(Follow.objects.filter(follower_id=OuterRef("pk")), "follower_id"),
            statuses=_count(live, "author_id"),
            last=Subquery(
                live.order_by().values("author_id").annotate(m=Max("created_at")).values("m")
            ),
            position_rows=_json_rows(
                Position.objects.filter(actor_id=OuterRef("pk")),
                "actor_id",
                **{name: name for name in POSITION_FIELDS},
            ),
        )
        .values("pk", "followers", "following", "statuses", "last", "position_rows")
    )
    return rows


def _attach_accounts(actors: list[Actor]) -> None:
    """One query: follow counts, statuses count, last status and positions of every author."""
    by_id: dict[int, list[Actor]] = defaultdict(list)
    for actor in actors:
        by_id[actor.id].append(actor)
    if not by_id:
        return
    for row in _compiled_rows("accounts", _accounts_query, list(by_id)):
        positions = sorted(
            _json(row["position_rows"]) or [],
            key=lambda p: (not p["is_current"], p["order"], p["id"]),
        )
        values = (row["followers"], row["following"], row["statuses"], _moment(row["last"]))
        for actor in by_id[row["pk"]]:
            for name, value in zip(COUNT_ATTRIBUTES, values, strict=True):
                setattr(actor, name, value)
            _prefetched(actor, "positions", [Position(actor_id=actor.id, **p) for p in positions])


def load_page_state(page_posts: list[Post], viewer: Actor | None) -> ViewerState:
    """Everything the Status entities and post cards of `page_posts` show, in three queries.

    `page_posts` must have been read with `select_related(*POST_RELATIONS)`.
    """
    shown: dict[int, list[Post]] = defaultdict(list)
    actors: list[Actor] = []
    for post in page_posts:
        shown[post.id].append(post)
        actors.append(post.author)
        if post.reblog_of is not None:
            shown[post.reblog_of.id].append(post.reblog_of)
            actors.append(post.reblog_of.author)
    state = ViewerState()
    if not shown:
        return state
    state.reblogged = _attach_post_extras(shown, viewer)
    _reactions(shown, viewer, state)
    _attach_accounts(actors)
    return state


def _timeline(rows: QuerySet[Post], params: PageParams, viewer: Actor | None) -> Timeline:
    page = paginate(rows.select_related(*POST_RELATIONS), params)
    return Timeline(posts=page.items, state=load_page_state(page.items, viewer), page=page)


def _entries_timeline(
    entries: QuerySet[TimelineEntry], params: PageParams, viewer: Actor
) -> Timeline:
    entry_page = paginate(
        entries.select_related(*(f"post__{name}" for name in POST_RELATIONS)),
        params,
        key="post_id",
    )
    page_posts = [entry.post for entry in entry_page.items]
    page = Page(
        items=page_posts,
        newest_key=entry_page.newest_key,
        oldest_key=entry_page.oldest_key,
        has_older=entry_page.has_older,
    )
    return Timeline(posts=page_posts, state=load_page_state(page_posts, viewer), page=page)


def home_entries(viewer: Actor) -> QuerySet[TimelineEntry]:
    """The viewer's timeline entries still worth showing (see the module's note)."""
    still_in_circle = Exists(
        CircleMember.objects.filter(circle_id=OuterRef("post__circle_id"), actor=viewer)
    )
    mentioned = Exists(Mention.objects.filter(post_id=OuterRef("post_id"), actor=viewer))
    return TimelineEntry.objects.filter(
        Q(owner=viewer),
        Q(post__deleted_at__isnull=True),
        Q(post__author__deleted_at__isnull=True),
        Q(post__reblog_of__isnull=True) | Q(post__reblog_of__deleted_at__isnull=True),
        ~Q(post__visibility=Visibility.CIRCLE)
        | Q(post__author=viewer)
        | Q(still_in_circle)
        | Q(mentioned),
    )


def home_feed(
    viewer: Actor,
    *,
    max_id: int | None = None,
    since_id: int | None = None,
    min_id: int | None = None,
    limit: int = 20,
) -> Timeline:
    """A page of the viewer's home feed, newest first: four queries, whatever it holds."""
    params = PageParams(max_id=max_id, since_id=since_id, min_id=min_id, limit=limit)
    return _entries_timeline(home_entries(viewer), params, viewer)


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
) -> Timeline:
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
    return _timeline(_hide_blocked_and_muted(rows, viewer), params, viewer)


def hashtag_feed(viewer: Actor | None, name: str, params: PageParams) -> Timeline:
    """Public posts tagged `name`, newest first (unlisted ones stay out)."""
    rows = posts.list_hashtag_posts_for(None, name).prefetch_related(None)
    return _timeline(_hide_blocked_and_muted(rows, viewer), params, viewer)


def circle_feed(owner: Actor, circle_id: int, params: PageParams) -> Timeline:
    """The owner's home feed narrowed to the members of their circle (Mastodon's list
    timeline); Http404 when the circle is not theirs. Five queries."""
    circle: Circle = get_circle_for(owner, circle_id)
    members = CircleMember.objects.filter(circle=circle).values("actor_id")
    entries = home_entries(owner).filter(post__author_id__in=members)
    return _entries_timeline(entries, params, owner)
