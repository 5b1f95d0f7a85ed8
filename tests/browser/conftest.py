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
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection
from playwright.sync_api import Page, sync_playwright

from candela.streaming.tests.server import LiveServer

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


@pytest.fixture
def live_page(
    request: pytest.FixtureRequest,
    live: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Page]:
    """A browser page on `live` (the root conftest's server): live.js finds its WebSocket
    on the same origin."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with _browser_page(request, live.http) as page:
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
