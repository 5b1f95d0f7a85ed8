from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candela.posts import services
from candela.posts.models import Post
from candela.profiles.tests.pictures import png_bytes, upload


@pytest.fixture
def ada(make_user, make_token, api_client):
    user = make_user("ada")
    return api_client(make_token(user)), user.actor


@pytest.fixture
def bob(make_user, make_token, api_client):
    user = make_user("bob")
    return api_client(make_token(user)), user.actor


def test_create_returns_a_status_in_mastodons_shape(ada, bob):
    client, _actor = ada
    response = client.post(
        "/api/v1/statuses",
        {"status": "Hello @bob #Tag", "visibility": "private", "spoiler_text": "cw"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["visibility"] == "private"
    assert data["candela"]["visibility"] == "connections"
    assert data["sensitive"] is True
    assert data["mentions"][0]["acct"] == "bob"
    assert data["tags"] == [{"name": "tag", "url": "http://localhost:8000/tags/tag"}]
    assert data["account"]["statuses_count"] == 1
    assert data["account"]["last_status_at"] is not None
    assert data["favourited"] is False
    for key in ("id", "uri", "url", "created_at", "content", "media_attachments", "reblog"):
        assert key in data
    assert isinstance(data["id"], str)


def test_idempotency_key_returns_the_same_status(ada):
    client, _actor = ada
    first = client.post("/api/v1/statuses", {"status": "once"}, HTTP_IDEMPOTENCY_KEY="abc")
    again = client.post("/api/v1/statuses", {"status": "once"}, HTTP_IDEMPOTENCY_KEY="abc")
    assert first.json()["id"] == again.json()["id"]
    assert Post.objects.count() == 1


def test_bad_input_is_a_422_and_malformed_ids_are_404(ada):
    client, _actor = ada
    assert client.post("/api/v1/statuses", {"status": ""}).status_code == 422
    assert client.post("/api/v1/statuses", {"status": "x", "visibility": "x"}).status_code == 422
    reply = client.post("/api/v1/statuses", {"status": "x", "in_reply_to_id": "nope"})
    assert reply.status_code == 404
    assert client.get("/api/v1/statuses/abc").status_code == 404
    assert client.get("/api/v1/statuses/99999999999999999999999").json() == {
        "error": "Record not found"
    }
    assert client.post("/api/v1/statuses/abc/favourite").status_code == 404
    assert client.get("/api/v1/accounts/abc/statuses").status_code == 404


def test_edit_source_history_and_delete_and_redraft(ada):
    client, _actor = ada
    status_id = client.post("/api/v1/statuses", {"status": "first"}).json()["id"]
    edited = client.put(
        f"/api/v1/statuses/{status_id}", {"status": "second"}, content_type="application/json"
    )
    assert edited.json()["edited_at"] is not None
    assert client.get(f"/api/v1/statuses/{status_id}/source").json() == {
        "id": status_id,
        "text": "second",
        "spoiler_text": "",
    }
    history = client.get(f"/api/v1/statuses/{status_id}/history").json()
    assert [h["content"] for h in history] == ["<p>first</p>", "<p>second</p>"]
    deleted = client.delete(f"/api/v1/statuses/{status_id}")
    assert deleted.json()["text"] == "second"
    assert client.get(f"/api/v1/statuses/{status_id}").status_code == 404


def test_someone_elses_status_cannot_be_edited_or_deleted(ada, bob):
    client, _actor = ada
    other, _bob = bob
    status_id = client.post("/api/v1/statuses", {"status": "mine"}).json()["id"]
    assert (
        other.put(
            f"/api/v1/statuses/{status_id}", {"status": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert other.delete(f"/api/v1/statuses/{status_id}").status_code == 403


def test_favourite_reblog_and_lists_of_who(ada, bob):
    client, _actor = ada
    other, _bob_actor = bob
    status_id = client.post("/api/v1/statuses", {"status": "boost me"}).json()["id"]
    faved = other.post(f"/api/v1/statuses/{status_id}/favourite").json()
    assert faved["favourited"] is True
    assert faved["favourites_count"] == 1
    boost = other.post(f"/api/v1/statuses/{status_id}/reblog").json()
    assert boost["reblog"]["id"] == status_id
    assert boost["reblog"]["reblogged"] is True
    assert [
        a["username"] for a in client.get(f"/api/v1/statuses/{status_id}/favourited_by").json()
    ] == ["bob"]
    assert [
        a["username"] for a in client.get(f"/api/v1/statuses/{status_id}/reblogged_by").json()
    ] == ["bob"]
    assert [s["id"] for s in other.get("/api/v1/favourites").json()] == [status_id]
    reacted = other.post(f"/api/candela/v1/statuses/{status_id}/reactions/🎉").json()
    assert {"name": "🎉", "count": 1, "me": True} in reacted["candela"]["reactions"]
    taken_back = other.delete(f"/api/candela/v1/statuses/{status_id}/reactions/🎉").json()
    assert {"name": "🎉", "count": 0, "me": False} in taken_back["candela"]["reactions"]
    assert other.post(f"/api/candela/v1/statuses/{status_id}/reactions/💩").status_code == 422
    unboosted = other.post(f"/api/v1/statuses/{status_id}/unreblog").json()
    assert unboosted["reblogged"] is False
    unfaved = other.post(f"/api/v1/statuses/{status_id}/unfavourite").json()
    assert unfaved["favourited"] is False


def test_reblog_of_a_limited_post_is_forbidden(ada):
    client, _actor = ada
    status_id = client.post("/api/v1/statuses", {"status": "x", "visibility": "private"}).json()[
        "id"
    ]
    assert client.post(f"/api/v1/statuses/{status_id}/reblog").status_code == 403


def test_context_lists_ancestors_and_descendants(ada, bob):
    client, actor = ada
    other, _bob = bob
    root = client.post("/api/v1/statuses", {"status": "root"}).json()["id"]
    reply = other.post("/api/v1/statuses", {"status": "r", "in_reply_to_id": root}).json()
    assert reply["in_reply_to_id"] == root
    assert reply["in_reply_to_account_id"] == str(actor.id)
    context = client.get(f"/api/v1/statuses/{reply['id']}/context").json()
    assert [s["id"] for s in context["ancestors"]] == [root]
    assert context["descendants"] == []
    context = client.get(f"/api/v1/statuses/{root}/context").json()
    assert [s["id"] for s in context["descendants"]] == [reply["id"]]


def test_media_upload_update_and_attach(ada):
    client, _actor = ada
    response = client.post(
        "/api/v2/media", {"file": upload(png_bytes(2400, 1200)), "description": "teal"}
    )
    assert response.status_code == 200
    media = response.json()
    assert media["type"] == "image"
    assert media["meta"]["original"]["width"] == 1920
    assert media["description"] == "teal"
    updated = client.put(
        f"/api/v1/media/{media['id']}",
        {"description": "a teal field", "focus": "0.5,-0.5"},
        content_type="application/json",
    ).json()
    assert updated["meta"]["focus"] == {"x": 0.5, "y": -0.5}
    status = client.post("/api/v1/statuses", {"status": "", "media_ids[]": [media["id"]]}).json()
    assert status["media_attachments"][0]["description"] == "a teal field"
    assert client.post("/api/v2/media", {"file": upload(b"nope")}).status_code == 422
    assert client.get("/api/v1/media/123").status_code == 404


def test_account_statuses_filters_and_paginates_with_a_link_header(ada, bob):
    _client, actor = ada
    other, bob_actor = bob
    root = services.publish_post(bob_actor, text="bob", visibility="public")
    ids = [services.publish_post(actor, text=f"post {n}", visibility="public").id for n in range(3)]
    services.publish_post(actor, text="reply", visibility="public", in_reply_to_id=root.id)
    services.boost(actor, post_id=root.id)
    url = f"/api/v1/accounts/{actor.id}/statuses"
    assert len(other.get(url).json()) == 5
    assert len(other.get(url, {"exclude_replies": "true"}).json()) == 4
    assert len(other.get(url, {"exclude_reblogs": "true", "exclude_replies": "1"}).json()) == 3
    assert other.get(url, {"only_media": "true"}).json() == []
    first = other.get(url, {"limit": 2, "exclude_reblogs": "1", "exclude_replies": "1"})
    assert [s["id"] for s in first.json()] == [str(ids[2]), str(ids[1])]
    assert 'rel="next"' in first["Link"]
    assert other.get(url, {"max_id": "x"}).status_code == 422


def test_account_statuses_runs_a_fixed_number_of_queries(ada, bob, make_user):
    _client, actor = ada
    other, bob_actor = bob
    url = f"/api/v1/accounts/{actor.id}/statuses"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert other.get(url).status_code == 200
        return len(queries)

    def add_rich_posts(start: int, number: int) -> None:
        """Boosts, replies with mentions, hashtags, a picture, favourites and reactions."""
        for n in range(start, start + number):
            carol = make_user(f"carol{n}").actor
            root = services.publish_post(carol, text=f"#t{n} @bob", visibility="public")
            services.boost(actor, post_id=root.id)
            media = services.upload_media(actor, file=upload(png_bytes(20, 20)))
            post = services.publish_post(
                actor,
                text=f"@carol{n} #x{n}",
                visibility="public",
                in_reply_to_id=root.id,
                media_ids=[media.id],
            )
            services.react(bob_actor, post_id=post.id)
            services.react(carol, post_id=post.id, kind="🎉")

    add_rich_posts(0, 2)
    small = count()
    add_rich_posts(2, 8)
    assert count() == small


@pytest.mark.parametrize(
    "path",
    ["context", "favourited_by", "reblogged_by", "favourites"],
)
def test_list_endpoints_run_a_fixed_number_of_queries(ada, bob, make_user, path):
    client, actor = ada
    _other, bob_actor = bob
    root = services.publish_post(actor, text="root", visibility="public")
    url = "/api/v1/favourites" if path == "favourites" else f"/api/v1/statuses/{root.id}/{path}"

    def add(start: int, number: int) -> None:
        for n in range(start, start + number):
            carol = make_user(f"carol{n}").actor
            services.react(carol, post_id=root.id)
            services.boost(carol, post_id=root.id)
            reply = services.publish_post(
                carol, text=f"@ada #t{n}", visibility="public", in_reply_to_id=root.id
            )
            services.publish_post(
                bob_actor, text="deeper", visibility="public", in_reply_to_id=reply.id
            )
            services.react(actor, post_id=reply.id)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(0, 2)
    few = count()
    add(2, 6)
    assert count() == few
