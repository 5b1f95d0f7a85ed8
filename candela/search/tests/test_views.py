"""The search page: sections, tabs, empty states, pages, and a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.accounts.models import User
from candela.posts import services


@pytest.fixture
def client_for(make_user: Callable[..., User]) -> Client:
    client = Client()
    client.force_login(make_user("searcher"))
    return client


def test_the_header_has_a_labelled_search_box(client_for: Client) -> None:
    page = client_for.get("/search/").content.decode()
    assert 'for="header-search-query"' in page
    assert 'action="/search/"' in page


def test_every_section_shows_its_results_or_an_empty_state(
    client_for: Client, make_user: Callable[..., User]
) -> None:
    author = make_user("planter")
    services.publish_post(author.actor, text="Seedlings #planting", visibility="public")
    page = client_for.get("/search/", {"q": "planting"}).content.decode()
    assert "#planting" in page
    assert "Seedlings" in page
    assert "Nobody matches" in page
    empty = client_for.get("/search/", {"q": "zzzqqq", "type": "posts"}).content.decode()
    assert "No posts match “zzzqqq”." in empty


def test_results_are_paged(client_for: Client, make_user: Callable[..., User]) -> None:
    author = make_user("planter")
    for n in range(21):
        services.publish_post(author.actor, text=f"Seedling {n}", visibility="public")
    first = client_for.get("/search/", {"q": "seedling", "type": "posts"}).content.decode()
    assert "page=2" in first
    second = client_for.get("/search/", {"q": "seedling", "type": "posts", "page": "2"})
    assert second.content.decode().count('class="post card"') == 1


@pytest.mark.parametrize("query", ["", "a", "x" * 500, '"*NEAR(-:', "@", "#", "page=-1"])
def test_bad_input_renders_a_page(client_for: Client, query: str) -> None:
    for kind in ["", "accounts", "hashtags", "posts", "nonsense"]:
        response = client_for.get("/search/", {"q": query, "type": kind, "page": "-3"})
        assert response.status_code == 200


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    response = Client().get("/search/", {"q": "x"})
    assert response.status_code == 302


def test_a_page_of_posts_runs_a_fixed_number_of_queries(
    client_for: Client, make_user: Callable[..., User]
) -> None:
    def add(count: int) -> None:
        for _n in range(count):
            services.publish_post(make_user().actor, text="Compost", visibility="public")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_for.get("/search/", {"q": "compost"})
        return len(captured)

    add(1)
    few = count()
    add(5)
    assert count() == few
