"""Reads of actors and profiles, with the audience rules applied in one place."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404

from candela.accounts.models import User
from candela.profiles.models import Actor

Viewer = User | AnonymousUser


def visible_actors(viewer: Viewer) -> QuerySet[Actor]:
    """Actors `viewer` may see: not deleted, and (except for staff) not suspended.

    Blocks join this rule with the social graph.
    """
    actors = Actor.objects.filter(deleted_at__isnull=True)
    if not (viewer.is_authenticated and viewer.is_staff):
        actors = actors.filter(Q(user__isnull=True) | Q(user__is_active=True))
    return actors


def get_local_actor_for(viewer: Viewer, username: str) -> Actor:
    """The local profile `@username`, or Http404 whether it is missing or hidden from `viewer`."""
    try:
        return (
            visible_actors(viewer)
            .prefetch_related("positions")
            .get(local=True, username__iexact=username)
        )
    except Actor.DoesNotExist as missing:
        raise Http404(username) from missing


def get_actor_for(viewer: Viewer, actor_id: int) -> Actor:
    try:
        return visible_actors(viewer).prefetch_related("positions").get(pk=actor_id)
    except Actor.DoesNotExist as missing:
        raise Http404(str(actor_id)) from missing


def get_actor_by_acct_for(viewer: Viewer, acct: str) -> Actor:
    """Looks up `user`, `@user` or `user@domain` (our own domain counts as local)."""
    username, _at, domain = acct.lstrip("@").partition("@")
    if not username:
        raise Http404(acct)
    if domain and domain.lower() != settings.CANDELA_DOMAIN.lower():
        actors = visible_actors(viewer).filter(local=False, domain__iexact=domain)
    else:
        actors = visible_actors(viewer).filter(local=True)
    try:
        return actors.prefetch_related("positions").get(username__iexact=username)
    except Actor.DoesNotExist as missing:
        raise Http404(acct) from missing


def list_local_members_for(viewer: Viewer, *, query: str = "") -> QuerySet[Actor]:
    """The member directory: local, discoverable people, newest first, optionally filtered."""
    actors = visible_actors(viewer).filter(local=True, is_discoverable=True)
    if query:
        actors = actors.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(location__icontains=query)
            | Q(positions__company__icontains=query)
        ).distinct()
    return actors.order_by("-created_at")


def attach_stats(actors: Iterable[Actor]) -> None:
    """Loads the counts (`actor.stats`) of every actor in one query, whatever their number;
    each instance gets them, duplicates included."""
    prefetch_related_objects(list(actors), "stats")


def actors_by_id(ids: Iterable[int]) -> dict[int, Actor]:
    """Actors by id with their positions, for ids a selector above has already chosen (a cache
    of rendered accounts fills its gaps with them)."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {a.id: a for a in Actor.objects.filter(pk__in=wanted).prefetch_related("positions")}
