"""/api/v1/lists: Mastodon's lists are Candela's circles (private, named sets of accounts)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from candela.api.http import ApiError, ApiRequest, api_view, as_text
from candela.api.mastodon import entities
from candela.api.mastodon.relationships import accounts, parse_id
from candela.api.pagination import paged_response, read_page
from candela.api.scopes import scopes_allow
from candela.graph import selectors as graph
from candela.graph import services
from candela.graph.models import CircleMember


def _title(request: ApiRequest) -> str:
    if "title" not in request.data:
        raise ValidationError({"title": _("A circle needs a name.")}, code="blank")
    return as_text(request.data["title"], "title")


def _renamed_errors(error: ValidationError) -> ValidationError:
    """The service names the field `name`; Mastodon's clients know it as `title`."""
    if hasattr(error, "error_dict") and "name" in error.error_dict:
        return ValidationError({"title": error.error_dict["name"]})
    return error


@api_view(methods=["GET", "POST"], scopes=["read:lists", "write:lists"])
def lists(request: ApiRequest) -> Any:
    me = request.require_user().actor
    if request.http.method == "POST":
        if not _allows(request, "write:lists"):
            raise ApiError(_("This action is outside the authorized scopes"), status=403)
        try:
            circle = services.create_circle(me, name=_title(request))
        except ValidationError as error:
            raise _renamed_errors(error) from error
        return entities.circle_list(circle)
    if not _allows(request, "read:lists"):
        raise ApiError(_("This action is outside the authorized scopes"), status=403)
    return [entities.circle_list(circle) for circle in graph.list_circles_for(me)]


@api_view(methods=["GET", "PUT", "DELETE"], scopes=["read:lists", "write:lists"])
def list_detail(request: ApiRequest, list_id: str) -> Any:
    me = request.require_user().actor
    circle_id = parse_id(list_id)
    if request.http.method == "GET":
        if not _allows(request, "read:lists"):
            raise ApiError(_("This action is outside the authorized scopes"), status=403)
        return entities.circle_list(graph.get_circle_for(me, circle_id))
    if not _allows(request, "write:lists"):
        raise ApiError(_("This action is outside the authorized scopes"), status=403)
    if request.http.method == "DELETE":
        services.delete_circle(me, circle_id=circle_id)
        return {}
    graph.get_circle_for(me, circle_id)
    try:
        circle = services.rename_circle(me, circle_id=circle_id, name=_title(request))
    except ValidationError as error:
        raise _renamed_errors(error) from error
    return entities.circle_list(circle)


@api_view(methods=["GET", "POST", "DELETE"], scopes=["read:lists", "write:lists"])
def list_accounts(request: ApiRequest, list_id: str) -> Any:
    """Members of a circle (paged; `limit=0` returns them all), or adds/removes `account_ids`."""
    me = request.require_user().actor
    circle_id = parse_id(list_id)
    if request.http.method == "GET":
        if not _allows(request, "read:lists"):
            raise ApiError(_("This action is outside the authorized scopes"), status=403)
        rows = graph.list_circle_members_for(me, circle_id)
        if request.query.get("limit") == "0":
            return accounts([row.actor for row in rows])
        page = read_page(request, rows)

        def render(items: list[CircleMember]) -> list[dict[str, Any]]:
            return accounts([row.actor for row in items])

        response: HttpResponse = paged_response(request, page, render)
        return response
    if not _allows(request, "write:lists"):
        raise ApiError(_("This action is outside the authorized scopes"), status=403)
    raw = request.data.get("account_ids", [])
    values = raw if isinstance(raw, list) else [raw]
    ids = [parse_id(value) for value in values]
    if request.http.method == "POST":
        services.add_circle_members(me, circle_id=circle_id, actor_ids=ids)
    else:
        services.remove_circle_members(me, circle_id=circle_id, actor_ids=ids)
    return {}


def _allows(request: ApiRequest, scope: str) -> bool:
    """One endpoint reads with `read:lists` and writes with `write:lists`."""
    return scopes_allow(request.scopes, [scope])
