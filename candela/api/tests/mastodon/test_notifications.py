"""/api/v1/notifications and /api/v1/markers: entity shapes field by field, type filters,
pagination, dismiss and clear, unread count, markers, scopes and fixed query counts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.accounts.models import User
from candela.graph import services as graph
from candela.notifications.models import Notification
from candela.posts import services as posts
from candela.posts.models import Post, ReactionKind, Visibility
from candela.profiles.models import Actor

Committed = Callable[[], AbstractContextManager[None]]

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(make_user: Callable[..., User]) -> Actor:
    actor: Actor = make_user("ada").actor
    return actor


@pytest.fixture
def bob(make_user: Callable[..., User]) -> Actor:
    actor: Actor = make_user("bob").actor
    return actor


@pytest.fixture
def client(
    ada: Actor, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> Client:
    return api_client(make_token(ada.user))


def publish(author: Actor, committed: Committed, text: str, **kwargs: Any) -> Post:
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    with committed():
        return posts.publish_post(author, text=text, **kwargs)


def test_a_mention_in_mastodons_shape(client, ada, bob, committed):
    post = publish(bob, committed, "Hello @ada")
    notification = Notification.objects.get(recipient=ada)
    response = client.get("/api/v1/notifications")
    assert response.status_code == 200
    [data] = response.json()
    assert set(data) == {"id", "type", "created_at", "group_key", "account", "status", "candela"}
    assert data["id"] == str(notification.id)
    assert data["type"] == "mention"
    assert data["group_key"] == f"ungrouped-{notification.id}"
    assert data["created_at"].endswith("Z")
    assert data["account"]["id"] == str(bob.id)
    assert data["account"]["acct"] == "bob"
    assert data["account"]["statuses_count"] == 1
    assert data["status"]["id"] == str(post.id)
    assert data["status"]["mentions"][0]["acct"] == "ada"
    assert data["status"]["favourited"] is False
    assert data["candela"] == {
        "kind": "mention",
        "read": False,
        "emoji": None,
        "connection_id": None,
    }


def test_each_kind_has_its_mastodon_type_and_follows_carry_no_status(client, ada, bob, committed):
    original = publish(ada, committed, "Mine")
    publish(bob, committed, "An answer", in_reply_to_id=original.id)
    with committed():
        graph.follow(bob, target=ada)
        posts.react(bob, post_id=original.id)
        posts.react(bob, post_id=original.id, kind=ReactionKind.THANKS)
        boost = posts.boost(bob, post_id=original.id)
    with committed():
        connection_request = graph.request_connection(bob, recipient=ada)
    by_type = {n["type"]: n for n in client.get("/api/v1/notifications").json()}
    assert set(by_type) == {
        "mention",
        "follow",
        "favourite",
        "candela.reaction",
        "reblog",
        "candela.connection_request",
    }
    assert by_type["mention"]["candela"]["kind"] == "reply"
    assert "status" not in by_type["follow"]
    assert "status" not in by_type["candela.connection_request"]
    assert by_type["candela.connection_request"]["candela"]["connection_id"] == str(
        connection_request.id
    )
    assert by_type["candela.reaction"]["candela"]["emoji"] == "🙏"
    # A boost notification carries the post boosted, as on Mastodon.
    assert by_type["reblog"]["status"]["id"] == str(original.id)
    assert boost.id != original.id


def test_types_exclude_types_and_account_id_filter_the_list(client, ada, bob, make_user, committed):
    cy = make_user("cy").actor
    original = publish(ada, committed, "Mine")
    publish(bob, committed, "Hi @ada")
    with committed():
        graph.follow(cy, target=ada)
        posts.react(cy, post_id=original.id)

    def types(**query: Any) -> list[str]:
        return sorted(n["type"] for n in client.get("/api/v1/notifications", query).json())

    assert types(**{"types[]": ["mention", "follow"]}) == ["follow", "mention"]
    assert types(**{"exclude_types[]": ["mention"]}) == ["favourite", "follow"]
    assert types(**{"types[]": ["status", "poll"]}) == []
    assert types(account_id=str(cy.id)) == ["favourite", "follow"]
    assert client.get("/api/v1/notifications", {"account_id": "x1"}).status_code == 422


def test_pages_follow_the_link_header(client, ada, bob, committed):
    for n in range(3):
        publish(bob, committed, f"Message {n} @ada")
    ids = [str(i) for i in Notification.objects.order_by("-id").values_list("id", flat=True)]
    first = client.get("/api/v1/notifications", {"limit": 2, "types[]": "mention"})
    assert [n["id"] for n in first.json()] == ids[:2]
    assert f"max_id={ids[1]}" in first["Link"]
    assert "types%5B%5D=mention" in first["Link"]
    second = client.get("/api/v1/notifications", {"limit": 2, "max_id": ids[1]})
    assert [n["id"] for n in second.json()] == ids[2:]
    newer = client.get("/api/v1/notifications", {"min_id": ids[2], "limit": 1})
    assert [n["id"] for n in newer.json()] == [ids[1]]
    assert client.get("/api/v1/notifications", {"max_id": "abc"}).status_code == 422


def test_show_dismiss_and_clear(client, ada, bob, committed, make_token, api_client):
    publish(bob, committed, "Hi @ada")
    publish(bob, committed, "Hi again @ada")
    publish(ada, committed, "Hi @bob")
    first, second = Notification.objects.filter(recipient=ada).order_by("id")
    theirs = Notification.objects.get(recipient=bob)
    assert client.get(f"/api/v1/notifications/{first.id}").json()["id"] == str(first.id)
    assert client.get(f"/api/v1/notifications/{theirs.id}").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.id}/dismiss").status_code == 404
    response = client.post(f"/api/v1/notifications/{first.id}/dismiss")
    assert (response.status_code, response.json()) == (200, {})
    assert [n["id"] for n in client.get("/api/v1/notifications").json()] == [str(second.id)]
    assert client.post("/api/v1/notifications/clear").json() == {}
    assert client.get("/api/v1/notifications").json() == []
    assert Notification.objects.filter(recipient=bob).exists()


def test_unread_count_is_capped_and_filtered(client, ada, bob, committed):
    for n in range(3):
        publish(bob, committed, f"Message {n} @ada")
    with committed():
        graph.follow(bob, target=ada)
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 4}
    assert client.get("/api/v1/notifications/unread_count", {"limit": 2}).json() == {"count": 2}
    only_follows = client.get("/api/v1/notifications/unread_count", {"types[]": "follow"})
    assert only_follows.json() == {"count": 1}


def test_the_notifications_marker_marks_read(client, ada, bob, committed):
    publish(bob, committed, "One @ada")
    newest = Notification.objects.get(recipient=ada)
    publish(bob, committed, "Two @ada")
    assert client.get("/api/v1/markers", {"timeline[]": ["home", "notifications"]}).json() == {}
    saved = client.post(
        "/api/v1/markers",
        {"notifications[last_read_id]": str(newest.id), "home[last_read_id]": "123"},
    )
    assert saved.status_code == 200
    body = saved.json()
    assert body["notifications"]["last_read_id"] == str(newest.id)
    assert body["notifications"]["version"] == 1
    assert body["home"] == {
        "last_read_id": "123",
        "version": 1,
        "updated_at": body["home"]["updated_at"],
    }
    assert client.get("/api/v1/notifications/unread_count").json() == {"count": 1}
    read = client.get("/api/v1/notifications").json()
    assert [n["candela"]["read"] for n in read] == [False, True]
    as_json = client.post(
        "/api/v1/markers",
        {"notifications": {"last_read_id": str(newest.id + 10**9)}},
        content_type="application/json",
    )
    assert as_json.json()["notifications"]["version"] == 2
    got = client.get("/api/v1/markers", {"timeline[]": "notifications"}).json()
    assert set(got) == {"notifications"}
    assert client.post("/api/v1/markers", {"home[last_read_id]": "x"}).status_code == 422


@pytest.mark.parametrize(
    ("scope", "method", "path", "status"),
    [
        ("read:statuses", "get", "/api/v1/notifications", 403),
        ("read:notifications", "get", "/api/v1/notifications", 200),
        ("read:notifications", "post", "/api/v1/notifications/clear", 403),
        ("write:notifications", "post", "/api/v1/notifications/clear", 200),
        ("read:statuses", "get", "/api/v1/markers", 200),
        ("read:statuses", "post", "/api/v1/markers", 403),
        ("write:statuses", "post", "/api/v1/markers", 200),
    ],
)
def test_scopes(ada, make_token, api_client, scope, method, path, status):
    client = api_client(make_token(ada.user, scope=scope))
    assert getattr(client, method)(path).status_code == status


def test_anonymous_requests_are_refused():
    assert Client().get("/api/v1/notifications").status_code == 401


def test_the_list_runs_a_fixed_number_of_queries(client, ada, bob, make_user, committed):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/notifications").status_code == 200
        return len(queries)

    publish(bob, committed, "Hi @ada")
    few = count()
    for n in range(4):
        other = make_user(f"friend{n}").actor
        mine = publish(ada, committed, f"Mine {n}")
        publish(other, committed, f"Hi @ada, #tag{n}", in_reply_to_id=mine.id)
        with committed():
            graph.follow(other, target=ada)
            posts.react(other, post_id=mine.id)
            posts.react(other, post_id=mine.id, kind=ReactionKind.HEART)
            posts.boost(other, post_id=mine.id)
    assert Notification.objects.filter(recipient=ada).count() > 15
    assert count() == few
