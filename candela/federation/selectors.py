"""Reads that federation needs beyond the profile selectors: actors by URI, tombstones, usage.

Remote servers are anonymous viewers until signed fetches identify them, so the audience rule
is always `visible_actors(AnonymousUser())` from `candela.profiles.selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from candela.accounts.models import User
from candela.profiles.models import Actor
from candela.profiles.selectors import get_local_actor_for, visible_actors

# NodeInfo's own definitions of "active": signed in within the last 30 and 180 days.
ACTIVE_MONTH = timedelta(days=30)
ACTIVE_HALFYEAR = timedelta(days=180)


def get_public_local_actor(username: str) -> Actor:
    """The local actor `username` as anyone sees it; Http404 if missing, deleted or suspended."""
    return get_local_actor_for(AnonymousUser(), username)


def get_public_local_actor_by_uri(uri: str) -> Actor:
    """The local actor whose ActivityPub id or profile URL is `uri`, else Http404.

    Matches the stored URIs rather than parsing paths: they never change once stored, even if
    the server's address does.
    """
    try:
        return visible_actors(AnonymousUser()).get(Q(uri=uri) | Q(url=uri), local=True)
    except (Actor.DoesNotExist, Actor.MultipleObjectsReturned) as missing:
        raise Http404(uri) from missing


def get_local_actor_or_tombstone(username: str) -> Actor:
    """The visible local actor `username`, or its tombstone if the account was deleted.

    The caller tells them apart with `actor.is_deleted`. Suspended and unknown accounts raise
    Http404: a suspension may be lifted, so it must not look like a deletion to other servers.
    """
    try:
        return get_public_local_actor(username)
    except Http404:
        tombstone = Actor.objects.filter(
            local=True, deleted_at__isnull=False, username__iexact=username
        ).first()
        if tombstone is None:
            raise
        return tombstone


@dataclass(frozen=True)
class LocalUsage:
    total_users: int
    active_month: int
    active_halfyear: int


def local_usage() -> LocalUsage:
    """How many people have an account here, and how many signed in lately (one query).

    Suspended logins and logins without a living actor are not counted.
    """
    now = timezone.now()
    counts = User.objects.filter(
        is_active=True, actor__isnull=False, actor__deleted_at__isnull=True
    ).aggregate(
        total=Count("pk"),
        month=Count("pk", filter=Q(last_login__gte=now - ACTIVE_MONTH)),
        halfyear=Count("pk", filter=Q(last_login__gte=now - ACTIVE_HALFYEAR)),
    )
    return LocalUsage(
        total_users=counts["total"],
        active_month=counts["month"],
        active_halfyear=counts["halfyear"],
    )
