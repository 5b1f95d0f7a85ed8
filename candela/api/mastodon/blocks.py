"""/api/v1/blocks: the accounts the owner blocks."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from candela.api.http import ApiRequest, api_view
from candela.api.mastodon.relationships import accounts
from candela.api.pagination import paged_response, read_page
from candela.graph import selectors as graph
from candela.graph.models import Block


@api_view(scopes=["read:blocks", "follow"])
def blocks(request: ApiRequest) -> HttpResponse:
    me = request.require_user().actor
    page = read_page(request, graph.list_blocks_for(me))

    def render(items: list[Block]) -> list[dict[str, Any]]:
        return accounts([row.target for row in items])

    return paged_response(request, page, render)
