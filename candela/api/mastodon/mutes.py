"""/api/v1/mutes: the accounts the owner mutes, with when each mute ends."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from candela.api.http import ApiRequest, api_view
from candela.api.mastodon import entities
from candela.api.mastodon.relationships import accounts
from candela.api.pagination import paged_response, read_page
from candela.graph import selectors as graph
from candela.graph.models import Mute


@api_view(scopes=["read:mutes", "follow"])
def mutes(request: ApiRequest) -> HttpResponse:
    me = request.require_user().actor
    page = read_page(request, graph.list_mutes_for(me))

    def render(items: list[Mute]) -> list[dict[str, Any]]:
        rendered = accounts([row.target for row in items])
        for account, row in zip(rendered, items, strict=True):
            account["mute_expires_at"] = entities.iso_datetime(row.expires_at)
        return rendered

    return paged_response(request, page, render)
