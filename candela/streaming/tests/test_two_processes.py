"""Two real `candela streaming` processes behind one Redis (issue 4, item 5): every event
reaches every subscriber exactly once, whichever process it is connected to, and each process
holds one Redis subscription per channel however many of its clients read it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
import redis
import requests
from django.conf import settings
from django.db import connection
from websockets.sync.client import connect

from candela.posts import services as posts
from candela.streaming.tests.server import free_port

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs CANDELA_REDIS_URL (Redis)"),
]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers() -> Iterator[list[str]]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "candela.config.settings",
        "CANDELA_DATABASE_URL": database_url(),
        "CANDELA_REDIS_URL": settings.REDIS_URL,
        "CANDELA_REALTIME_PREFIX": settings.CANDELA_REALTIME_PREFIX,
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "candela.cli", "streaming", "--port", str(port)],
            env=environment,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_until_healthy(port)
        yield [f"ws://127.0.0.1:{port}/api/v1/streaming" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def wait_until_healthy(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/v1/streaming/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the streaming server on {port} did not start")


def subscribers(channel: str) -> int:
    client = redis.Redis.from_url(settings.REDIS_URL)
    name = settings.CANDELA_REALTIME_PREFIX + channel
    return int(dict(client.pubsub_numsub(name))[name.encode()])


def test_every_subscriber_gets_each_event_once(two_servers, ada):
    first, second = two_servers
    with ExitStack() as stack:
        sockets = [
            stack.enter_context(connect(f"{url}?stream=public")) for url in (first, first, second)
        ]
        deadline = time.monotonic() + 5
        while subscribers("timeline:public") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Two processes, three clients: one Redis subscription per process.
        assert subscribers("timeline:public") == 2
        post = posts.publish_post(ada, text="Heard everywhere", visibility="public")
        for socket in sockets:
            message = json.loads(socket.recv(timeout=5))
            assert message["event"] == "update"
            assert json.loads(message["payload"])["id"] == str(post.id)
        for socket in sockets:
            with pytest.raises(TimeoutError):
                socket.recv(timeout=0.5)
