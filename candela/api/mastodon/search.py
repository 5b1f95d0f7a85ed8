"""/api/v2/search and /api/v1/accounts/search: thin handlers over candela.search, rendered by
the Account, Status and Tag serializers the other endpoints use.

As on Mastodon: searching needs no token, but an anonymous search finds no statuses and may
neither `resolve` nor page with `offset` (401).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from candela.api.http import ApiError, ApiRequest, api_view, as_bool
from candela.api.mastodon import entities
from candela.api.mastodon import status_entities as status_json
from candela.posts.models import Hashtag
from candela.posts.selectors import parse_id
from candela.profiles.models import Actor
from candela.profiles.selectors import attach_stats
from candela.search import selectors as search

DEFAULT_LIMIT = 20
MAX_LIMIT = 40
ACCOUNTS_DEFAULT_LIMIT = 40
ACCOUNTS_MAX_LIMIT = 80
# Mastodon's `type` names Candela's posts `statuses`.
TYPES = {"accounts": "accounts", "hashtags": "hashtags", "statuses": "posts"}


def _number(value: str | None, name: str, *, default: int, maximum: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or len(value) > 6:
        raise ApiError(_("%(name)s must be a whole number.") % {"name": name}, status=400)
    return min(int(value), maximum)


def _query(request: ApiRequest) -> str:
    query = request.query.get("q")
    if query is None:
        raise ApiError(_("Missing the q parameter."), status=400)
    return search.clean_query(query)


def _accounts(actors: list[Actor]) -> list[dict[str, Any]]:
    attach_stats(actors)
    return [entities.account(actor) for actor in actors]


def _found_accounts(
    request: ApiRequest, query: str, *, limit: int, offset: int
) -> list[dict[str, Any]]:
    """Accounts matching `query` (only those the caller follows with `following=true`)."""
    following = as_bool(request.query.get("following", False))
    found = search.search_accounts(
        request.viewer, query, limit=limit, offset=offset, following=following
    )
    return _accounts(found)


def _hashtags(tags: list[Hashtag], *, signed_in: bool) -> list[dict[str, Any]]:
    rendered = []
    for tag in tags:
        entity: dict[str, Any] = {**status_json.tag(tag.name), "history": []}
        if signed_in:
            entity["following"] = False
        rendered.append(entity)
    return rendered


def _refuse_anonymous(request: ApiRequest, *, resolve: bool, offset: int) -> None:
    if request.user is not None:
        return
    if resolve:
        raise ApiError(_("Search queries that resolve URLs require an access token."), 401)
    if offset:
        raise ApiError(_("Search queries with an offset require an access token."), 401)


@api_view(scopes=["read:search"], public=True)
def search_v2(request: ApiRequest) -> dict[str, Any]:
    query = _query(request)
    kind = request.query.get("type") or None
    if kind is not None and kind not in TYPES:
        raise ApiError(_("Unknown type: use accounts, hashtags or statuses."), status=400)
    limit = _number(request.query.get("limit"), "limit", default=DEFAULT_LIMIT, maximum=MAX_LIMIT)
    offset = _number(request.query.get("offset"), "offset", default=0, maximum=10_000)
    resolve = as_bool(request.query.get("resolve", False))
    _refuse_anonymous(request, resolve=resolve, offset=offset)
    viewer = request.user.actor if request.user is not None else None
    results: dict[str, Any] = {"accounts": [], "statuses": [], "hashtags": []}
    if not query or limit == 0:
        return results
    if resolve and (found := search.resolve_local_url(request.viewer, query)) is not None:
        if offset == 0 and kind in (None, "accounts"):
            results["accounts"] = _accounts(found.accounts)
        if offset == 0 and kind in (None, "statuses"):
            results["statuses"] = status_json.statuses(found.posts, viewer=viewer)
        return results
    if kind in (None, "accounts"):
        results["accounts"] = _found_accounts(request, query, limit=limit, offset=offset)
    if kind in (None, "statuses") and viewer is not None:
        author_id = None
        if (raw_account := request.query.get("account_id")) is not None:
            author_id = parse_id(raw_account)
            if author_id is None:
                raise Http404(raw_account)
        max_id = parse_id(request.query.get("max_id", "")) if request.query.get("max_id") else None
        min_id = parse_id(request.query.get("min_id", "")) if request.query.get("min_id") else None
        posts = search.search_posts(
            viewer,
            query,
            limit=limit,
            offset=offset,
            max_id=max_id,
            min_id=min_id,
            author_id=author_id,
        )
        results["statuses"] = status_json.statuses(posts, viewer=viewer)
    if kind in (None, "hashtags"):
        tags = search.search_hashtags(request.viewer, query, limit=limit, offset=offset)
        results["hashtags"] = _hashtags(tags, signed_in=viewer is not None)
    return results


@api_view(scopes=["read:accounts"], public=True)
def accounts_search(request: ApiRequest) -> list[dict[str, Any]]:
    query = _query(request)
    limit = _number(
        request.query.get("limit"),
        "limit",
        default=ACCOUNTS_DEFAULT_LIMIT,
        maximum=ACCOUNTS_MAX_LIMIT,
    )
    offset = _number(request.query.get("offset"), "offset", default=0, maximum=10_000)
    resolve = as_bool(request.query.get("resolve", False))
    if resolve and (found := search.resolve_local_url(request.viewer, query)) is not None:
        return _accounts(found.accounts) if offset == 0 else []
    return _found_accounts(request, query, limit=limit, offset=offset)
