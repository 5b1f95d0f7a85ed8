"""/api/v2/search and /api/v1/accounts/search: shapes, anonymous rules, bad input, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.accounts.models import User
from candela.graph import services as graph
from candela.posts import services as posts


@pytest.fixture
def searcher(
    make_user: Callable[..., User],
    make_token: Callable[..., str],
    api_client: Callable[[str], Client],
) -> Client:
    return api_client(make_token(make_user("searcher")))


@pytest.fixture
def garden(make_user: Callable[..., User]) -> User:
    user = make_user("gardener")
    posts.publish_post(user.actor, text="Tomatoes in the #garden", visibility="public")
    posts.publish_post(user.actor, text="Tomatoes for friends", visibility="connections")
    return user


def test_v2_search_returns_accounts_statuses_and_hashtags(searcher: Client, garden: User) -> None:
    body = searcher.get("/api/v2/search", {"q": "garden"}).json()
    assert set(body) == {"accounts", "statuses", "hashtags"}
    assert [a["username"] for a in body["accounts"]] == ["gardener"]
    assert next(s["content"] for s in body["statuses"]).startswith("<p>Tomatoes in the")
    assert body["hashtags"][0]["name"] == "garden"
    assert body["hashtags"][0]["url"].endswith("/tags/garden")
    tomatoes = searcher.get("/api/v2/search", {"q": "tomatoes", "type": "statuses"}).json()
    assert len(tomatoes["statuses"]) == 1  # the connections-only post stays hidden
    assert tomatoes["accounts"] == []
    assert tomatoes["hashtags"] == []


def test_anonymous_search_finds_no_statuses_and_may_not_resolve_or_page(garden: User) -> None:
    client = Client()
    body = client.get("/api/v2/search", {"q": "garden"}).json()
    assert body["statuses"] == []
    assert len(body["accounts"]) == 1
    assert client.get("/api/v2/search", {"q": "garden", "resolve": "true"}).status_code == 401
    assert client.get("/api/v2/search", {"q": "garden", "offset": "5"}).status_code == 401


def test_resolve_finds_a_local_post_by_its_url(searcher: Client, garden: User) -> None:
    post = garden.actor.posts.filter(visibility="public").get()
    body = searcher.get("/api/v2/search", {"q": post.url, "resolve": "true"}).json()
    assert [s["id"] for s in body["statuses"]] == [str(post.id)]
    handle = f"@gardener@{settings.CANDELA_DOMAIN}"
    body = searcher.get("/api/v2/search", {"q": handle, "resolve": "true"}).json()
    assert [a["acct"] for a in body["accounts"]] == ["gardener"]


def test_account_id_keeps_only_that_accounts_statuses(
    searcher: Client, garden: User, make_user: Callable[..., User]
) -> None:
    other = make_user("other")
    posts.publish_post(other.actor, text="Tomatoes again", visibility="public")
    body = searcher.get(
        "/api/v2/search", {"q": "tomatoes", "type": "statuses", "account_id": str(other.actor.id)}
    ).json()
    assert [s["account"]["username"] for s in body["statuses"]] == ["other"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "a"},
        {"q": "x" * 500},
        {"q": '"'},
        {"q": "*"},
        {"q": "NEAR(garden"},
        {"q": "-garden"},
        {"q": "a:b"},
        {"q": "@"},
        {"q": "@@@"},
        {"q": "#"},
        {"q": "garden", "limit": "0"},
        {"q": "garden", "account_id": "nope"},
        {"q": "garden", "max_id": "zzz"},
    ],
)
def test_bad_input_never_fails(searcher: Client, garden: User, params: dict[str, str]) -> None:
    response = searcher.get("/api/v2/search", params)
    assert response.status_code in (200, 404)
    assert searcher.get("/api/v1/accounts/search", params).status_code == 200


@pytest.mark.parametrize(
    "params", [{}, {"q": "garden", "type": "people"}, {"q": "garden", "limit": "ten"}]
)
def test_malformed_parameters_are_a_400(searcher: Client, params: dict[str, str]) -> None:
    assert searcher.get("/api/v2/search", params).status_code == 400


def test_accounts_search_is_a_list_of_accounts(
    searcher: Client, garden: User, make_user: Callable[..., User]
) -> None:
    hermit = make_user("gardenhermit")
    hermit.actor.is_discoverable = False
    hermit.actor.save(update_fields=["is_discoverable"])
    body = searcher.get("/api/v1/accounts/search", {"q": "garden"}).json()
    assert [a["username"] for a in body] == ["gardener"]
    body = searcher.get("/api/v1/accounts/search", {"q": "@gardenhermit"}).json()
    assert [a["username"] for a in body] == ["gardenhermit"]


def test_blocked_accounts_are_not_found(
    searcher: Client, garden: User, make_user: Callable[..., User]
) -> None:
    me = User.objects.get(username="searcher").actor
    graph.block(garden.actor, target=me)
    body = searcher.get("/api/v2/search", {"q": "garden"}).json()
    assert body == {"accounts": [], "statuses": [], "hashtags": []}


def queries_for(client: Client, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v2/search", params).status_code == 200
    return len(captured)


def test_a_page_of_results_runs_a_fixed_number_of_queries(
    searcher: Client, make_user: Callable[..., User]
) -> None:
    def add(count: int) -> None:
        for _n in range(count):
            user = make_user()
            posts.publish_post(user.actor, text="Harvest #harvest", visibility="public")

    add(2)
    few = queries_for(searcher, {"q": "harvest"})
    add(6)
    assert queries_for(searcher, {"q": "harvest"}) == few


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/api/v2/search?q=garden", "read:search"),
        ("/api/v1/accounts/search?q=garden", "read:accounts"),
        ("/api/v1/timelines/public", "read:statuses"),
    ],
)
def test_public_endpoints_answer_without_a_token_but_check_the_scopes_of_one(
    make_user: Callable[..., User],
    make_token: Callable[..., str],
    api_client: Callable[[str], Client],
    garden: User,
    path: str,
    scope: str,
) -> None:
    reader = make_user("reader")
    assert Client().get(path).status_code == 200
    assert api_client(make_token(reader, scope=scope)).get(path).status_code == 200
    assert api_client(make_token(reader, scope="read")).get(path).status_code == 200
    refused = api_client(make_token(reader, scope="write")).get(path)
    assert refused.status_code == 403
    assert refused.json()["error"] == "This action is outside the authorized scopes"
