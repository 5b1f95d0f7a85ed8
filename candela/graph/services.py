"""Writes to the social graph: follows, follow requests, connections, blocks, mutes, circles.

One transaction each; the acting actor comes first, everything else is keyword-only. Refusals
raise ValidationError (with a code and a translated message); a row the actor may not touch
raises Http404, so nobody learns that someone else's request exists. Changes are announced with
the signals in `candela.graph.signals`, on commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from candela.graph import signals
from candela.graph.models import (
    Block,
    Circle,
    CircleMember,
    Connection,
    Follow,
    FollowRequest,
    Mute,
)
from candela.profiles.models import Actor

MAX_NOTE_LENGTH = 500
MAX_CIRCLE_NAME_LENGTH = 100
# Mastodon caps a mute's duration at none; a year keeps `expires_at` sane.
MAX_MUTE_DURATION = timedelta(days=366)


def _send_on_commit(signal: Signal, sender: type[Any], **ids: int) -> None:
    transaction.on_commit(lambda: signal.send(sender=sender, **ids))


def _refuse_self(actor: Actor, other: Actor, message: str) -> None:
    if actor.id == other.id:
        raise ValidationError(message, code="self")


def _refuse_blocked(actor: Actor, other: Actor, message: str) -> None:
    if Block.objects.filter(
        Q(blocker=actor, target=other) | Q(blocker=other, target=actor)
    ).exists():
        raise ValidationError(message, code="blocked")


def _pair(a: Actor, b: Actor) -> Q:
    return Q(requester=a, recipient=b) | Q(requester=b, recipient=a)


def _create_follow(follower: Actor, target: Actor, *, show_boosts: bool = True) -> Follow:
    """The follow between the two (created unless it exists), with any request between them
    answered by it."""
    FollowRequest.objects.filter(follower=follower, target=target).delete()
    row, created = Follow.objects.get_or_create(
        follower=follower, target=target, defaults={"show_boosts": show_boosts}
    )
    if created:
        _send_on_commit(
            signals.follow_created, Follow, follower_id=follower.id, target_id=target.id
        )
    return row


def _remove_follow(follower: Actor, target: Actor) -> None:
    """Ends a follow and takes the target out of the follower's circles: a circle holds only
    people its owner follows."""
    deleted, _rows = Follow.objects.filter(follower=follower, target=target).delete()
    CircleMember.objects.filter(circle__owner=follower, actor=target).delete()
    if deleted:
        _send_on_commit(
            signals.follow_removed, Follow, follower_id=follower.id, target_id=target.id
        )


# Follows


@transaction.atomic
def follow(follower: Actor, *, target: Actor, show_boosts: bool = True) -> Follow | FollowRequest:
    """Follows `target`, or asks to when the account is locked (returns the FollowRequest).

    Following again is harmless (only `show_boosts` changes). Refuses oneself and blocked
    accounts (either way) with ValidationError.
    """
    _refuse_self(follower, target, _("You cannot follow yourself."))
    _refuse_blocked(follower, target, _("You cannot follow this account."))
    existing = Follow.objects.filter(follower=follower, target=target).first()
    if existing is not None:
        if existing.show_boosts != show_boosts:
            existing.show_boosts = show_boosts
            existing.save(update_fields=["show_boosts"])
        return existing
    if target.is_locked:
        request, created = FollowRequest.objects.get_or_create(follower=follower, target=target)
        if created:
            _send_on_commit(
                signals.follow_requested,
                FollowRequest,
                follower_id=follower.id,
                target_id=target.id,
            )
        return request
    return _create_follow(follower, target, show_boosts=show_boosts)


@transaction.atomic
def unfollow(follower: Actor, *, target: Actor) -> None:
    """Stops following `target` (or withdraws a pending follow request); harmless when neither
    exists. A connection needs both follows, so it ends too; the other side's follow stays."""
    FollowRequest.objects.filter(follower=follower, target=target).delete()
    Connection.objects.filter(_pair(follower, target), state=Connection.State.CONNECTED).delete()
    _remove_follow(follower, target)


@transaction.atomic
def authorize_follow_request(target: Actor, *, follower: Actor) -> Follow:
    """The locked account `target` lets `follower` follow it; Http404 without such a request."""
    deleted, _rows = FollowRequest.objects.filter(follower=follower, target=target).delete()
    if not deleted:
        raise Http404(str(follower.id))
    return _create_follow(follower, target)


@transaction.atomic
def reject_follow_request(target: Actor, *, follower: Actor) -> None:
    """Drops `follower`'s request to follow `target`; Http404 without such a request."""
    deleted, _rows = FollowRequest.objects.filter(follower=follower, target=target).delete()
    if not deleted:
        raise Http404(str(follower.id))


# Connections


@transaction.atomic
def request_connection(requester: Actor, *, recipient: Actor, note: str = "") -> Connection:
    """Asks `recipient` to connect, with an optional note; when `recipient` already asked
    `requester`, accepts that request instead.

    Refuses oneself, blocked accounts (either way), an existing connection and a request
    already sent, with ValidationError.
    """
    _refuse_self(requester, recipient, _("You cannot connect with yourself."))
    _refuse_blocked(requester, recipient, _("You cannot connect with this account."))
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {
                "note": _("A note can have at most %(count)d characters.")
                % {"count": MAX_NOTE_LENGTH}
            },
            code="too_long",
        )
    existing = Connection.objects.select_for_update().filter(_pair(requester, recipient)).first()
    if existing is None:
        try:
            # A savepoint: two simultaneous requests between the same pair meet the unique
            # index on the unordered pair, and the loser answers as if it had come second.
            with transaction.atomic():
                connection = Connection.objects.create(
                    requester=requester, recipient=recipient, note=note
                )
        except IntegrityError:
            existing = (
                Connection.objects.select_for_update().filter(_pair(requester, recipient)).first()
            )
            if existing is None:  # pragma: no cover - the other row vanished in between
                raise
        else:
            _send_on_commit(
                signals.connection_requested,
                Connection,
                connection_id=connection.id,
                requester_id=requester.id,
                recipient_id=recipient.id,
            )
            return connection
    if existing.is_connected:
        raise ValidationError(_("You are already connected."), code="connected")
    if existing.requester_id == requester.id:
        raise ValidationError(_("You have already asked to connect."), code="pending")
    return accept_connection(requester, connection_id=existing.id)


@transaction.atomic
def accept_connection(recipient: Actor, *, connection_id: int) -> Connection:
    """Accepts a pending request made to `recipient`: both now follow each other, locks
    notwithstanding. Http404 for anyone else's request; ValidationError when already accepted.
    """
    # A conditional UPDATE, not read-then-write: of two simultaneous accepts only one finds
    # the row still pending, on SQLite as on PostgreSQL.
    now = timezone.now()
    accepted = Connection.objects.filter(
        pk=connection_id, recipient=recipient, state=Connection.State.PENDING
    ).update(state=Connection.State.CONNECTED, connected_at=now)
    connection = (
        Connection.objects.select_related("requester", "recipient")
        .filter(pk=connection_id, recipient=recipient)
        .first()
    )
    if connection is None:
        raise Http404(str(connection_id))
    if not accepted:
        raise ValidationError(_("You are already connected."), code="connected")
    _create_follow(connection.requester, connection.recipient)
    _create_follow(connection.recipient, connection.requester)
    _send_on_commit(
        signals.connection_accepted,
        Connection,
        connection_id=connection.id,
        requester_id=connection.requester_id,
        recipient_id=connection.recipient_id,
    )
    return connection


@transaction.atomic
def decline_connection(recipient: Actor, *, connection_id: int) -> None:
    """Declines a pending request made to `recipient` by deleting it; nothing is sent to the
    requester (no notification, no signal). Http404 for anyone else's request."""
    deleted, _rows = Connection.objects.filter(
        pk=connection_id, recipient=recipient, state=Connection.State.PENDING
    ).delete()
    if not deleted:
        raise Http404(str(connection_id))


@transaction.atomic
def remove_connection(actor: Actor, *, connection_id: int) -> None:
    """Either side ends a connection (both follows end with it) or the requester withdraws a
    pending request. Http404 unless `actor` is one of the two sides."""
    connection = (
        Connection.objects.select_for_update()
        .select_related("requester", "recipient")
        .filter(Q(requester=actor) | Q(recipient=actor), pk=connection_id)
        .first()
    )
    if connection is None:
        raise Http404(str(connection_id))
    if not connection.is_connected and connection.recipient_id == actor.id:
        # The recipient of a pending request declines it instead.
        raise Http404(str(connection_id))
    connection.delete()
    if connection.state == Connection.State.CONNECTED:
        _remove_follow(connection.requester, connection.recipient)
        _remove_follow(connection.recipient, connection.requester)


# Blocks and mutes


@transaction.atomic
def block(blocker: Actor, *, target: Actor) -> Block:
    """Blocks `target`: follows and follow requests both ways, any connection or pending
    request, and each one's place in the other's circles all go. Refuses oneself."""
    _refuse_self(blocker, target, _("You cannot block yourself."))
    row, created = Block.objects.get_or_create(blocker=blocker, target=target)
    FollowRequest.objects.filter(
        Q(follower=blocker, target=target) | Q(follower=target, target=blocker)
    ).delete()
    Connection.objects.filter(_pair(blocker, target)).delete()
    _remove_follow(blocker, target)
    _remove_follow(target, blocker)
    CircleMember.objects.filter(
        Q(circle__owner=blocker, actor=target) | Q(circle__owner=target, actor=blocker)
    ).delete()
    if created:
        _send_on_commit(signals.blocked, Block, blocker_id=blocker.id, target_id=target.id)
    return row


@transaction.atomic
def unblock(blocker: Actor, *, target: Actor) -> None:
    """Lifts `blocker`'s block on `target`; nothing that the block removed comes back."""
    Block.objects.filter(blocker=blocker, target=target).delete()


@transaction.atomic
def mute(
    muter: Actor,
    *,
    target: Actor,
    hide_notifications: bool = True,
    duration: timedelta | None = None,
) -> Mute:
    """Mutes `target`, for `duration` or until unmuted; muting again replaces the settings.
    Refuses oneself and a duration that is not positive or longer than a year."""
    _refuse_self(muter, target, _("You cannot mute yourself."))
    if duration is not None and not timedelta(0) < duration <= MAX_MUTE_DURATION:
        raise ValidationError(
            {"duration": _("A mute can last from one second to one year.")}, code="invalid"
        )
    expires_at = timezone.now() + duration if duration is not None else None
    row, _created = Mute.objects.update_or_create(
        muter=muter,
        target=target,
        defaults={"hide_notifications": hide_notifications, "expires_at": expires_at},
    )
    _send_on_commit(signals.muted, Mute, muter_id=muter.id, target_id=target.id)
    return row


@transaction.atomic
def unmute(muter: Actor, *, target: Actor) -> None:
    Mute.objects.filter(muter=muter, target=target).delete()


# Circles


def _clean_circle_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("A circle needs a name.")}, code="required")
    if len(name) > MAX_CIRCLE_NAME_LENGTH:
        raise ValidationError(
            {
                "name": _("A circle's name can have at most %(count)d characters.")
                % {"count": MAX_CIRCLE_NAME_LENGTH}
            },
            code="too_long",
        )
    return name


def _name_taken() -> ValidationError:
    return ValidationError({"name": _("You already have a circle with this name.")}, code="taken")


def _save_circle(circle: Circle, **save: Any) -> None:
    try:
        with transaction.atomic():
            circle.save(**save)
    except IntegrityError as clash:
        raise _name_taken() from clash


@transaction.atomic
def create_circle(owner: Actor, *, name: str) -> Circle:
    """A new, empty circle; ValidationError for an empty, overlong or already used name."""
    circle = Circle(owner=owner, name=_clean_circle_name(name))
    if Circle.objects.filter(owner=owner, name__iexact=circle.name).exists():
        raise _name_taken()
    _save_circle(circle, force_insert=True)
    return circle


@transaction.atomic
def rename_circle(owner: Actor, *, circle_id: int, name: str) -> Circle:
    """Renames one of `owner`'s circles (Http404 for anyone else's)."""
    circle = _owned_circle(owner, circle_id)
    circle.name = _clean_circle_name(name)
    if Circle.objects.filter(owner=owner, name__iexact=circle.name).exclude(pk=circle.pk).exists():
        raise _name_taken()
    _save_circle(circle, update_fields=["name"])
    return circle


@transaction.atomic
def delete_circle(owner: Actor, *, circle_id: int) -> None:
    _owned_circle(owner, circle_id).delete()


@transaction.atomic
def add_circle_members(owner: Actor, *, circle_id: int, actor_ids: Iterable[int]) -> None:
    """Adds accounts to one of `owner`'s circles. Only accounts `owner` follows may join (a
    connection includes a follow), as on Mastodon's lists; ValidationError names the rule."""
    circle = _owned_circle(owner, circle_id)
    wanted = set(actor_ids)
    followed = set(
        Follow.objects.filter(follower=owner, target_id__in=wanted).values_list(
            "target_id", flat=True
        )
    )
    if wanted - followed:
        raise ValidationError(
            {"account_ids": _("You can only add people you follow to a circle.")},
            code="not_followed",
        )
    present = set(
        CircleMember.objects.filter(circle=circle, actor_id__in=wanted).values_list(
            "actor_id", flat=True
        )
    )
    CircleMember.objects.bulk_create(
        [CircleMember(circle=circle, actor_id=actor_id) for actor_id in sorted(wanted - present)],
        ignore_conflicts=True,
    )


@transaction.atomic
def remove_circle_members(owner: Actor, *, circle_id: int, actor_ids: Iterable[int]) -> None:
    circle = _owned_circle(owner, circle_id)
    CircleMember.objects.filter(circle=circle, actor_id__in=set(actor_ids)).delete()


def _owned_circle(owner: Actor, circle_id: int) -> Circle:
    try:
        return Circle.objects.select_for_update().get(pk=circle_id, owner=owner)
    except Circle.DoesNotExist as missing:
        raise Http404(str(circle_id)) from missing


# Settings


@transaction.atomic
def set_connections_visibility(actor: Actor, *, visibility: str) -> Actor:
    """Who may see `actor`'s connections: everyone, their connections, or only them."""
    if visibility not in Actor.ConnectionsVisibility.values:
        raise ValidationError(
            {"connections_visibility": _("Choose who can see your connections.")},
            code="invalid_choice",
        )
    actor.connections_visibility = visibility
    actor.save(update_fields=["connections_visibility", "updated_at"])
    return actor
