"""Writes to notifications: creating them from what happened in the graph and in posts (called
by the tasks in `candela.notifications.tasks`), marking them read, dismissing them, the e-mail
sent for one still unread after a while, e-mail settings and read markers.

Nobody is notified of their own actions, by an account on either side of a block with them, by
an account they muted with `hide_notifications`, or about a post they may not see. The same
event never yields two rows (see `Notification`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candela.core import realtime
from candela.core.tasks import send_email
from candela.graph import selectors as graph
from candela.graph.models import Connection, Mute
from candela.notifications import selectors, tasks
from candela.notifications.models import (
    Marker,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from candela.posts import selectors as posts
from candela.posts.models import Mention, Post, ReactionKind
from candela.profiles.models import Actor

# How long a notification may stay unread before its e-mail goes out.
EMAIL_DELAY = timedelta(minutes=15)


# Creation


def _hides_notifications_from(recipient: Actor, actor: Actor) -> bool:
    return (
        Mute.objects.filter(muter=recipient, target=actor, hide_notifications=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .exists()
    )


def _may_notify(recipient: Actor, actor: Actor, post: Post | None) -> bool:
    if recipient.id == actor.id or not recipient.local or recipient.is_deleted:
        return False
    if actor.is_deleted or actor.id in graph.blocked_ids(recipient):
        return False
    if _hides_notifications_from(recipient, actor):
        return False
    return post is None or posts.visible_to(Post.objects.filter(pk=post.pk), recipient).exists()


def _notify(
    recipient: Actor,
    *,
    kind: NotificationKind,
    actor: Actor,
    post: Post | None = None,
    connection: Connection | None = None,
    reaction: str = "",
) -> Notification | None:
    """The notification, created unless the rules above forbid it (None) or it exists already
    (the existing row, left as it was)."""
    if not _may_notify(recipient, actor, post):
        return None
    lookup = {
        "recipient": recipient,
        "kind": kind,
        "from_actor": actor,
        "post": post,
        "reaction": reaction,
    }
    existing = Notification.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: the same event handled twice at once meets the unique constraint, and
        # the loser keeps the winner's row.
        with transaction.atomic():
            notification = Notification.objects.create(**lookup, connection=connection)
    except IntegrityError:
        return Notification.objects.filter(**lookup).first()
    if kind in selectors.email_kinds_for(recipient):
        _schedule_email(notification)
    realtime.publish(
        [f"timeline:{recipient.id}"],
        "notification",
        notification_id=notification.id,
        recipient_id=recipient.id,
    )
    return notification


def _schedule_email(notification: Notification) -> None:
    """Queues the e-mail task for when the delay has passed. Backends that cannot defer a task
    (the immediate backend of the tests) run it at once, and it declines: too early."""
    task = tasks.email_notification
    if task.get_backend().supports_defer:
        task = task.using(run_after=notification.created_at + EMAIL_DELAY)
    transaction.on_commit(lambda: task.enqueue(notification_id=notification.id))


def _actors(*ids: int) -> dict[int, Actor]:
    return {a.id: a for a in Actor.objects.filter(id__in=ids)}


@transaction.atomic
def notify_follow(*, follower_id: int, target_id: int, requested: bool = False) -> None:
    """Tells `target` that they have a new follower (or, `requested`, a follow request). The
    two follows an accepted connection creates are told as `connection_accepted` instead."""
    found = _actors(follower_id, target_id)
    if len(found) == 2:
        if not requested and graph.are_connected(found[follower_id], found[target_id]):
            return
        kind = NotificationKind.FOLLOW_REQUEST if requested else NotificationKind.FOLLOW
        _notify(found[target_id], kind=kind, actor=found[follower_id])


@transaction.atomic
def notify_connection(*, connection_id: int, accepted: bool) -> None:
    """Tells the recipient of a connection request about it or, once accepted, the requester."""
    connection = (
        Connection.objects.select_related("requester", "recipient").filter(pk=connection_id).first()
    )
    if connection is None:
        return
    if accepted:
        if connection.is_connected:
            _notify(
                connection.requester,
                kind=NotificationKind.CONNECTION_ACCEPTED,
                actor=connection.recipient,
                connection=connection,
            )
    elif not connection.is_connected:
        _notify(
            connection.recipient,
            kind=NotificationKind.CONNECTION_REQUEST,
            actor=connection.requester,
            connection=connection,
        )


def _live_post(post_id: int) -> Post | None:
    return (
        Post.objects.select_related("author", "reblog_of", "reblog_of__author")
        .filter(pk=post_id, deleted_at__isnull=True)
        .first()
    )


@transaction.atomic
def notify_post_published(*, post_id: int) -> None:
    """Tells the author of the post replied to (`reply`), the accounts mentioned (`mention`) or,
    for a boost, the author of the boosted post (`reblog`). Someone both replied to and
    mentioned gets one notification, a reply."""
    post = _live_post(post_id)
    if post is None:
        return
    if post.reblog_of is not None:
        _notify(post.reblog_of.author, kind=NotificationKind.REBLOG, actor=post.author, post=post)
        return
    replied_to = post.in_reply_to_account_id
    if replied_to is not None:
        parent_author = Actor.objects.filter(pk=replied_to).first()
        if parent_author is not None:
            _notify(parent_author, kind=NotificationKind.REPLY, actor=post.author, post=post)
    _notify_mentions(post, Mention.objects.filter(post=post))


@transaction.atomic
def notify_post_edited(*, post_id: int, mentions_after_id: int = 0) -> None:
    """Tells the accounts an edit newly mentions. Mention rows are kept across edits and ids are
    time-ordered, so the new ones are those above `mentions_after_id`, the id of the version
    row the edit wrote just before them."""
    post = _live_post(post_id)
    if post is None or post.reblog_of_id is not None:
        return
    _notify_mentions(post, Mention.objects.filter(post=post, id__gt=mentions_after_id))


def _notify_mentions(post: Post, mentions: QuerySet[Mention]) -> None:
    """`mention` for each mentioned account, except the one replied to: they have a `reply`."""
    if post.in_reply_to_account_id is not None:
        mentions = mentions.exclude(actor_id=post.in_reply_to_account_id)
    for mention in mentions.select_related("actor"):
        _notify(mention.actor, kind=NotificationKind.MENTION, actor=post.author, post=post)


@transaction.atomic
def notify_reaction(*, post_id: int, actor_id: int, kind: str) -> None:
    """Tells a post's author about a favourite or an emoji reaction."""
    post = _live_post(post_id)
    actor = Actor.objects.filter(pk=actor_id).first()
    if post is None or actor is None:
        return
    if kind == ReactionKind.FAVOURITE:
        _notify(post.author, kind=NotificationKind.FAVOURITE, actor=actor, post=post)
    else:
        _notify(post.author, kind=NotificationKind.REACTION, actor=actor, post=post, reaction=kind)


@transaction.atomic
def remove_for_post(*, post_id: int) -> None:
    """Deletes the notifications about a deleted post (a tombstone keeps its row), about its
    boosts, and replies' notifications stay: they are about the replies."""
    Notification.objects.filter(Q(post_id=post_id) | Q(post__reblog_of_id=post_id)).delete()


@transaction.atomic
def remove_between(*, actor_id: int, other_id: int) -> None:
    """Deletes what either of two accounts notified the other of (after a block)."""
    Notification.objects.filter(
        Q(recipient_id=actor_id, from_actor_id=other_id)
        | Q(recipient_id=other_id, from_actor_id=actor_id)
    ).delete()


# Reading and dismissing


def _newest_id(recipient: Actor) -> int:
    newest = (
        Notification.objects.filter(recipient=recipient)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return newest or 0


@transaction.atomic
def mark_read(recipient: Actor, *, notification_id: int) -> Notification:
    """Marks one of `recipient`'s notifications read; Http404 for anyone else's."""
    notification = selectors.get_notification_for(recipient, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(recipient: Actor, *, up_to_id: int | None = None) -> int:
    """Marks `recipient`'s notifications read, all of them or those up to `up_to_id` (what the
    page showed: newer ones stay unread), moves the notifications marker there, and returns
    how many changed."""
    last_id = up_to_id if up_to_id is not None else _newest_id(recipient)
    changed = Notification.objects.filter(
        recipient=recipient, read_at__isnull=True, id__lte=last_id
    ).update(read_at=timezone.now())
    _move_marker(recipient, Marker.Timeline.NOTIFICATIONS, last_id)
    return changed


@transaction.atomic
def dismiss(recipient: Actor, *, notification_id: int) -> None:
    """Deletes one of `recipient`'s notifications; Http404 for anyone else's."""
    notification = selectors.get_notification_for(recipient, notification_id)
    notification.delete()


@transaction.atomic
def clear(recipient: Actor) -> None:
    """Deletes all of `recipient`'s notifications."""
    Notification.objects.filter(recipient=recipient).delete()


# Markers


def _move_marker(actor: Actor, timeline: str, last_read_id: int) -> Marker:
    marker, _created = Marker.objects.select_for_update().get_or_create(
        actor=actor, timeline=timeline
    )
    # A marker only moves forwards: an app that lags behind must not mark things unread.
    if last_read_id > marker.last_read_id:
        marker.last_read_id = last_read_id
    marker.version += 1
    marker.updated_at = timezone.now()
    marker.save(update_fields=["last_read_id", "version", "updated_at"])
    return marker


@transaction.atomic
def save_markers(
    actor: Actor, *, home: int | None = None, notifications: int | None = None
) -> dict[str, Marker]:
    """Saves where `actor` stopped reading their home feed and their notifications; the
    notifications marker marks everything up to it read."""
    saved: dict[str, Marker] = {}
    if home is not None:
        saved[Marker.Timeline.HOME] = _move_marker(actor, Marker.Timeline.HOME, home)
    if notifications is not None:
        Notification.objects.filter(
            recipient=actor, read_at__isnull=True, id__lte=notifications
        ).update(read_at=timezone.now())
        saved[Marker.Timeline.NOTIFICATIONS] = _move_marker(
            actor, Marker.Timeline.NOTIFICATIONS, notifications
        )
    return saved


# Settings


@transaction.atomic
def set_email_kinds(actor: Actor, *, kinds: Iterable[str]) -> NotificationSettings:
    """Chooses which kinds of notification also reach `actor` by e-mail; ValidationError for
    an unknown kind."""
    chosen = list(dict.fromkeys(kinds))
    if any(kind not in NotificationKind.values for kind in chosen):
        raise ValidationError(
            {"email_kinds": _("Choose among the kinds of notification listed.")},
            code="invalid_choice",
        )
    row, _created = NotificationSettings.objects.update_or_create(
        actor=actor, defaults={"email_kinds": [k for k in NotificationKind.values if k in chosen]}
    )
    return row


# E-mail


def email_notification(*, notification_id: int) -> bool:
    """Hands the e-mail about a notification to the mailer if it is due, still unread, wanted by
    its recipient, and not sent before; returns whether it did. Safe to call any number of
    times, from any number of workers: a conditional UPDATE claims the sending once."""
    notification = (
        Notification.objects.select_related("recipient__user", "from_actor", "post")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.read_at is not None:
        return False
    if notification.emailed_at is not None:
        return False
    if timezone.now() < notification.created_at + EMAIL_DELAY:
        return False
    user = notification.recipient.user
    if user is None or not user.is_active or not user.email:
        return False
    if notification.kind not in selectors.email_kinds_for(notification.recipient):
        return False
    # The post may have become hidden from the recipient since (a circle changed, a block).
    recipient = notification.recipient
    if not selectors.list_notifications_for(recipient).filter(pk=notification.pk).exists():
        return False
    with transaction.atomic():
        claimed = Notification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True, read_at__isnull=True
        ).update(emailed_at=timezone.now())
        if not claimed:
            return False
        with translation.override(user.language):
            context = {
                "notification": notification,
                "actor": notification.from_actor,
                "post": notification.target_post,
                "notifications_url": f"{settings.CANDELA_URL}{reverse('notifications:list')}",
                "instance_name": settings.CANDELA_INSTANCE_NAME,
            }
            subject = " ".join(render_to_string("notifications/email_subject.txt", context).split())
            body = render_to_string("notifications/email_body.txt", context)
        recipients = [user.email]
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients)
        )
    return True
