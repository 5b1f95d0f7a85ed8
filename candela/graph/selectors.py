"""Reads of the social graph, with the audience rules applied in one place.

The id-set helpers at the top are the graph's public contract for the other apps (posts, feed,
notifications): they answer "who follows whom" and "who must not see whom" in one query each.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from candela.graph.models import Block, Circle, CircleMember, Connection, Follow, Mute
from candela.profiles.models import Actor


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
