"""Fixtures shared by every test: a clean cache, factories for members and their actors, and
a way to run what services queue for their commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from candela.accounts.models import User
from candela.accounts.services import create_user
from candela.api.mastodon.status_entities import forget_local_parts
from candela.profiles.models import Actor
from candela.streaming.tests.server import LiveServer

TEST_PASSWORD = "a-long-test-passphrase-1"
SIGN_UP_FIELDS = frozenset({"email", "password", "language", "is_staff"})


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    forget_local_parts()
    yield
    cache.clear()
    forget_local_parts()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A signed-in member's request leaves their language active in the thread that served it
    (each request sets its own, so production never sees it); the next test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(username: str | None = None, **kwargs: Any) -> User:
        username = username or f"member{next(counter)}"
        kwargs.setdefault("email", f"{username}@example.org")
        kwargs.setdefault("password", TEST_PASSWORD)
        return create_user(username=username, **kwargs)

    return make


@pytest.fixture
def member(make_user: Callable[..., User]) -> User:
    return make_user("ada", language="en")


@pytest.fixture
def make_actor(make_user: Callable[..., User]) -> Callable[..., Actor]:
    """Like `make_user`, returning the new member's actor (what social objects point to).

    Keyword arguments that sign-up takes (language, email, …) go to it; the others are saved on
    the actor (`is_locked=True`, `skills=[...]`)."""

    def make(username: str | None = None, **fields: Any) -> Actor:
        sign_up = {name: fields.pop(name) for name in SIGN_UP_FIELDS & fields.keys()}
        actor: Actor = make_user(username, **sign_up).actor
        for name, value in fields.items():
            setattr(actor, name, value)
        if fields:
            actor.save(update_fields=list(fields))
        return actor

    return make


@pytest.fixture
def ada(make_actor: Callable[..., Actor]) -> Actor:
    """A member, as an actor (`member` is the same person as a User: use one or the other)."""
    return make_actor("ada")


@pytest.fixture
def bob(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor("bob")


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[None]]:
    """`with committed(): service(...)` runs what the service queued for its commit: the
    signals, the tasks they enqueue (immediate in tests) and what those queue in turn."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def live() -> Iterator[LiveServer]:
    """A real server with the streaming endpoints and the pages on one origin (see
    candela/streaming/tests/server.py)."""
    server = LiveServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
