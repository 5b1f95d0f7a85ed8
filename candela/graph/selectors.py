"""Reads of the social graph, with the audience rules applied in one place.

The id-set helpers at the top are the graph's public contract for the other apps (posts, feed,
notifications): they answer "who follows whom" and "who must not see whom" in one query each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from candela.graph.models import (
    Block,
    Circle,
    CircleMember,
    Connection,
    Follow,
    FollowRequest,
    Mute,
)
from candela.profiles import selectors as profile_selectors
from candela.profiles.models import Actor
from candela.profiles.selectors import Viewer

M = TypeVar("M", bound=Model)


def following_ids(actor: Actor) -> set[int]:
    """Ids of the actors `actor` follows (accepted follows only)."""
    return set(Follow.objects.filter(follower=actor).values_list("target_id", flat=True))


def follower_ids(actor: Actor) -> set[int]:
    """Ids of the actors following `actor` (accepted follows only)."""
    return set(Follow.objects.filter(target=actor).values_list("follower_id", flat=True))


def connection_ids(actor: Actor) -> set[int]:
    """Ids of the actors connected with `actor` (accepted connections only)."""
    ids: set[int] = set()
    rows = Connection.objects.filter(
        Q(requester=actor) | Q(recipient=actor), state=Connection.State.CONNECTED
    ).values_list("requester_id", "recipient_id")
    for requester_id, recipient_id in rows:
        ids.add(recipient_id if requester_id == actor.id else requester_id)
    return ids


def blocked_ids(actor: Actor) -> set[int]:
    """Ids of the actors `actor` blocked and of those who blocked `actor`: both stay invisible."""
    ids: set[int] = set()
    rows = Block.objects.filter(Q(blocker=actor) | Q(target=actor)).values_list(
        "blocker_id", "target_id"
    )
    for blocker_id, target_id in rows:
        ids.add(target_id if blocker_id == actor.id else blocker_id)
    return ids


def muted_ids(actor: Actor) -> set[int]:
    """Ids of the actors `actor` muted, leaving out mutes that have expired."""
    return set(
        Mute.objects.filter(muter=actor)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values_list("target_id", flat=True)
    )


def muter_ids(actor: Actor) -> set[int]:
    """Ids of the actors muting `actor` now (expired mutes left out)."""
    return set(
        Mute.objects.filter(target=actor)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .values_list("muter_id", flat=True)
    )


def is_following(follower: Actor, target: Actor) -> bool:
    return Follow.objects.filter(follower=follower, target=target).exists()


def are_connected(a: Actor, b: Actor) -> bool:
    return _pair(Connection.objects.all(), a, b).filter(state=Connection.State.CONNECTED).exists()


def is_blocked_either_way(a: Actor, b: Actor) -> bool:
    return Block.objects.filter(Q(blocker=a, target=b) | Q(blocker=b, target=a)).exists()


def circle_member_ids(circle_id: int) -> set[int]:
    """Ids of the members of a circle (no audience check: the caller already holds the circle)."""
    return set(CircleMember.objects.filter(circle_id=circle_id).values_list("actor_id", flat=True))


def get_circle_for(owner: Actor, circle_id: int) -> Circle:
    """The circle, or Http404 unless `owner` owns it: circles are private to their owner."""
    try:
        return Circle.objects.get(pk=circle_id, owner=owner)
    except Circle.DoesNotExist as missing:
        raise Http404(str(circle_id)) from missing


def _pair(connections: QuerySet[Connection], a: Actor, b: Actor) -> QuerySet[Connection]:
    return connections.filter(Q(requester=a, recipient=b) | Q(requester=b, recipient=a))


# Lists and relationships for the pages and the API. Every list is a queryset ordered by a
# time-ordered id, ready for `candela.core.pagination.paginate`, with what it renders joined in.

ConnectionState = Literal["none", "requested", "pending", "connected"]
ACTOR_RENDERS = ("positions",)


def _newest_with_actor(rows: QuerySet[M], field: str) -> QuerySet[M]:
    """`rows` newest first, with the actor at `field` and what a list renders of it joined in."""
    return (
        rows.select_related(field)
        .prefetch_related(*(f"{field}__{name}" for name in ACTOR_RENDERS))
        .order_by("-id")
    )


def _visible(prefix: str) -> Q:
    """Rows whose actor at `prefix` is neither deleted nor a deactivated local account."""
    return Q(**{f"{prefix}__deleted_at__isnull": True}) & (
        Q(**{f"{prefix}__user__isnull": True}) | Q(**{f"{prefix}__user__is_active": True})
    )


def _hide_blocked(rows: QuerySet[M], viewer: Actor | None, field: str) -> QuerySet[M]:
    """Leaves out rows whose actor at `field` blocked `viewer` or was blocked by them."""
    if viewer is None:
        return rows
    return rows.exclude(
        **{
            f"{field}__in": Block.objects.filter(blocker=viewer).values("target_id"),
        }
    ).exclude(**{f"{field}__in": Block.objects.filter(target=viewer).values("blocker_id")})


def list_followers_for(viewer: Actor | None, actor: Actor) -> QuerySet[Follow]:
    """Follow rows of `actor`'s followers (render `.follower`), newest first, as `viewer` may
    see them: no deleted accounts and nobody `viewer` blocks or is blocked by."""
    rows = Follow.objects.filter(target=actor).filter(_visible("follower"))
    return _newest_with_actor(
        _hide_blocked(rows, viewer, "follower"),
        "follower",
    )


def list_following_for(viewer: Actor | None, actor: Actor) -> QuerySet[Follow]:
    """Follow rows of the accounts `actor` follows (render `.target`), newest first."""
    rows = Follow.objects.filter(follower=actor).filter(_visible("target"))
    return _newest_with_actor(
        _hide_blocked(rows, viewer, "target"),
        "target",
    )


def can_see_connections(viewer: Actor | None, actor: Actor) -> bool:
    """`actor.connections_visibility` decides: everyone (signed in or not, unless blocked),
    `actor`'s connections, or only `actor`."""
    if viewer is not None and viewer.id == actor.id:
        return True
    if viewer is not None and is_blocked_either_way(viewer, actor):
        return False
    visibility = actor.connections_visibility
    if visibility == Actor.ConnectionsVisibility.EVERYONE:
        return True
    if visibility == Actor.ConnectionsVisibility.CONNECTIONS:
        return viewer is not None and are_connected(viewer, actor)
    return False


def _connections_of(actor: Actor) -> QuerySet[Connection]:
    return (
        Connection.objects.filter(Q(requester=actor) | Q(recipient=actor))
        .select_related("requester", "recipient")
        .prefetch_related(
            *(f"{side}__{name}" for side in ("requester", "recipient") for name in ACTOR_RENDERS)
        )
        .order_by("-id")
    )


def list_connections_for(viewer: Actor | None, actor: Actor) -> QuerySet[Connection]:
    """`actor`'s accepted connections (render `.other(actor)`), newest first; empty when
    `actor`'s connections visibility hides them from `viewer` (see can_see_connections)."""
    if not can_see_connections(viewer, actor):
        return Connection.objects.none()
    rows = _connections_of(actor).filter(state=Connection.State.CONNECTED)
    rows = rows.filter(
        (Q(requester=actor) & _visible("recipient")) | (Q(recipient=actor) & _visible("requester"))
    )
    if viewer is not None and viewer.id != actor.id:
        hidden = blocked_ids(viewer)
        rows = rows.exclude(requester_id__in=hidden).exclude(recipient_id__in=hidden)
    return rows


def list_connection_requests_for(actor: Actor, *, received: bool) -> QuerySet[Connection]:
    """Pending requests made to `actor` (`received`) or by `actor`, newest first."""
    side = Q(recipient=actor) if received else Q(requester=actor)
    return _connections_of(actor).filter(side, state=Connection.State.PENDING)


def list_connections_by_state(actor: Actor, *, state: ConnectionState) -> QuerySet[Connection]:
    """The owner's own connections in one state: `connected`, `pending` (requests to me) or
    `requested` (mine)."""
    if state == "connected":
        return list_connections_for(actor, actor)
    return list_connection_requests_for(actor, received=state == "pending")


def get_connection_for(actor: Actor, connection_id: int) -> Connection:
    """A connection or request `actor` is a side of; Http404 otherwise."""
    try:
        return _connections_of(actor).get(pk=connection_id)
    except Connection.DoesNotExist as missing:
        raise Http404(str(connection_id)) from missing


def list_follow_requests_for(actor: Actor) -> QuerySet[FollowRequest]:
    """Requests to follow `actor` (a locked account), newest first; render `.follower`."""
    return _newest_with_actor(
        FollowRequest.objects.filter(target=actor).filter(_visible("follower")),
        "follower",
    )


def list_blocks_for(actor: Actor) -> QuerySet[Block]:
    """The accounts `actor` blocks, newest block first; render `.target`."""
    return _newest_with_actor(
        Block.objects.filter(blocker=actor),
        "target",
    )


def list_mutes_for(actor: Actor) -> QuerySet[Mute]:
    """The accounts `actor` mutes, expired mutes left out, newest first; render `.target`."""
    return _newest_with_actor(
        Mute.objects.filter(muter=actor).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        ),
        "target",
    )


def list_circles_for(owner: Actor) -> QuerySet[Circle]:
    """`owner`'s circles by name, with `member_count`."""
    return (
        Circle.objects.filter(owner=owner)
        .annotate(member_count=Count("memberships"))
        .order_by(Lower("name"), "id")
    )


def list_circle_members_for(owner: Actor, circle_id: int) -> QuerySet[CircleMember]:
    """Members of one of `owner`'s circles (Http404 for anyone else's), newest first; render
    `.actor`."""
    circle = get_circle_for(owner, circle_id)
    return _newest_with_actor(
        CircleMember.objects.filter(circle=circle),
        "actor",
    )


@dataclass(frozen=True)
class Relationship:
    """How `viewer` and another account stand: what Mastodon's Relationship entity says, plus
    the connection."""

    id: int
    following: bool = False
    showing_reblogs: bool = False
    followed_by: bool = False
    blocking: bool = False
    blocked_by: bool = False
    muting: bool = False
    muting_notifications: bool = False
    muting_expires_at: datetime | None = None
    requested: bool = False
    requested_by: bool = False
    connection: ConnectionState = "none"
    connection_id: int | None = None
    connection_note: str = ""


def _split_by_direction(
    viewer: Actor, pairs: Iterable[tuple[int, int]]
) -> tuple[set[int], set[int]]:
    """(from, to) pairs that have the viewer on one side: the others the viewer points at, and
    those who point at the viewer."""
    outgoing: set[int] = set()
    incoming: set[int] = set()
    for source_id, target_id in pairs:
        if source_id == viewer.id:
            outgoing.add(target_id)
        else:
            incoming.add(source_id)
    return outgoing, incoming


def relationships(viewer: Actor, other_ids: Iterable[int]) -> dict[int, Relationship]:
    """Relationships of `viewer` with each account in `other_ids`, in six queries whatever
    their number."""
    ids = set(other_ids)
    following = dict(
        Follow.objects.filter(follower=viewer, target_id__in=ids).values_list(
            "target_id", "show_boosts"
        )
    )
    followed_by = set(
        Follow.objects.filter(target=viewer, follower_id__in=ids).values_list(
            "follower_id", flat=True
        )
    )
    blocking, blocked_by = _split_by_direction(
        viewer,
        Block.objects.filter(
            Q(blocker=viewer, target_id__in=ids) | Q(target=viewer, blocker_id__in=ids)
        ).values_list("blocker_id", "target_id"),
    )
    mutes = {
        row.target_id: row
        for row in Mute.objects.filter(muter=viewer, target_id__in=ids).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )
    }
    requested, requested_by = _split_by_direction(
        viewer,
        FollowRequest.objects.filter(
            Q(follower=viewer, target_id__in=ids) | Q(target=viewer, follower_id__in=ids)
        ).values_list("follower_id", "target_id"),
    )
    connections: dict[int, Connection] = {}
    for row in Connection.objects.filter(
        Q(requester=viewer, recipient_id__in=ids) | Q(recipient=viewer, requester_id__in=ids)
    ):
        other_id = row.recipient_id if row.requester_id == viewer.id else row.requester_id
        connections[other_id] = row
    result = {}
    for other_id in ids:
        mute = mutes.get(other_id)
        connection = connections.get(other_id)
        state: ConnectionState = "none"
        if connection is not None:
            if connection.is_connected:
                state = "connected"
            elif connection.requester_id == viewer.id:
                state = "requested"
            else:
                state = "pending"
        result[other_id] = Relationship(
            id=other_id,
            following=other_id in following,
            showing_reblogs=following.get(other_id, False),
            followed_by=other_id in followed_by,
            blocking=other_id in blocking,
            blocked_by=other_id in blocked_by,
            muting=mute is not None,
            muting_notifications=mute is not None and mute.hide_notifications,
            muting_expires_at=mute.expires_at if mute is not None else None,
            requested=other_id in requested,
            requested_by=other_id in requested_by,
            connection=state,
            connection_id=connection.id if connection is not None else None,
            connection_note=(
                connection.note if connection is not None and state == "pending" else ""
            ),
        )
    return result


def relationship(viewer: Actor, other: Actor) -> Relationship:
    return relationships(viewer, [other.id])[other.id]


def get_visible_actor_for(viewer: Actor | None, actor: Actor) -> Actor:
    """`actor` again, or Http404 when a block stands between it and `viewer`, either way.

    The profiles app (below the graph) decides who exists at all; this adds the graph's rule
    on top, for every page and endpoint that shows one account.
    """
    if viewer is not None and viewer.id != actor.id and is_blocked_either_way(viewer, actor):
        raise Http404(str(actor.id))
    return actor


def list_members_for(viewer: Viewer, *, query: str = "") -> QuerySet[Actor]:
    """The member directory (`profiles.selectors.list_local_members_for`) with the graph's rule
    on top: nobody `viewer` blocks or is blocked by."""
    members = profile_selectors.list_local_members_for(viewer, query=query)
    actor = getattr(viewer, "actor", None) if viewer.is_authenticated else None
    return _hide_blocked(members, actor, "id")


def list_circle_candidates_for(owner: Actor, circle_id: int) -> QuerySet[Actor]:
    """The accounts `owner` follows that are not yet in the circle (Http404 for anyone else's
    circle), by name: who may join it."""
    circle = get_circle_for(owner, circle_id)
    return (
        Actor.objects.filter(follower_set__follower=owner)
        .filter(deleted_at__isnull=True)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .exclude(circle_memberships__circle=circle)
        .order_by(Lower("display_name"), Lower("username"))
    )


def connection_count(actor: Actor) -> int:
    """How many accepted connections `actor` has (the profile shows the number even when the
    list itself is hidden)."""
    return Connection.objects.filter(
        Q(requester=actor) | Q(recipient=actor), state=Connection.State.CONNECTED
    ).count()
