"""The streaming endpoints end to end: a real server, real sockets, events published by the
real services (issue 4, items 1, 3 and 4)."""

from __future__ import annotations

import json
import time

import pytest
import requests
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from candela.graph import services as graph
from candela.posts import services as posts

pytestmark = pytest.mark.django_db(transaction=True)


def next_event(socket, timeout: float = 5) -> dict:
    message = json.loads(socket.recv(timeout=timeout))
    if "payload" in message and message["event"] not in {"delete"}:
        message["payload"] = json.loads(message["payload"])
    return message


def silent(socket, seconds: float = 0.5) -> bool:
    try:
        socket.recv(timeout=seconds)
    except TimeoutError:
        return True
    return False


def closed_by_server(socket, within: float):
    """The close frame the server sends, after any messages still queued."""
    deadline = time.monotonic() + within
    try:
        while time.monotonic() < deadline:
            socket.recv(timeout=deadline - time.monotonic())
    except ConnectionClosed as closed:
        return closed.rcvd
    raise AssertionError("the server did not close the connection")


def test_health(live):
    response = requests.get(f"{live.http}/api/v1/streaming/health", timeout=5)
    assert response.status_code == 200
    assert response.text == "OK"


def test_a_public_post_reaches_the_public_stream_over_websocket(live, ada, bob, token_for):
    bearer = {"Authorization": f"Bearer {token_for(bob.user)}"}
    with connect(f"{live.ws}?stream=public", additional_headers=bearer) as socket:
        live.wait_for_subscribers("timeline:public")
        post = posts.publish_post(ada, text="Hello #world", visibility="public")
        message = next_event(socket)
    assert message["stream"] == ["public"]
    assert message["event"] == "update"
    assert message["payload"]["id"] == str(post.id)
    assert message["payload"]["account"]["username"] == "ada"
    assert message["payload"]["content"].startswith("<p>Hello")


def test_the_user_stream_hears_followed_posts_and_notifications(live, ada, bob, token_for):
    graph.follow(bob, target=ada)
    with connect(f"{live.ws}?stream=user&access_token={token_for(bob.user)}") as socket:
        live.wait_for_subscribers(f"timeline:{bob.id}")
        post = posts.publish_post(ada, text="For my followers @bob", visibility="public")
        received = [next_event(socket), next_event(socket)]
    by_event = {m["event"]: m for m in received}
    assert by_event["update"]["payload"]["id"] == str(post.id)
    assert by_event["update"]["stream"] == ["user"]
    assert by_event["notification"]["payload"]["type"] == "mention"
    assert by_event["notification"]["payload"]["status"]["id"] == str(post.id)


def test_sse_public_local_stream(live, ada):
    url = f"{live.http}/api/v1/streaming/public/local"
    with requests.get(url, stream=True, timeout=5) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        live.wait_for_subscribers("timeline:public")
        post = posts.publish_post(ada, text="Over SSE", visibility="public")
        lines = response.iter_lines(decode_unicode=True)
        event = data = None
        for line in lines:
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                break
    assert event == "update"
    assert data["id"] == str(post.id)


def test_an_invalid_token_is_refused(live):
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{live.ws}?stream=user&access_token=nope")
    assert refused.value.response.status_code == 401
    url = f"{live.http}/api/v1/streaming/user"
    response = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=5)
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_unknown_streams_and_malformed_messages_get_error_messages(live, bob, token_for):
    with connect(f"{live.ws}?access_token={token_for(bob.user)}") as socket:
        socket.send("not json")
        error = json.loads(socket.recv(timeout=5))
        assert error == {"error": "The message is not valid JSON", "status": 400}
        socket.send(json.dumps({"type": "subscribe", "stream": "nonsense"}))
        assert json.loads(socket.recv(timeout=5)) == {"error": "Unknown stream type", "status": 400}
        socket.send(json.dumps({"type": "subscribe", "stream": "hashtag"}))
        assert json.loads(socket.recv(timeout=5))["status"] == 400
        socket.send(json.dumps({"type": "subscribe", "stream": "hashtag", "tag": "Cats"}))
        live.wait_for_subscribers("timeline:hashtag:cats")


def test_a_revoked_token_loses_its_stream_within_five_seconds(live, bob, token_for):
    from oauth2_provider.models import AccessToken

    token = token_for(bob.user)
    with connect(f"{live.ws}?stream=user&access_token={token}") as socket:
        live.wait_for_subscribers(f"timeline:{bob.id}")
        started = time.monotonic()
        AccessToken.objects.filter(user=bob.user).delete()
        closed = closed_by_server(socket, within=6)
        assert time.monotonic() - started < 5
        assert closed.code == 1008


def test_a_connection_reads_at_most_a_hundred_streams(live, bob, token_for):
    with connect(f"{live.ws}?access_token={token_for(bob.user)}") as socket:
        for n in range(150):
            socket.send(json.dumps({"type": "subscribe", "stream": "hashtag", "tag": f"t{n}"}))
        errors = [json.loads(socket.recv(timeout=5)) for _ in range(50)]
        assert errors == [{"error": "Too many streams on one connection", "status": 400}] * 50
        assert silent(socket)
        live.wait_for_subscribers("timeline:hashtag:t99")
        assert "timeline:hashtag:t100" not in live.app.hub.channels
    # The process serves on.
    assert requests.get(f"{live.http}/api/v1/streaming/health", timeout=5).text == "OK"


def test_an_oversized_message_is_refused_without_being_read(live):
    with connect(f"{live.ws}?stream=public") as socket:
        socket.send(json.dumps({"type": "subscribe", "stream": "hashtag", "tag": "x" * 5000}))
        assert json.loads(socket.recv(timeout=5)) == {
            "error": "The message is too long",
            "status": 400,
        }


def test_a_thread_stream_is_refused_for_a_post_the_reader_cannot_see(live, ada, bob, token_for):
    secret = posts.publish_post(ada, text="Only for connections", visibility="connections")
    with connect(f"{live.ws}?access_token={token_for(bob.user)}") as socket:
        socket.send(
            json.dumps({"type": "subscribe", "stream": "candela.thread", "post": secret.id})
        )
        assert json.loads(socket.recv(timeout=5)) == {"error": "Record not found", "status": 404}


def test_a_thread_stream_hears_replies_and_reactions(live, ada, bob, token_for):
    post = posts.publish_post(ada, text="Thoughts?", visibility="public")
    stream = {"type": "subscribe", "stream": "candela.thread", "post": str(post.id)}
    with connect(f"{live.ws}?access_token={token_for(ada.user)}") as socket:
        socket.send(json.dumps(stream))
        live.wait_for_subscribers(f"thread:{post.id}")
        reply = posts.publish_post(bob, text="Yes!", visibility="public", in_reply_to_id=post.id)
        posts.react(bob, post_id=post.id, kind="🎉")
        comment, reaction = next_event(socket), next_event(socket)
    assert comment["stream"] == ["candela.thread", str(post.id)]
    assert (comment["event"], comment["payload"]) == ("candela.comment", {"id": str(reply.id)})
    assert (reaction["event"], reaction["payload"]) == ("candela.reactions", {"id": str(post.id)})


def test_edits_and_deletions_reach_the_public_stream(live, ada):
    post = posts.publish_post(ada, text="First draft", visibility="public")
    with connect(f"{live.ws}?stream=public") as socket:
        live.wait_for_subscribers("timeline:public")
        posts.edit_post(ada, post_id=post.id, text="Second draft")
        posts.delete_post(ada, post_id=post.id)
        edited, deleted = next_event(socket), json.loads(socket.recv(timeout=5))
    assert edited["event"] == "status.update"
    assert "Second draft" in edited["payload"]["content"]
    assert edited["payload"]["edited_at"] is not None
    assert deleted == {"stream": ["public"], "event": "delete", "payload": str(post.id)}


def test_errors_speak_the_readers_language(live, ada, bob, token_for):
    url = f"{live.http}/api/v1/streaming/nonsense"
    response = requests.get(url, headers={"Accept-Language": "fr"}, timeout=5)
    assert response.status_code == 400
    assert response.json() == {"error": "Type de flux inconnu"}
    secret = posts.publish_post(ada, text="Only for connections", visibility="connections")
    headers = {"Accept-Language": "fr", "Authorization": f"Bearer {token_for(bob.user)}"}
    url = f"{live.http}/api/v1/streaming/candela.thread?post={secret.id}"
    response = requests.get(url, headers=headers, timeout=5)
    assert (response.status_code, response.json()) == (404, {"error": "Enregistrement introuvable"})


def test_sse_sends_heartbeats_on_a_quiet_stream(live, monkeypatch):
    monkeypatch.setattr("candela.streaming.app.HEARTBEAT_SECONDS", 0.2)
    with requests.get(f"{live.http}/api/v1/streaming/public", stream=True, timeout=5) as response:
        lines = response.iter_lines(decode_unicode=True)
        seen = [next(lines) for _ in range(4)]
    assert ":thump" in seen


def test_a_token_in_the_websocket_protocol_header_is_accepted_and_echoed(live, ada, bob, token_for):
    token = token_for(bob.user)
    with connect(f"{live.ws}?stream=user", subprotocols=[token]) as socket:
        assert socket.subprotocol == token
        live.wait_for_subscribers(f"timeline:{bob.id}")
        graph.follow(ada, target=bob)
        assert next_event(socket)["payload"]["type"] == "follow"


def test_the_media_stream_passes_only_posts_with_pictures(live, ada):
    from candela.profiles.tests.pictures import png_bytes, upload

    with connect(f"{live.ws}?stream=public:media") as socket:
        live.wait_for_subscribers("timeline:public")
        posts.publish_post(ada, text="Just words", visibility="public")
        media = posts.upload_media(ada, file=upload(png_bytes(20, 20)), description="A dot")
        pictured = posts.publish_post(ada, text="Look", visibility="public", media_ids=[media.id])
        message = next_event(socket)
    assert message["stream"] == ["public:media"]
    assert message["payload"]["id"] == str(pictured.id)
