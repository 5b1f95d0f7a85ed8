"""/api/v1/accounts/:id/{follow,unfollow,block,unblock,mute,unmute,followers,following} and
/api/v1/accounts/relationships: one account's place in the viewer's graph."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from candela.api.http import ApiError, ApiRequest, api_view, as_bool
from candela.api.mastodon import entities
from candela.api.pagination import paged_response, read_page
from candela.graph import selectors as graph
from candela.graph import services
from candela.graph.models import Follow
from candela.profiles.models import Actor
from candela.profiles.selectors import attach_stats, get_actor_for


def viewer_actor(request: ApiRequest) -> Actor | None:
    return request.user.actor if request.user is not None else None


def parse_id(value: Any) -> int:
    text = str(value)
    if not text.isdigit() or len(text) > 19:
        raise Http404(text)
    return int(text)


def target_for(request: ApiRequest, account_id: str) -> Actor:
    """The account, or 404 when it does not exist, is hidden, or a block stands between."""
    actor = get_actor_for(request.viewer, parse_id(account_id))
    return graph.get_visible_actor_for(viewer_actor(request), actor)


def refused(error: ValidationError) -> ApiError:
    """Mastodon answers 403 to following or connecting with oneself or a blocked account."""
    return ApiError(" ".join(error.messages), status=403)


def relationship_with(actor: Actor, other: Actor) -> dict[str, Any]:
    return entities.relationship(graph.relationship(actor, other))


def accounts(actors: list[Actor]) -> list[dict[str, Any]]:
    attach_stats(actors)
    return [entities.account(actor) for actor in actors]


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def follow(request: ApiRequest, account_id: str) -> dict[str, Any]:
    """Follows (or asks to follow a locked account); `reblogs` says whether their boosts show."""
    me = request.require_user().actor
    target = target_for(request, account_id)
    show_boosts = as_bool(request.data.get("reblogs", True))
    try:
        services.follow(me, target=target, show_boosts=show_boosts)
    except ValidationError as error:
        raise refused(error) from error
    return relationship_with(me, target)


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def unfollow(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    target = target_for(request, account_id)
    services.unfollow(me, target=target)
    return relationship_with(me, target)


@api_view(methods=["POST"], scopes=["write:blocks", "follow"])
def block(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    # Blocking someone who already blocks me is allowed: it must not reveal their block.
    target = get_actor_for(request.viewer, parse_id(account_id))
    try:
        services.block(me, target=target)
    except ValidationError as error:
        raise refused(error) from error
    return relationship_with(me, target)


@api_view(methods=["POST"], scopes=["write:blocks", "follow"])
def unblock(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    target = get_actor_for(request.viewer, parse_id(account_id))
    services.unblock(me, target=target)
    return relationship_with(me, target)


@api_view(methods=["POST"], scopes=["write:mutes", "follow"])
def mute(request: ApiRequest, account_id: str) -> dict[str, Any]:
    """Mutes; `notifications` (default true) also hides their notifications, `duration`
    seconds (0: until unmuted) limits the mute."""
    me = request.require_user().actor
    target = target_for(request, account_id)
    raw_duration = str(request.data.get("duration", "0") or "0")
    if not raw_duration.isdigit():
        raise ValidationError({"duration": _("The duration must be a number of seconds.")})
    seconds = int(raw_duration)
    try:
        services.mute(
            me,
            target=target,
            hide_notifications=as_bool(request.data.get("notifications", True)),
            duration=timedelta(seconds=seconds) if seconds else None,
        )
    except ValidationError as error:
        if error.code == "self":
            raise refused(error) from error
        raise
    return relationship_with(me, target)


@api_view(methods=["POST"], scopes=["write:mutes", "follow"])
def unmute(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    target = target_for(request, account_id)
    services.unmute(me, target=target)
    return relationship_with(me, target)


@api_view(scopes=["read:follows", "follow"])
def relationships(request: ApiRequest) -> list[dict[str, Any]]:
    """Relationships with each `id[]`, in the order asked; unknown ids are left out."""
    me = request.require_user().actor
    wanted = [
        int(value)
        for value in request.query.getlist("id[]") or request.query.getlist("id")
        if value.isdigit() and len(value) <= 19
    ][:100]
    found = graph.relationships(me, wanted)
    return [entities.relationship(found[actor_id]) for actor_id in dict.fromkeys(wanted)]


def _follow_list(request: ApiRequest, rows: Any, side: str) -> HttpResponse:
    page = read_page(request, rows)

    def render(items: list[Follow]) -> list[dict[str, Any]]:
        return accounts([getattr(row, side) for row in items])

    return paged_response(request, page, render)


@api_view(scopes=["read:accounts"], public=True)
def followers(request: ApiRequest, account_id: str) -> HttpResponse:
    """Accounts following this one, newest follow first; paged by the follow's id."""
    actor = target_for(request, account_id)
    return _follow_list(request, graph.list_followers_for(viewer_actor(request), actor), "follower")


@api_view(scopes=["read:accounts"], public=True)
def following(request: ApiRequest, account_id: str) -> HttpResponse:
    actor = target_for(request, account_id)
    return _follow_list(request, graph.list_following_for(viewer_actor(request), actor), "target")
