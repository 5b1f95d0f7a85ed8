"""/api/v1/follow_requests: people asking to follow a locked account, and the answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from candela.api.http import ApiRequest, api_view
from candela.api.mastodon.relationships import accounts, parse_id, relationship_with
from candela.api.pagination import paged_response, read_page
from candela.graph import selectors as graph
from candela.graph import services
from candela.graph.models import FollowRequest
from candela.profiles.selectors import get_actor_for


@api_view(scopes=["read:follows", "follow"])
def follow_requests(request: ApiRequest) -> HttpResponse:
    me = request.require_user().actor
    page = read_page(request, graph.list_follow_requests_for(me))

    def render(items: list[FollowRequest]) -> list[dict[str, Any]]:
        return accounts([row.follower for row in items])

    return paged_response(request, page, render)


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def authorize(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    follower = get_actor_for(request.viewer, parse_id(account_id))
    services.authorize_follow_request(me, follower=follower)
    return relationship_with(me, follower)


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def reject(request: ApiRequest, account_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    follower = get_actor_for(request.viewer, parse_id(account_id))
    services.reject_follow_request(me, follower=follower)
    return relationship_with(me, follower)
