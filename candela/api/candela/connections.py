"""/api/candela/v1/connections: Candela's mutual connections (requests, answers, removal)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from candela.api.http import ApiError, ApiRequest, JSONResponse, api_view, as_text
from candela.api.mastodon import entities
from candela.api.mastodon.relationships import accounts, parse_id, refused
from candela.api.pagination import paged_response, read_page
from candela.api.scopes import scopes_allow
from candela.graph import selectors as graph
from candela.graph import services
from candela.graph.models import Connection
from candela.graph.selectors import ConnectionState
from candela.profiles.models import Actor
from candela.profiles.selectors import get_actor_for

STATES = ("connected", "pending", "requested")


def connection_entity(connection: Connection, me: Actor, account: dict[str, Any]) -> dict[str, Any]:
    """{id, account, state, note, created_at}; `state` is seen from `me`: pending requests to
    me are `pending`, mine are `requested`."""
    state: str = "connected"
    if not connection.is_connected:
        state = "requested" if connection.requester_id == me.id else "pending"
    return {
        "id": str(connection.id),
        "account": account,
        "state": state,
        "note": connection.note,
        "created_at": entities.iso_datetime(connection.created_at),
    }


def render(connections: list[Connection], me: Actor) -> list[dict[str, Any]]:
    rendered = accounts([row.other(me) for row in connections])
    return [
        connection_entity(row, me, account)
        for row, account in zip(connections, rendered, strict=True)
    ]


@api_view(methods=["GET", "POST"], scopes=["read:follows", "write:follows", "follow"])
def connections(request: ApiRequest) -> HttpResponse | dict[str, Any]:
    """GET lists the owner's connections in one `state` (default connected), paged by id;
    POST asks `account_id` to connect, with an optional `note` (201)."""
    me = request.require_user().actor
    if request.http.method == "POST":
        _require(request, "write:follows")
        recipient = graph.get_visible_actor_for(
            me, get_actor_for(request.viewer, parse_id(request.data.get("account_id", "")))
        )
        note = as_text(request.data.get("note", ""), "note")
        try:
            connection = services.request_connection(me, recipient=recipient, note=note)
        except ValidationError as error:
            if error.code in {"self", "blocked"}:
                raise refused(error) from error
            raise
        body = connection_entity(connection, me, accounts([recipient])[0])
        return JSONResponse(body, status=201 if body["state"] != "connected" else 200)
    _require(request, "read:follows")
    state = request.query.get("state", "connected")
    if state not in STATES:
        raise ValidationError({"state": _("Choose connected, pending or requested.")})
    rows = graph.list_connections_by_state(me, state=cast(ConnectionState, state))
    page = read_page(request, rows)
    return paged_response(request, page, lambda items: render(items, me))


def _answer(request: ApiRequest, connection_id: str, *, accept: bool) -> dict[str, Any]:
    me = request.require_user().actor
    pk = parse_id(connection_id)
    if accept:
        services.accept_connection(me, connection_id=pk)
        connection = graph.get_connection_for(me, pk)
        return render([connection], me)[0]
    services.decline_connection(me, connection_id=pk)
    return {}


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def accept(request: ApiRequest, connection_id: str) -> dict[str, Any]:
    return _answer(request, connection_id, accept=True)


@api_view(methods=["POST"], scopes=["write:follows", "follow"])
def decline(request: ApiRequest, connection_id: str) -> dict[str, Any]:
    return _answer(request, connection_id, accept=False)


@api_view(methods=["DELETE"], scopes=["write:follows", "follow"])
def remove(request: ApiRequest, connection_id: str) -> dict[str, Any]:
    """Ends a connection (both follows end) or withdraws the owner's own pending request."""
    me = request.require_user().actor
    services.remove_connection(me, connection_id=parse_id(connection_id))
    return {}


def _require(request: ApiRequest, scope: str) -> None:
    if not scopes_allow(request.scopes, [scope, "follow"]):
        raise ApiError(_("This action is outside the authorized scopes"), status=403)
