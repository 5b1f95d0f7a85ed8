"""A headless Debian Chromium driven by Playwright against pytest-django's live server, or, for
pages that need the streaming endpoint on the same origin (`live_page`), against what
`candela run` serves (`everything(StreamingApp())`) by uvicorn in a thread.

Playwright's sync API keeps an event loop running in the test's thread, which makes Django
refuse ORM calls there; DJANGO_ALLOW_ASYNC_UNSAFE is set only while a browser is open. Even so,
check what a test needs through the page: an ORM call made while the browser is open gets a
connection of its own that nothing closes, and PostgreSQL then refuses to drop the test database.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from django.db import connection
from playwright.sync_api import Page, sync_playwright

from candela.config.asgi import everything
from candela.streaming.app import StreamingApp

T = TypeVar("T")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    # Kept on the item so that the `page` fixture knows, at teardown, whether the test failed.
    setattr(item, f"report_{report.when}", report)
    return report


@contextmanager
def _browser_page(request: pytest.FixtureRequest, base_url: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=base_url, locale="en-GB")
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            yield page
        finally:
            report = getattr(request.node, "report_call", None)
            if report is not None and report.failed:
                RESULTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
                page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
            context.close()
            browser.close()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Page]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with _browser_page(request, live_server.url) as page:
        yield page


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class StreamingServer:
    """The pages and the streaming endpoints on one origin, as `candela run` serves them, against
    the test database; `restart` drops every connection and serves again on the same port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.app: StreamingApp
        self.server: uvicorn.Server
        self.thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.app = StreamingApp()
        config = uvicorn.Config(
            everything(self.app),
            host="127.0.0.1",
            port=self.port,
            lifespan="on",
            log_level="warning",
            # Open WebSockets must not hold a restart up.
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
        """Waits until `count` connections read `channel`: an event published before a page has
        subscribed reaches nobody."""
        deadline = time.monotonic() + timeout
        while len(self.app.hub.channels.get(channel, ())) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no subscriber on {channel}")
            time.sleep(0.02)


@pytest.fixture
def streaming_server(transactional_db: Any) -> Iterator[StreamingServer]:
    server = StreamingServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def live_page(
    request: pytest.FixtureRequest,
    streaming_server: StreamingServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Page]:
    """A browser page on `streaming_server`: live.js finds its WebSocket on the same origin."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with _browser_page(request, streaming_server.url) as page:
        yield page


def in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Calls `function` in a thread of its own, which closes its database connection after: the
    ORM while a browser is open (see above), for what happens elsewhere while a page is open."""
    result: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(function(*args, **kwargs))
        except BaseException as error:  # re-raised in the calling thread
            errors.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=30)
    if errors:
        raise errors[0]
    return result[0]
