"""Fixtures shared by every test: a clean cache, and factories for members."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

from candela.accounts.models import User
from candela.accounts.services import create_user

TEST_PASSWORD = "a-long-test-passphrase-1"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


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
