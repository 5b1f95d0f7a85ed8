"""Follows, blocks, mutes, follow requests, relationships and lists through the Mastodon API."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.accounts.models import User
from candela.graph import selectors, services
from candela.profiles.models import Actor

pytestmark = pytest.mark.django_db

RELATIONSHIP_FIELDS = {
    "id",
    "following",
    "showing_reblogs",
    "notifying",
    "languages",
    "followed_by",
    "blocking",
    "blocked_by",
    "muting",
    "muting_notifications",
    "requested",
    "requested_by",
    "domain_blocking",
    "endorsed",
    "note",
    "candela_connection",
}


@pytest.fixture
def me(make_user: Callable[..., User]) -> User:
    return make_user("ada")


@pytest.fixture
def client_for(
    make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> Callable[..., Client]:
    def make(user: User, scope: str = "read write follow") -> Client:
        return api_client(make_token(user, scope=scope))

    return make


@pytest.fixture
def ada(me: User, client_for: Callable[..., Client]) -> Client:
    return client_for(me)


def actor(user: User) -> Actor:
    return user.actor


def test_follow_answers_the_relationship_field_by_field(
    ada: Client, me: User, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob")

    response = ada.post(f"/api/v1/accounts/{bob.actor.id}/follow", {"reblogs": "false"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == RELATIONSHIP_FIELDS
    assert body == {
        "id": str(bob.actor.id),
        "following": True,
        "showing_reblogs": False,
        "notifying": False,
        "languages": None,
        "followed_by": False,
        "blocking": False,
        "blocked_by": False,
        "muting": False,
        "muting_notifications": False,
        "requested": False,
        "requested_by": False,
        "domain_blocking": False,
        "endorsed": False,
        "note": "",
        "candela_connection": "none",
    }


def test_following_a_locked_account_is_requested_and_listed_for_them(
    ada: Client, me: User, make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    bob = make_user("bob")
    bob.actor.is_locked = True
    bob.actor.save(update_fields=["is_locked"])

    body = ada.post(f"/api/v1/accounts/{bob.actor.id}/follow").json()
    assert (body["following"], body["requested"]) == (False, True)

    bobs = client_for(bob)
    listed = bobs.get("/api/v1/follow_requests").json()
    assert [account["id"] for account in listed] == [str(me.actor.id)]
    answer = bobs.post(f"/api/v1/follow_requests/{me.actor.id}/authorize").json()
    assert answer["followed_by"] is True
    assert bobs.post(f"/api/v1/follow_requests/{me.actor.id}/reject").status_code == 404


def test_following_oneself_is_forbidden(ada: Client, me: User) -> None:
    response = ada.post(f"/api/v1/accounts/{me.actor.id}/follow")

    assert response.status_code == 403
    assert response.json() == {"error": "You cannot follow yourself."}


def test_an_account_that_blocked_me_is_not_found(
    ada: Client, me: User, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob")
    services.block(bob.actor, target=me.actor)

    assert ada.post(f"/api/v1/accounts/{bob.actor.id}/follow").status_code == 404
    assert ada.get(f"/api/v1/accounts/{bob.actor.id}/followers").status_code == 404
    assert ada.get(f"/api/v1/accounts/{bob.actor.id}").status_code == 404


def test_follow_needs_a_follow_scope(
    me: User, make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    bob = make_user("bob")

    response = client_for(me, scope="read").post(f"/api/v1/accounts/{bob.actor.id}/follow")

    assert response.status_code == 403
    assert not selectors.is_following(me.actor, bob.actor)


def test_block_mute_and_undo_them(ada: Client, me: User, make_user: Callable[..., User]) -> None:
    bob = make_user("bob")
    ada.post(f"/api/v1/accounts/{bob.actor.id}/follow")

    blocked = ada.post(f"/api/v1/accounts/{bob.actor.id}/block").json()
    assert (blocked["blocking"], blocked["following"]) == (True, False)
    assert [a["id"] for a in ada.get("/api/v1/blocks").json()] == [str(bob.actor.id)]
    assert ada.post(f"/api/v1/accounts/{bob.actor.id}/unblock").json()["blocking"] is False

    muted = ada.post(
        f"/api/v1/accounts/{bob.actor.id}/mute", {"notifications": "false", "duration": "60"}
    ).json()
    assert (muted["muting"], muted["muting_notifications"]) == (True, False)
    listed = ada.get("/api/v1/mutes").json()
    assert listed[0]["id"] == str(bob.actor.id)
    assert listed[0]["mute_expires_at"].endswith("Z")
    assert ada.post(f"/api/v1/accounts/{bob.actor.id}/unmute").json()["muting"] is False


def test_relationships_keep_the_order_asked_and_carry_the_connection(
    ada: Client, me: User, make_user: Callable[..., User]
) -> None:
    bob, cy = make_user("bob"), make_user("cy")
    services.request_connection(bob.actor, recipient=me.actor)
    services.request_connection(me.actor, recipient=cy.actor)

    response = ada.get(
        f"/api/v1/accounts/relationships?id[]={cy.actor.id}&id[]={bob.actor.id}&id[]=junk"
    )

    assert [(r["id"], r["candela_connection"]) for r in response.json()] == [
        (str(cy.actor.id), "requested"),
        (str(bob.actor.id), "pending"),
    ]


def test_followers_page_by_link_header_and_count_in_the_account(
    ada: Client, me: User, make_user: Callable[..., User]
) -> None:
    fans = [make_user(f"fan{n}") for n in range(3)]
    for fan in fans:
        services.follow(fan.actor, target=me.actor)

    first = ada.get(f"/api/v1/accounts/{me.actor.id}/followers?limit=2")
    older = first["Link"].split(",")[0].split(";")[0].strip("<> ")
    second = ada.get(older.removeprefix("http://localhost:8000"))

    names = [a["username"] for a in first.json() + second.json()]
    assert names == [fan.username for fan in reversed(fans)]
    assert first.json()[0]["following_count"] == 1
    assert 'rel="next"' in first["Link"]
    assert 'rel="prev"' in first["Link"]
    assert 'rel="next"' not in second["Link"]
    assert ada.get(f"/api/v1/accounts/{me.actor.id}").json()["followers_count"] == 3


def test_a_malformed_pagination_id_is_a_json_error(ada: Client, me: User) -> None:
    response = ada.get(f"/api/v1/accounts/{me.actor.id}/followers?max_id=abc")

    assert response.status_code == 422
    assert "max_id" in response.json()["details"]


def test_the_followers_endpoint_runs_the_same_queries_whatever_the_page_holds(
    ada: Client, me: User, make_user: Callable[..., User]
) -> None:
    url = f"/api/v1/accounts/{me.actor.id}/followers"

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ada.get(url).status_code == 200
        return len(captured)

    services.follow(make_user("first").actor, target=me.actor)
    one = queries_for_page()
    for n in range(6):
        services.follow(make_user(f"f{n}").actor, target=me.actor)

    assert queries_for_page() == one


def test_lists_are_circles(ada: Client, me: User, make_user: Callable[..., User]) -> None:
    bob, cy = make_user("bob"), make_user("cy")
    services.follow(me.actor, target=bob.actor)

    created = ada.post("/api/v1/lists", {"title": "Climbing"})
    assert created.status_code == 200
    body = created.json()
    assert set(body) == {"id", "title", "replies_policy", "exclusive"}
    list_id = body["id"]
    assert ada.post("/api/v1/lists", {"title": "climbing"}).status_code == 422

    added = ada.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [bob.actor.id]})
    assert added.json() == {}
    refused = ada.post(f"/api/v1/lists/{list_id}/accounts", {"account_ids[]": [cy.actor.id]})
    assert refused.status_code == 422
    members = ada.get(f"/api/v1/lists/{list_id}/accounts").json()
    assert [a["id"] for a in members] == [str(bob.actor.id)]

    renamed = ada.put(
        f"/api/v1/lists/{list_id}", json.dumps({"title": "Bouldering"}), "application/json"
    )
    assert renamed.json()["title"] == "Bouldering"
    assert [entry["title"] for entry in ada.get("/api/v1/lists").json()] == ["Bouldering"]
    assert ada.delete(f"/api/v1/lists/{list_id}").json() == {}
    assert ada.get(f"/api/v1/lists/{list_id}").status_code == 404


def test_someone_elses_list_is_not_found(ada: Client, make_user: Callable[..., User]) -> None:
    bob = make_user("bob")
    circle = services.create_circle(bob.actor, name="Private")

    assert ada.get(f"/api/v1/lists/{circle.id}").status_code == 404
    assert ada.get(f"/api/v1/lists/{circle.id}/accounts").status_code == 404
