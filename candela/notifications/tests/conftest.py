"""Fixtures for the notifications tests: actors made through the real sign-up path, and a way
to let the on-commit signals and tasks run inside a test's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from candela.accounts.models import User
from candela.profiles.models import Actor


@pytest.fixture
def make_actor(make_user: Callable[..., User]) -> Callable[..., Actor]:
    def make(username: str | None = None, **fields: Any) -> Actor:
        actor: Actor = make_user(username, **fields).actor
        return actor

    return make


@pytest.fixture
def committed(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> Callable[[], AbstractContextManager[None]]:
    """`with committed(): service(...)` runs what the service queued for its commit: the
    signals, the notification tasks (immediate in tests) and what those queue in turn."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
