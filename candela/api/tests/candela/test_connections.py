"""Candela's connections API through HTTP, and its OpenAPI document."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from candela.accounts.models import User
from candela.api.candela.openapi import DOCUMENT
from candela.api.candela.urls import urlpatterns
from candela.graph import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(
    make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> Callable[..., Client]:
    def make(user: User, scope: str = "read write follow") -> Client:
        return api_client(make_token(user, scope=scope))

    return make


def test_a_request_is_created_listed_and_accepted(
    make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    adas, bobs = client_for(ada), client_for(bob)

    created = adas.post(
        "/api/candela/v1/connections", {"account_id": str(bob.actor.id), "note": "Hi!"}
    )

    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "account", "state", "note", "created_at"}
    assert (body["state"], body["note"], body["account"]["id"]) == (
        "requested",
        "Hi!",
        str(bob.actor.id),
    )
    assert body["created_at"].endswith("Z")
    pending = bobs.get("/api/candela/v1/connections?state=pending").json()
    assert [(c["id"], c["state"], c["account"]["username"]) for c in pending] == [
        (body["id"], "pending", "ada")
    ]
    assert adas.get("/api/candela/v1/connections?state=requested").json()[0]["id"] == body["id"]

    accepted = bobs.post(f"/api/candela/v1/connections/{body['id']}/accept")

    assert accepted.json()["state"] == "connected"
    assert [c["account"]["username"] for c in adas.get("/api/candela/v1/connections").json()] == [
        "bob"
    ]
    assert bobs.post(f"/api/candela/v1/connections/{body['id']}/accept").status_code == 422
    assert selectors.are_connected(ada.actor, bob.actor)


def test_only_the_recipient_answers_and_either_side_removes(
    make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    connection = services.request_connection(ada.actor, recipient=bob.actor)
    adas, bobs = client_for(ada), client_for(bob)

    assert adas.post(f"/api/candela/v1/connections/{connection.id}/accept").status_code == 404
    assert bobs.post(f"/api/candela/v1/connections/{connection.id}/decline").json() == {}
    assert bobs.get("/api/candela/v1/connections?state=pending").json() == []

    again = services.request_connection(ada.actor, recipient=bob.actor)
    services.accept_connection(bob.actor, connection_id=again.id)
    assert bobs.delete(f"/api/candela/v1/connections/{again.id}").json() == {}
    assert not selectors.is_following(ada.actor, bob.actor)


@pytest.mark.parametrize(
    ("setup", "status"), [("self", 403), ("blocked", 404), ("twice", 422), ("unknown", 404)]
)
def test_bad_connection_requests_answer_json_errors(
    make_user: Callable[..., User], client_for: Callable[..., Client], setup: str, status: int
) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    target = ada if setup == "self" else bob
    if setup == "blocked":
        services.block(bob.actor, target=ada.actor)
    if setup == "twice":
        services.request_connection(ada.actor, recipient=bob.actor)
    account_id = "12345" if setup == "unknown" else str(target.actor.id)

    response = client_for(ada).post("/api/candela/v1/connections", {"account_id": account_id})

    assert response.status_code == status
    assert "error" in response.json()


def test_a_state_that_does_not_exist_is_refused(
    make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    response = client_for(make_user("ada")).get("/api/candela/v1/connections?state=friends")

    assert response.status_code == 422


def test_connections_need_a_token(db: object) -> None:
    assert Client().get("/api/candela/v1/connections").status_code == 401


def test_the_openapi_document_is_valid_json_and_lists_every_candela_route() -> None:
    document = json.loads(DOCUMENT.read_text())
    served = Client().get("/api/candela/v1/openapi.json").json()

    assert served["openapi"] == document["openapi"] == "3.1.0"
    documented = set(document["paths"])
    expected = {
        "/api/candela/v1/openapi.json",
        "/api/candela/v1/connections",
        "/api/candela/v1/connections/{id}/accept",
        "/api/candela/v1/connections/{id}/decline",
        "/api/candela/v1/connections/{id}",
        "/api/candela/v1/statuses/{id}/reactions/{emoji}",
    }
    assert documented == expected
    in_code = {
        "/"
        + str(p.pattern)
        .replace("<str:connection_id>", "{id}")
        .replace("<str:status_id>", "{id}")
        .replace("<str:emoji>", "{emoji}")
        for p in urlpatterns
    }
    assert in_code == documented
