"""/api/v1/timelines: home, public, tag and list; shapes, pagination, bad ids, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.accounts.models import User
from candela.api.mastodon import status_entities as status_json
from candela.graph import services as graph
from candela.posts import services as posts
from candela.profiles.models import Actor

Committed = Callable[[], Any]


@pytest.fixture
def reader(make_user: Callable[..., User], make_token: Callable[..., str]) -> tuple[Actor, Client]:
    user = make_user("reader")
    return user.actor, Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


@pytest.fixture
def author(make_user: Callable[..., User]) -> Actor:
    actor: Actor = make_user("author").actor
    return actor


def _publish(author: Actor, count: int, **kwargs: Any) -> list[int]:
    kwargs.setdefault("visibility", "public")
    return [posts.publish_post(author, text=f"Post {n} #news", **kwargs).id for n in range(count)]


def test_home_lists_followed_posts_and_boosts_as_statuses_with_a_link_header(
    reader: tuple[Actor, Client], author: Actor, committed: Committed
) -> None:
    me, client = reader
    with committed():
        graph.follow(me, target=author)
        ids = _publish(author, 3)
        boost = posts.boost(author, post_id=ids[0])
    response = client.get("/api/v1/timelines/home?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert [s["id"] for s in body] == [str(boost.id), str(ids[2])]
    assert body[0]["reblog"]["id"] == str(ids[0])
    assert body[1]["account"]["username"] == "author"
    assert body[1]["favourited"] is False
    assert body[1]["tags"] == [{"name": "news", "url": body[1]["tags"][0]["url"]}]
    assert f"max_id={ids[2]}" in response["Link"]
    assert 'rel="next"' in response["Link"]
    older = client.get(f"/api/v1/timelines/home?limit=2&max_id={ids[2]}").json()
    assert [s["id"] for s in older] == [str(ids[1]), str(ids[0])]


def test_home_shows_the_readers_own_favourite_and_boost(
    reader: tuple[Actor, Client], author: Actor, committed: Committed
) -> None:
    me, client = reader
    with committed():
        graph.follow(me, target=author)
        (post_id,) = _publish(author, 1)
        posts.react(me, post_id=post_id)
        posts.boost(me, post_id=post_id)
    body = client.get("/api/v1/timelines/home").json()
    original = next(s for s in body if s["id"] == str(post_id))
    assert original["favourited"] is True
    assert original["reblogged"] is True
    assert original["favourites_count"] == 1


def test_home_runs_a_fixed_number_of_queries(
    reader: tuple[Actor, Client], make_user: Callable[..., User], committed: Committed
) -> None:
    me, client = reader
    queries: dict[int, tuple[int, int]] = {}
    for entries in (1, 12):
        with committed():
            for n in range(entries):
                other = make_user(f"writer{entries}x{n}").actor
                graph.follow(me, target=other)
                _publish(other, 1)
        cache.clear()
        status_json.forget_local_parts()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(f"/api/v1/timelines/home?limit={entries}").status_code == 200
        with CaptureQueriesContext(connection) as warm:
            response = client.get(f"/api/v1/timelines/home?limit={entries}")
        assert len(response.json()) == entries
        queries[entries] = (len(cold), len(warm))
    # Whatever the page holds, the same number of queries; once the rendered statuses are
    # cached, one to authenticate (the token with its user and actor) and one for the page:
    # its numbers, with the reader's own reactions and boosts.
    assert queries[1] == queries[12]
    assert queries[12][1] == 2, queries


@pytest.mark.parametrize(
    "query", ["max_id=abc", "since_id=-1", "min_id=1e5", "max_id=99999999999999999999"]
)
def test_a_malformed_id_is_a_422_json_error(reader: tuple[Actor, Client], query: str) -> None:
    _, client = reader
    for path in ("home", "public", "tag/news"):
        response = client.get(f"/api/v1/timelines/{path}?{query}")
        assert response.status_code == 422, path
        assert "error" in response.json()


def test_home_needs_a_token(db: Any) -> None:
    response = Client().get("/api/v1/timelines/home")
    assert response.status_code == 401
    assert "error" in response.json()


def test_public_lists_public_top_level_posts_only(author: Actor, committed: Committed) -> None:
    with committed():
        public = _publish(author, 2)
        _publish(author, 1, visibility="unlisted")
        _publish(author, 1, visibility="connections")
        posts.boost(author, post_id=public[0])
    for query in ("", "?local=true"):
        body = Client().get(f"/api/v1/timelines/public{query}").json()
        assert [s["id"] for s in body] == [str(i) for i in reversed(public)]
    assert Client().get("/api/v1/timelines/public?remote=true").json() == []
    assert Client().get("/api/v1/timelines/public?only_media=true").json() == []


def test_public_leaves_out_blocked_and_muted_accounts(
    reader: tuple[Actor, Client],
    author: Actor,
    make_user: Callable[..., User],
    committed: Committed,
) -> None:
    me, client = reader
    loud = make_user("loud").actor
    with committed():
        _publish(author, 1)
        _publish(loud, 1)
        graph.block(me, target=author)
        graph.mute(me, target=loud)
    assert client.get("/api/v1/timelines/public").json() == []
    assert len(Client().get("/api/v1/timelines/public").json()) == 2


def test_tag_lists_public_posts_with_the_hashtag_whatever_its_case(
    author: Actor, committed: Committed, db: Any
) -> None:
    with committed():
        ids = _publish(author, 2)
        posts.publish_post(author, text="No tag", visibility="public")
    body = Client().get("/api/v1/timelines/tag/NEWS").json()
    assert [s["id"] for s in body] == [str(i) for i in reversed(ids)]
    assert Client().get("/api/v1/timelines/tag/unknown").json() == []


def test_list_shows_the_circle_members_posts_from_the_home_feed(
    reader: tuple[Actor, Client],
    author: Actor,
    make_user: Callable[..., User],
    committed: Committed,
) -> None:
    me, client = reader
    other = make_user("other").actor
    with committed():
        graph.follow(me, target=author)
        graph.follow(me, target=other)
        circle = graph.create_circle(me, name="Work")
        graph.add_circle_members(me, circle_id=circle.id, actor_ids=[author.id])
        ids = _publish(author, 2)
        _publish(other, 1)
    body = client.get(f"/api/v1/timelines/list/{circle.id}").json()
    assert [s["id"] for s in body] == [str(i) for i in reversed(ids)]


@pytest.mark.parametrize("list_id", ["999", "abc", "-1"])
def test_list_of_an_unknown_or_foreign_circle_is_a_404(
    reader: tuple[Actor, Client], list_id: str
) -> None:
    _, client = reader
    response = client.get(f"/api/v1/timelines/list/{list_id}")
    assert response.status_code == 404
    assert "error" in response.json()


def test_list_of_someone_elses_circle_is_a_404(
    reader: tuple[Actor, Client], author: Actor, committed: Committed
) -> None:
    _, client = reader
    with committed():
        circle = graph.create_circle(author, name="Theirs")
    assert client.get(f"/api/v1/timelines/list/{circle.id}").status_code == 404
