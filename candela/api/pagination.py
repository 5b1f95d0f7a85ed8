"""JSON list responses paged by id: the Link header Mastodon clients follow for more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet

from candela.api.http import ApiRequest, JSONResponse
from candela.core.pagination import Page, link_header, paginate, parse_page_params

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def read_page(
    request: ApiRequest,
    rows: QuerySet[M],
    *,
    default_limit: int = 40,
    max_limit: int = 80,
) -> Page[M]:
    """The page of `rows` the query string asks for; a malformed id raises ValidationError."""
    params = parse_page_params(request.query, default_limit=default_limit, max_limit=max_limit)
    return paginate(rows, params)


def paged_response(
    request: ApiRequest, page: Page[T], render: Callable[[list[T]], list[Any]]
) -> JSONResponse:
    """`render(page.items)` as a JSON array, with the Link header for the pages around it."""
    response = JSONResponse(render(page.items))
    link = link_header(f"{settings.CANDELA_URL}{request.http.path}", request.query, page)
    if link is not None:
        response["Link"] = link
    return response
