"""A real server for tests that need the streaming endpoints: uvicorn on a free port, in a
thread of the test process, serving what `candela run` serves (the streaming endpoints and
the pages, on one origin) against the test database. Without Redis the services' events reach
it through the in-process broker; with CANDELA_REDIS_URL, through Redis."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from candela.config.asgi import everything
from candela.streaming.app import StreamingApp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """`start`, `stop`, and `restart`, which drops every connection and serves again on the
    same port (a fresh broadcaster, as after a real restart)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.app: StreamingApp
        self.server: uvicorn.Server
        self.thread: threading.Thread

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/streaming"

    def start(self) -> None:
        self.app = StreamingApp()
        config = uvicorn.Config(
            everything(self.app),
            host="127.0.0.1",
            port=self.port,
            lifespan="on",
            log_level="warning",
            ws_max_size=64 * 1024,
            # Open connections must not hold a stop up.
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def wait_for_subscribers(self, channel: str, count: int = 1, timeout: float = 10) -> None:
        """Waits until `count` connections read `channel`: events published before a
        subscription exists reach nobody (there is nothing to replay)."""
        deadline = time.monotonic() + timeout
        while len(self.app.hub.channels.get(channel, ())) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no subscriber on {channel}")
            time.sleep(0.01)
