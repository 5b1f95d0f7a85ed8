"""The only writers of home timelines: fan-out of a published post, removal of entries when
a post, a follow, a block or a mute goes away, and trimming to the configured length.

Called by `candela.feed.tasks`, never on the request path. Who receives a post is decided
here, once, by the same audience rule `candela.posts.selectors` applies at read time,
restricted to followers:

- the author always (their own posts and boosts are in their home feed);
- `public`, `unlisted`: every follower;
- `connections`: followers who are accepted connections, and followers it mentions;
- `circle`: followers who are members of the circle, and followers it mentions;
- `direct`: followers it mentions (Mastodon's choice: a direct post reaches the home feed of
  the mentioned accounts that follow the author; the others find it in their mentions);
- a reply reaches a follower only when it answers the author themself, the follower, or an
  account the follower follows too (Mastodon's rule: no half conversations);
- a boost reaches the booster's followers who show their boosts, who can see the boosted
  post, are not its author and do not have it (or a boost of it) in their feed already;
- never someone on either side of a block with the author (or the boosted post's author),
  nor someone muting them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Mod
from django.utils import timezone

from candela.core import realtime
from candela.feed.models import TimelineEntry
from candela.graph.models import Block, CircleMember, Connection, Follow, Mute
from candela.posts import selectors as posts
from candela.posts.models import Mention, Post, Visibility
from candela.profiles.models import Actor

# Owners whose feeds one DELETE statement trims. PostgreSQL overestimates the rows of the
# OR-ed (owner, cutoff) pairs about fifteenfold: at 200 a statement's estimated cost passed
# jit_above_cost and took ~100 ms of JIT compilation for 3 ms of work; at 50 it stays under.
TRIM_BATCH = 50
# How many of a newly followed account's latest posts join the follower's home feed.
BACKFILL_POSTS = 40


def _blocked_either_way(actor_id: int) -> Q:
    """Follow rows whose follower and `actor_id` are on either side of a block."""
    return Q(
        Exists(Block.objects.filter(blocker_id=OuterRef("follower_id"), target_id=actor_id))
    ) | Q(Exists(Block.objects.filter(blocker_id=actor_id, target_id=OuterRef("follower_id"))))


def _muting(actor_id: int) -> Q:
    now = timezone.now()
    return Q(
        Exists(
            Mute.objects.filter(muter_id=OuterRef("follower_id"), target_id=actor_id).filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=now)
            )
        )
    )


def _mentioned(post_id: int) -> Q:
    return Q(Exists(Mention.objects.filter(post_id=post_id, actor_id=OuterRef("follower_id"))))


def _connected(author_id: int) -> Q:
    pair = Q(requester_id=author_id, recipient_id=OuterRef("follower_id")) | Q(
        recipient_id=author_id, requester_id=OuterRef("follower_id")
    )
    return Q(Exists(Connection.objects.filter(pair, state=Connection.State.CONNECTED)))


def recipient_follows(post: Post) -> QuerySet[Follow]:
    """The Follow rows whose followers get `post` in their home feed (the author excepted)."""
    author_id = post.author_id
    follows = Follow.objects.filter(target_id=author_id).exclude(_blocked_either_way(author_id))
    follows = follows.exclude(_muting(author_id))
    shown = post.reblog_of
    if shown is not None:
        if shown.deleted_at is not None or shown.visibility not in posts.OPEN_VISIBILITIES:
            return follows.none()
        follows = follows.filter(show_boosts=True).exclude(follower_id=shown.author_id)
        follows = follows.exclude(_blocked_either_way(shown.author_id))
        # Once in a feed is enough: not to those whose feed holds the post or a boost of it.
        shown_as = Post.objects.filter(Q(pk=shown.id) | Q(reblog_of_id=shown.id)).values("id")
        in_feed = TimelineEntry.objects.filter(
            owner_id=OuterRef("follower_id"), post_id__in=shown_as
        )
        return follows.exclude(_muting(shown.author_id)).exclude(Exists(in_feed))
    if post.visibility == Visibility.CONNECTIONS:
        follows = follows.filter(_connected(author_id) | _mentioned(post.id))
    elif post.visibility == Visibility.CIRCLE and post.circle_id is not None:
        member = Exists(
            CircleMember.objects.filter(circle_id=post.circle_id, actor_id=OuterRef("follower_id"))
        )
        follows = follows.filter(Q(member) | _mentioned(post.id))
    elif post.visibility in (Visibility.CIRCLE, Visibility.DIRECT):
        # A direct post, or a circle post whose circle was deleted: the mentioned only.
        follows = follows.filter(_mentioned(post.id))
    replied_to = post.in_reply_to_account_id
    if replied_to is not None and replied_to != author_id:
        follows = follows.filter(
            Q(follower_id=replied_to)
            | Q(
                Exists(
                    Follow.objects.filter(follower_id=OuterRef("follower_id"), target_id=replied_to)
                )
            )
        )
    return follows


def fan_out_post(post_id: int) -> int:
    """Inserts `post_id` into the home feed of its author and of every follower allowed to see
    it, in one transaction; returns how many entries were written. Trimming those feeds is
    `trim_after_fan_out`'s job, queued by the task once the entries are in. A missing or deleted
    post writes nothing. Safe to run twice."""
    post = Post.objects.select_related("reblog_of").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return 0
    # BigIntegerField: with server-side binding a bare Value(int) is sent as int4, which
    # silently wraps a snowflake id.
    post_value = Value(post.id, output_field=BigIntegerField())
    selection = recipient_follows(post).values_list("follower_id", post_value)
    sql, params = selection.query.sql_with_params()
    table = TimelineEntry._meta.db_table
    owns_transaction = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and owns_transaction:
            # Entries are derived data, rebuilt by the next fan-out or backfill: losing the
            # last ones in a crash is acceptable, waiting for the WAL flush at commit is not.
            # Only when this is our own transaction: a caller's writes keep their durability.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        TimelineEntry.objects.bulk_create(
            [TimelineEntry(owner_id=post.author_id, post_id=post.id)], ignore_conflicts=True
        )
        # One INSERT … SELECT: the followers never travel to Python, so a post by an account
        # with 10,000 followers is one statement (see bench/README.md for the figures).
        insert = f"INSERT INTO {table} (owner_id, post_id) {sql}"
        # The rows are read inside each statement's savepoint: SQLite inserts a RETURNING
        # statement's rows only as they are read.
        try:
            # First without ON CONFLICT, whose speculative insertion descends the primary key
            # twice per row: a quarter of the statement's time on PostgreSQL.
            with transaction.atomic():
                cursor.execute(f"{insert} RETURNING owner_id", params)
                written = cursor.fetchall()
        except IntegrityError:
            # Some entries exist: a second run, or a new follower's backfill came first.
            cursor.execute(f"{insert} ON CONFLICT DO NOTHING RETURNING owner_id", params)
            written = cursor.fetchall()
        owners = [post.author_id, *(owner_id for (owner_id,) in written)]
    # Each reader's open `user` streams hear of it (one Redis round trip for all of them).
    realtime.publish((f"timeline:{owner_id}" for owner_id in owners), "update", post_id=post.id)
    return len(owners)


def trim_after_fan_out(post_id: int) -> None:
    """Trims the feeds `post_id`'s fan-out wrote to: its author's, and about one in
    CANDELA_HOME_TIMELINE_TRIM_EVERY of its recipients', chosen by id, so that each feed is
    trimmed every so many posts it receives, holds at most a little more than its length, and
    no fan-out pays for every recipient. A missing post trims nothing."""
    author_id = Post.objects.filter(pk=post_id).values_list("author_id", flat=True).first()
    if author_id is None:
        return
    every = settings.CANDELA_HOME_TIMELINE_TRIM_EVERY
    owners = TimelineEntry.objects.filter(post_id=post_id).exclude(owner_id=author_id)
    if every > 1:
        owners = owners.annotate(turn=Mod(F("owner_id") + post_id, every)).filter(turn=0)
    trim_home_timelines([author_id, *owners.values_list("owner_id", flat=True)])


def trim_home_timelines(owner_ids: list[int]) -> None:
    """Keeps the newest CANDELA_HOME_TIMELINE_LENGTH entries of each owner's feed: one query
    finds each owner's first entry past the length, one delete per batch of owners drops it and
    everything older."""
    length = settings.CANDELA_HOME_TIMELINE_LENGTH
    first_dropped = Subquery(
        TimelineEntry.objects.filter(owner_id=OuterRef("pk"))
        .order_by("-post_id")
        .values("post_id")[length : length + 1]
    )
    # Feeds not past their length are skipped here rather than by `cutoff__isnull=False` in
    # SQL, which makes PostgreSQL run the subquery twice per owner (it reads `length` entries).
    cutoffs = [
        (owner_id, cutoff)
        for owner_id, cutoff in Actor.objects.filter(pk__in=owner_ids)
        .annotate(cutoff=first_dropped)
        .values_list("pk", "cutoff")
        if cutoff is not None
    ]
    for start in range(0, len(cutoffs), TRIM_BATCH):
        older = Q()
        for owner_id, cutoff in cutoffs[start : start + TRIM_BATCH]:
            older |= Q(owner_id=owner_id, post_id__lte=cutoff)
        TimelineEntry.objects.filter(older).delete()


def remove_post(post_id: int, author_id: int | None = None) -> None:
    """Removes a deleted post, and the boosts of it, from every home feed, and tells the open
    `user` streams of those feeds' owners (when the author is known)."""
    entries = TimelineEntry.objects.filter(
        Q(post_id=post_id) | Q(post_id__in=Post.objects.filter(reblog_of_id=post_id).values("id"))
    )
    with transaction.atomic():
        if author_id is not None:
            owners = entries.filter(post_id=post_id).values_list("owner_id", flat=True)
            channels = [f"timeline:{owner_id}" for owner_id in owners]
            realtime.publish(channels, "delete", post_id=post_id, author_id=author_id)
        entries.delete()


def announce_edit(post_id: int) -> None:
    """Tells the open `user` streams of the feeds showing `post_id` that it was edited."""
    owners = TimelineEntry.objects.filter(post_id=post_id).values_list("owner_id", flat=True)
    realtime.publish(
        (f"timeline:{owner_id}" for owner_id in owners), "status.update", post_id=post_id
    )


def _of_author(author_id: int) -> Q:
    """Entries showing `author_id`'s posts: their own posts and boosts, and boosts of them."""
    return Q(post__author_id=author_id) | Q(post__reblog_of__author_id=author_id)


def remove_author_from_home(owner_id: int, author_id: int) -> None:
    """After a mute (and, both ways, a block): `author_id`'s posts and boosts, and anyone's
    boosts of their posts, leave `owner_id`'s home feed."""
    TimelineEntry.objects.filter(owner_id=owner_id).filter(_of_author(author_id)).delete()


def remove_followed_posts(follower_id: int, target_id: int) -> None:
    """After an unfollow: the target's own posts and boosts leave the follower's home feed;
    boosts of the target's posts by accounts still followed stay."""
    TimelineEntry.objects.filter(owner_id=follower_id, post__author_id=target_id).delete()


def remove_blocked(blocker_id: int, target_id: int) -> None:
    """After a block: neither side keeps the other's posts, or boosts of them."""
    with transaction.atomic():
        remove_author_from_home(blocker_id, target_id)
        remove_author_from_home(target_id, blocker_id)


def backfill_followed_posts(follower_id: int, target_id: int) -> None:
    """After a follow: the target's latest posts the follower may see join their home feed."""
    from_ids = Follow.objects.filter(follower_id=follower_id, target_id=target_id)
    follow = from_ids.select_related("follower").first()
    if follow is None:
        return
    visible = posts.visible_to(Post.objects.filter(author_id=target_id), follow.follower)
    if not follow.show_boosts:
        visible = visible.filter(reblog_of__isnull=True)
    # As in the fan-out: no boost of a post the feed already shows, or shows a boost of.
    in_feed = TimelineEntry.objects.filter(owner_id=follower_id).values("post_id")
    shown = (
        Post.objects.filter(pk__in=in_feed)
        .annotate(shown_id=Coalesce("reblog_of_id", "id"))
        .values("shown_id")
    )
    visible = visible.exclude(reblog_of_id__in=shown)
    visible = visible.filter(
        Q(in_reply_to_account__isnull=True) | Q(in_reply_to_account_id__in=[target_id, follower_id])
    )
    latest = visible.order_by("-id").values_list("id", flat=True)[:BACKFILL_POSTS]
    TimelineEntry.objects.bulk_create(
        [TimelineEntry(owner_id=follower_id, post_id=post_id) for post_id in latest],
        ignore_conflicts=True,
    )
    trim_home_timelines([follower_id])
