"""Reads of a person's notifications, their e-mail settings and their read markers.

A notification about a post is listed only while its recipient may still see that post (the
audience rule of `candela.posts.selectors`, applied inside the list query) and while the person
who caused it still has a live account.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from candela.notifications.models import (
    DEFAULT_EMAIL_KINDS,
    Marker,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from candela.posts import selectors as posts
from candela.posts.models import Post
from candela.profiles.models import Actor

# The web page's tabs: each shows a group of kinds.
FILTERS: dict[str, tuple[str, ...]] = {
    "mentions": (NotificationKind.MENTION, NotificationKind.REPLY),
    "follows": (
        NotificationKind.FOLLOW,
        NotificationKind.FOLLOW_REQUEST,
        NotificationKind.CONNECTION_REQUEST,
        NotificationKind.CONNECTION_ACCEPTED,
    ),
    "reactions": (
        NotificationKind.FAVOURITE,
        NotificationKind.REACTION,
        NotificationKind.REBLOG,
    ),
}


def _narrowed(
    rows: QuerySet[Notification],
    kinds: Iterable[str] | None,
    exclude_kinds: Iterable[str] | None,
    from_actor_id: int | None,
) -> QuerySet[Notification]:
    """Only `kinds`, without `exclude_kinds`, only those caused by one account (None: all)."""
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    if exclude_kinds is not None:
        rows = rows.exclude(kind__in=list(exclude_kinds))
    if from_actor_id is not None:
        rows = rows.filter(from_actor_id=from_actor_id)
    return rows


def list_notifications_for(
    recipient: Actor,
    *,
    kinds: Iterable[str] | None = None,
    exclude_kinds: Iterable[str] | None = None,
    from_actor_id: int | None = None,
) -> QuerySet[Notification]:
    """`recipient`'s notifications, newest first, optionally only of `kinds`, without
    `exclude_kinds`, or only those caused by one account. One query per page, whatever it holds
    (the audience rule runs inside it as a subquery)."""
    rows = _narrowed(
        Notification.objects.filter(recipient=recipient, from_actor__deleted_at__isnull=True),
        kinds,
        exclude_kinds,
        from_actor_id,
    )
    # A correlated EXISTS on the post's primary key: the page's few rows are each checked by
    # an index lookup, where `IN (visible posts)` could make the database list them all.
    visible = Exists(posts.visible_to(Post.objects.filter(pk=OuterRef("post_id")), recipient))
    rows = rows.filter(Q(post__isnull=True) | Q(visible))
    return rows.select_related(
        "from_actor", "post", "post__author", "post__reblog_of", "post__reblog_of__author"
    ).order_by("-id")


def get_notification_for(recipient: Actor, notification_id: object) -> Notification:
    """One of `recipient`'s notifications, or Http404 (someone else's, missing or malformed)."""
    number = posts.parse_id(notification_id)
    if number is None:
        raise Http404(str(notification_id))
    try:
        return list_notifications_for(recipient).get(pk=number)
    except Notification.DoesNotExist as missing:
        raise Http404(str(notification_id)) from missing


def unread_count_for(
    recipient: Actor,
    *,
    kinds: Iterable[str] | None = None,
    exclude_kinds: Iterable[str] | None = None,
    from_actor_id: int | None = None,
    limit: int | None = None,
) -> int:
    """How many of `recipient`'s notifications are unread (at most `limit`): one COUNT over a
    partial index. Cheap on purpose, for every page's badge: rows are removed when their post
    is deleted or a block comes between, rather than filtered here."""
    rows = _narrowed(
        Notification.objects.filter(recipient=recipient, read_at__isnull=True),
        kinds,
        exclude_kinds,
        from_actor_id,
    )
    if limit is not None:
        # COUNT over a LIMITed subquery: a capped count stops early.
        return rows.values("id")[:limit].count()
    return rows.count()


def email_kinds_for(actor: Actor) -> frozenset[str]:
    """The kinds of notification `actor` also wants by e-mail."""
    row = NotificationSettings.objects.filter(actor=actor).first()
    if row is None:
        return frozenset(DEFAULT_EMAIL_KINDS)
    return frozenset(str(kind) for kind in row.email_kinds)


def markers_for(actor: Actor, timelines: Iterable[str]) -> dict[str, Marker]:
    """`actor`'s saved markers among `timelines` (unknown names are ignored)."""
    wanted = [name for name in timelines if name in Marker.Timeline.values]
    return {m.timeline: m for m in Marker.objects.filter(actor=actor, timeline__in=wanted)}


def target_posts(notifications: Iterable[Notification]) -> dict[int, Post]:
    """The posts these notifications are about (the boosted post for a boost), loaded with
    everything a post card or a Status shows, by id: a fixed number of queries."""
    ids = {n.target_post.id for n in notifications if n.target_post is not None}
    if not ids:
        return {}
    return {p.id: p for p in posts.with_related(Post.objects.filter(id__in=ids))}
