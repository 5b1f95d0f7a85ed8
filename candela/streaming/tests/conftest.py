"""A real streaming server for the tests: uvicorn on a free port, in a thread of the test
process, serving what `candela run` serves (the streaming endpoints and the pages) against
the test database. Without Redis the services' events reach it through the in-process
broker; with CANDELA_REDIS_URL (the PostgreSQL run in CI), through Redis."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import uvicorn
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.services import register_application
from candela.config.asgi import everything
from candela.streaming.app import StreamingApp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.app = StreamingApp()
        config = uvicorn.Config(
            everything(self.app),
            host="127.0.0.1",
            port=self.port,
            lifespan="on",
            log_level="warning",
            ws_max_size=64 * 1024,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/streaming"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the streaming server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def wait_for_subscribers(self, channel: str, count: int = 1, timeout: float = 5) -> None:
        """Waits until `count` connections read `channel`: events published before a
        subscription exists are not delivered (there is nothing to replay)."""
        deadline = time.monotonic() + timeout
        while len(self.app.hub.channels.get(channel, ())) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no subscriber on {channel}")
            time.sleep(0.01)


@pytest.fixture
def live() -> Iterator[LiveServer]:
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def token_for() -> Callable[..., str]:
    application = register_application(
        name="Streaming test", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read"]
    ).application

    def make(user: User, scope: str = "read") -> str:
        value = secrets.token_urlsafe(30)
        get_access_token_model().objects.create(
            user=user,
            application=application,
            token=value,
            scope=scope,
            expires=timezone.now() + timedelta(days=1),
        )
        return value

    return make
