"""Reads of posts, with THE audience rule in one place (`audience_q` / `visible_to`).

Who sees a post:
- its author, always;
- nobody on either side of a block with the author (or with a boosted post's author);
- `public` and `unlisted`: everyone, signed in or not (unlisted stays out of public listings);
- `connections`: the author's accepted connections, plus the accounts it mentions (like
  Mastodon's followers-only posts, which reach their mentioned accounts too);
- `circle`: the members of the circle at read time, plus the accounts it mentions;
- `direct`: the mentioned accounts only;
- deleted posts: nobody (a thread shows a tombstone in their place to those who could see them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Aggregate, CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.http import Http404

from candela.accounts.models import User
from candela.core.compiled import compiled_rows
from candela.graph import selectors as graph
from candela.graph.models import CircleMember
from candela.posts.models import (
    Hashtag,
    MediaAttachment,
    Mention,
    Post,
    PostEdit,
    Reaction,
    ReactionKind,
    Visibility,
)
from candela.profiles.models import Actor

OPEN_VISIBILITIES = (Visibility.PUBLIC, Visibility.UNLISTED)
LIMITED_VISIBILITIES = (Visibility.CONNECTIONS, Visibility.CIRCLE, Visibility.DIRECT)
MAX_ID_DIGITS = 19


def viewer_of(user: User | AnonymousUser) -> Actor | None:
    """The actor a signed-in person acts as; None for an anonymous visitor."""
    if isinstance(user, User) and user.is_authenticated:
        return user.actor
    return None


def parse_id(value: object) -> int | None:
    """A positive 64-bit id from a URL or a form, or None for anything malformed."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > MAX_ID_DIGITS:
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None


def audience_q(viewer: Actor | None) -> Q:
    """Posts whose audience includes `viewer`, deleted or not (threads show tombstones)."""
    active_author = Q(author__deleted_at__isnull=True) & (
        Q(author__user__isnull=True) | Q(author__user__is_active=True)
    )
    boosted_alive = Q(reblog_of__isnull=True) | Q(reblog_of__deleted_at__isnull=True)
    open_posts = Q(visibility__in=OPEN_VISIBILITIES)
    if viewer is None:
        return open_posts & active_author & boosted_alive
    blocked = graph.blocked_ids(viewer)
    # The only graph read not behind a graph selector: circle membership must be checked
    # per post at read time, inside the query (a subquery on the membership table).
    in_circle = Exists(CircleMember.objects.filter(circle_id=OuterRef("circle_id"), actor=viewer))
    mentioned = Exists(Mention.objects.filter(post_id=OuterRef("pk"), actor=viewer))
    audience = (
        Q(author=viewer)
        | open_posts
        | Q(visibility=Visibility.CONNECTIONS, author_id__in=graph.connection_ids(viewer))
        | (Q(visibility=Visibility.CIRCLE) & Q(in_circle))
        | (
            Q(visibility__in=[Visibility.CONNECTIONS, Visibility.CIRCLE, Visibility.DIRECT])
            & Q(mentioned)
        )
    )
    rule = audience & active_author & boosted_alive
    if blocked:
        rule &= ~Q(author_id__in=blocked) & ~Q(reblog_of__author_id__in=blocked)
    return rule


def visible_to(posts: QuerySet[Post], viewer: Actor | None) -> QuerySet[Post]:
    """`posts` narrowed to those `viewer` (None: anonymous) may see; never deleted ones."""
    return posts.filter(audience_q(viewer), deleted_at__isnull=True)


def audience_among(
    post_id: int,
    candidates: Iterable[int | None],
    *,
    hide_muted: bool = False,
) -> set[int | None]:
    """Which of `candidates` (actor ids; None: an anonymous reader) may see the post now: the
    rule of this module's note, the one `audience_q` applies, answered for many readers at once
    in a few queries whatever their number (for live events: one check per event, not one per
    open connection). `hide_muted`: also leave out those muting its authors, as timelines do."""
    wanted = set(candidates)
    row = (
        Post.objects.filter(pk=post_id)
        .values(
            "author_id",
            "visibility",
            "circle_id",
            "deleted_at",
            "author__deleted_at",
            "author__user__is_active",
            "reblog_of__author_id",
            "reblog_of__deleted_at",
        )
        .first()
    )
    if row is None or not wanted:
        return set()
    author_gone = row["author__deleted_at"] is not None or row["author__user__is_active"] is False
    post_gone = row["deleted_at"] is not None or row["reblog_of__deleted_at"] is not None
    if author_gone or post_gone:
        return set()
    author_id = row["author_id"]
    readers = wanted
    if row["visibility"] not in OPEN_VISIBILITIES:
        mentioned = Mention.objects.filter(post_id=post_id).values_list("actor_id", flat=True)
        allowed = {author_id, *mentioned}
        if row["visibility"] == Visibility.CONNECTIONS:
            allowed |= graph.connection_ids(Actor(id=author_id))
        elif row["visibility"] == Visibility.CIRCLE and row["circle_id"] is not None:
            allowed |= graph.circle_member_ids(row["circle_id"])
        readers = wanted & allowed
    for shown_author in {author_id, row["reblog_of__author_id"]} - {None}:
        shunned = graph.blocked_ids(Actor(id=shown_author))
        if hide_muted:
            shunned |= graph.muter_ids(Actor(id=shown_author))
        readers = readers - shunned
    return readers


def with_related(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Everything a post card or a Status entity shows, in a fixed number of queries."""
    return posts.select_related(
        "author", "reblog_of", "reblog_of__author", "circle"
    ).prefetch_related(
        "author__positions",
        "media",
        "mentions__actor",
        "hashtags",
        "reblog_of__author__positions",
        "reblog_of__media",
        "reblog_of__mentions__actor",
        "reblog_of__hashtags",
    )


def posts_by_id(ids: Iterable[int]) -> dict[int, Post]:
    """Posts by id, with what their rendering shows, for ids a selector above has already
    chosen for a viewer (a cache of rendered posts fills its gaps with them)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = Post.objects.filter(pk__in=wanted).select_related("author")
    rows = rows.prefetch_related("author__positions", "media", "mentions__actor", "hashtags")
    return {post.id: post for post in rows}


def get_post_for(viewer: Actor | None, post_id: object) -> Post:
    """The post, or Http404 whether it is missing, deleted, malformed or hidden from `viewer`."""
    number = parse_id(post_id)
    if number is None:
        raise Http404(str(post_id))
    try:
        return with_related(visible_to(Post.objects.all(), viewer)).get(pk=number)
    except Post.DoesNotExist as missing:
        raise Http404(str(post_id)) from missing


def get_own_post(author: Actor, post_id: object) -> Post:
    """The author's own live post, or Http404: what edit and delete act on."""
    number = parse_id(post_id)
    if number is None:
        raise Http404(str(post_id))
    try:
        return with_related(Post.objects.filter(author=author, deleted_at__isnull=True)).get(
            pk=number
        )
    except Post.DoesNotExist as missing:
        raise Http404(str(post_id)) from missing


@dataclass
class ThreadNode:
    post: Post
    children: list[ThreadNode] = field(default_factory=list)

    @property
    def is_tombstone(self) -> bool:
        return self.post.is_deleted


@dataclass
class Thread:
    """A post with its visible ancestors (oldest first) and its visible replies, nested."""

    post: Post
    ancestors: list[Post]
    replies: list[ThreadNode]

    def descendants(self, *, include_tombstones: bool = False) -> list[Post]:
        """The replies depth-first, as Mastodon's Context lists them."""
        flat: list[Post] = []

        def walk(nodes: list[ThreadNode]) -> None:
            for node in nodes:
                if include_tombstones or not node.is_tombstone:
                    flat.append(node.post)
                walk(node.children)

        walk(self.replies)
        return flat

    def all_posts(self) -> list[Post]:
        return [self.post, *self.ancestors, *self.descendants(include_tombstones=True)]


def thread_for(viewer: Actor | None, post: Post) -> Thread:
    """The thread around `post` as `viewer` may see it: a reply hidden from the viewer hides its
    whole subtree; a deleted one the viewer could see stays as a tombstone. Four queries plus
    the prefetches, whatever the thread's size."""
    root_id = post.thread_root_id or post.id
    in_thread = Q(pk=root_id) | Q(thread_root_id=root_id)
    parents: dict[int, int | None] = dict(
        Post.objects.filter(in_thread).values_list("id", "in_reply_to_id")
    )
    visible = {
        p.id: p
        for p in with_related(
            Post.objects.filter(in_thread).filter(audience_q(viewer)).exclude(pk=post.pk)
        )
    }
    ancestors: list[Post] = []
    parent_id = parents.get(post.id)
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        if (ancestor := visible.get(parent_id)) is not None:
            ancestors.append(ancestor)
        parent_id = parents.get(parent_id)
    ancestors.reverse()
    children: dict[int, list[int]] = defaultdict(list)
    for child_id, parent in sorted(parents.items()):
        if parent is not None:
            children[parent].append(child_id)

    def subtree(parent_id: int, depth: int) -> list[ThreadNode]:
        nodes = []
        for child_id in children.get(parent_id, []):
            child = visible.get(child_id)
            if child is None or depth > 200:
                continue
            node = ThreadNode(child, subtree(child_id, depth + 1))
            # A tombstone with nothing visible under it tells the viewer nothing.
            if child.is_deleted and not node.children:
                continue
            nodes.append(node)
        return nodes

    return Thread(post=post, ancestors=ancestors, replies=subtree(post.id, 0))


def list_posts_by_for(
    viewer: Actor | None,
    author: Actor,
    *,
    exclude_replies: bool = False,
    exclude_reblogs: bool = False,
    only_media: bool = False,
) -> QuerySet[Post]:
    """An account's posts and boosts that `viewer` may see, newest first (a profile timeline).

    `exclude_replies` keeps the author's replies to themselves (threads), as Mastodon does.
    """
    posts = visible_to(Post.objects.filter(author=author), viewer)
    if exclude_replies:
        posts = posts.filter(Q(in_reply_to_id__isnull=True) | Q(in_reply_to_account=author))
    if exclude_reblogs:
        posts = posts.filter(reblog_of__isnull=True)
    if only_media:
        posts = posts.filter(Exists(MediaAttachment.objects.filter(post_id=OuterRef("pk"))))
    return with_related(posts).order_by("-id")


def get_hashtag(name: str) -> Hashtag:
    """The hashtag, or Http404."""
    tag = Hashtag.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
    if tag is None:
        raise Http404(name)
    return tag


def list_hashtag_posts_for(viewer: Actor | None, name: str) -> QuerySet[Post]:
    """Public posts tagged `name` that `viewer` may see, newest first (unlisted stay out)."""
    tags = Hashtag.objects.annotate(lower=Lower("name")).filter(lower=name.lower())
    posts = visible_to(
        Post.objects.filter(
            visibility=Visibility.PUBLIC, reblog_of__isnull=True, hashtags__in=tags
        ),
        viewer,
    )
    return with_related(posts).order_by("-id")


def list_favourited_by_for(viewer: Actor | None, post: Post) -> QuerySet[Reaction]:
    """Favourites of a post the viewer may see, newest first, blocked accounts left out."""
    reactions = Reaction.objects.filter(post=post, kind=ReactionKind.FAVOURITE)
    if viewer is not None and (blocked := graph.blocked_ids(viewer)):
        reactions = reactions.exclude(actor_id__in=blocked)
    return reactions.select_related("actor").prefetch_related("actor__positions").order_by("-id")


def list_reblogged_by_for(viewer: Actor | None, post: Post) -> QuerySet[Post]:
    """Live boosts of a post the viewer may see, newest first, blocked accounts left out."""
    boosts = Post.objects.filter(reblog_of=post, deleted_at__isnull=True)
    if viewer is not None and (blocked := graph.blocked_ids(viewer)):
        boosts = boosts.exclude(author_id__in=blocked)
    return boosts.select_related("author").prefetch_related("author__positions").order_by("-id")


def list_favourites_for(viewer: Actor) -> QuerySet[Reaction]:
    """The viewer's favourites of posts they may still see, newest favourite first."""
    visible = visible_to(Post.objects.all(), viewer)
    return (
        Reaction.objects.filter(actor=viewer, kind=ReactionKind.FAVOURITE, post__in=visible)
        .select_related("post")
        .order_by("-id")
    )


def list_edits(post: Post) -> list[PostEdit]:
    return list(post.edits.all())


NO_REACTIONS: frozenset[str] = frozenset()


class _JoinedKinds(Aggregate):
    """Reaction kinds joined by commas (no kind holds one): PostgreSQL's STRING_AGG, SQLite's
    GROUP_CONCAT (Django 6 has a StringAgg for both)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def viewer_reactions(post_id: OuterRef, viewer: int) -> Subquery:
    """The kinds of the viewer's reactions to the post `post_id` refers to, comma-separated
    (NULL for none): a subquery, so that a page's query brings them along."""
    mine = Reaction.objects.filter(post_id=post_id, actor_id=viewer).order_by()
    return Subquery(mine.values("post_id").annotate(kinds=_JoinedKinds("kind")).values("kinds"))


def viewer_boosted(post_id: OuterRef, viewer: int) -> Exists:
    """Whether the viewer has a live boost of the post `post_id` refers to: a subquery."""
    return Exists(
        Post.objects.filter(reblog_of_id=post_id, author_id=viewer, deleted_at__isnull=True)
    )


def reaction_kinds(joined: str | None) -> frozenset[str]:
    """The kinds of reaction a `viewer_reactions` value holds."""
    return frozenset(joined.split(",")) if joined else NO_REACTIONS


@dataclass
class ViewerState:
    """The viewer's own reactions and boosts, for a page of posts (the counts are the posts')."""

    reactions: dict[int, frozenset[str]] = field(default_factory=dict)
    reblogged: set[int] = field(default_factory=set)

    def kinds_of(self, post: Post) -> frozenset[str]:
        return self.reactions.get(post.id, NO_REACTIONS)

    def has_reblogged(self, post: Post) -> bool:
        return post.id in self.reblogged


def _viewer_state_query(ids: list[int], viewer: int) -> QuerySet[Any]:
    return Post.objects.filter(pk__in=ids).values(
        "id",
        viewer_reactions=viewer_reactions(OuterRef("pk"), viewer),
        viewer_boosted=viewer_boosted(OuterRef("pk"), viewer),
    )


def viewer_state_for_ids(viewer: Actor | None, ids: Iterable[int]) -> ViewerState:
    """The viewer's own reactions to the posts `ids` and boosts of them: one query, whatever
    their number; none for an anonymous viewer."""
    state = ViewerState()
    wanted = sorted(set(ids))
    if viewer is None or not wanted:
        return state
    for row in compiled_rows("viewer_state", _viewer_state_query, ids=wanted, viewer=viewer.id):
        if row["viewer_reactions"]:
            state.reactions[row["id"]] = reaction_kinds(row["viewer_reactions"])
        if row["viewer_boosted"]:
            state.reblogged.add(row["id"])
    return state


def viewer_state_for(viewer: Actor | None, posts: Iterable[Post]) -> ViewerState:
    """`viewer_state_for_ids` for `posts` and the posts they boost."""
    ids: set[int] = set()
    for post in posts:
        ids.add(post.id)
        if post.reblog_of_id is not None:
            ids.add(post.reblog_of_id)
    return viewer_state_for_ids(viewer, ids)


@dataclass(frozen=True, slots=True)
class AccountNumbers:
    """What an Account shows that changes without its profile changing, and the profile's
    version (`updated_at`), which keys its rendering in a cache."""

    id: int
    version: datetime
    followers_count: int
    following_count: int
    statuses_count: int
    last_status_at: datetime | None

    @classmethod
    def of(cls, actor: Actor) -> AccountNumbers:
        stats = actor.stats
        return cls(
            actor.id,
            actor.updated_at,
            stats.followers_count,
            stats.following_count,
            stats.statuses_count,
            stats.last_status_at,
        )


@dataclass(frozen=True, slots=True)
class PostNumbers:
    """What a Status shows that changes without an edit (its counts, its author's, the
    reader's own reactions and boost), and the post's version (`changed_at`, None until it
    changes), which keys its rendering in a cache."""

    id: int
    version: datetime | None
    author: AccountNumbers
    replies_count: int
    reblogs_count: int
    favourites_count: int
    # The count of each emoji reaction (`Post.reaction_counts`).
    reaction_counts: dict[str, int]
    # The reader's own reactions (favourite included) and boost.
    viewer_reactions: frozenset[str]
    is_reblogged: bool
    reblog: PostNumbers | None

    @classmethod
    def of(cls, post: Post, state: ViewerState) -> PostNumbers:
        return cls(
            post.id,
            post.changed_at,
            AccountNumbers.of(post.author),
            post.replies_count,
            post.reblogs_count,
            post.favourites_count,
            post.reaction_counts(),
            state.kinds_of(post),
            state.has_reblogged(post),
            cls.of(post.reblog_of, state) if post.reblog_of is not None else None,
        )
