"""A real Mastodon client library (Mastodon.py) reads Candela's streams as it reads
Mastodon's: it finds the streaming server in the instance document and parses the events."""

from __future__ import annotations

import threading
import time

import pytest
from mastodon import Mastodon, StreamListener

from candela.graph import services as graph
from candela.posts import services as posts

pytestmark = pytest.mark.django_db(transaction=True)


class Collector(StreamListener):  # type: ignore[misc]
    def __init__(self) -> None:
        self.updates: list = []
        self.notifications: list = []
        self.arrived = threading.Event()

    def on_update(self, status) -> None:
        self.updates.append(status)
        self.arrived.set()

    def on_notification(self, notification) -> None:
        self.notifications.append(notification)
        self.arrived.set()


def test_mastodon_py_streams_public_posts_and_notifications(
    live, ada, bob, token_for, settings, monkeypatch
):
    settings.CANDELA_URL = live.http
    # Mastodon.py notices that it closed a stream when the next bytes arrive.
    monkeypatch.setattr("candela.streaming.app.HEARTBEAT_SECONDS", 0.5)
    api = Mastodon(
        access_token=token_for(bob.user), api_base_url=live.http, version_check_mode="none"
    )
    public, mine = Collector(), Collector()
    streams = [
        api.stream_public(public, run_async=True, reconnect_async=False),
        api.stream_user(mine, run_async=True, reconnect_async=False),
    ]
    try:
        live.wait_for_subscribers("timeline:public")
        live.wait_for_subscribers(f"timeline:{bob.id}")
        post = posts.publish_post(ada, text="Hello @bob", visibility="public")
        graph.follow(ada, target=bob)
        deadline = time.monotonic() + 5
        while (not public.updates or len(mine.notifications) < 2) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        for stream in streams:
            stream.close()
    assert [str(status.id) for status in public.updates] == [str(post.id)]
    assert public.updates[0].account.acct == "ada"
    assert sorted(n.type for n in mine.notifications) == ["follow", "mention"]
