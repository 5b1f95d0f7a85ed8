"""Fixtures for the graph's tests: actors made through the real sign-up path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from candela.accounts.models import User
from candela.profiles.models import Actor


@pytest.fixture
def make_actor(make_user: Callable[..., User]) -> Callable[..., Actor]:
    def make(username: str | None = None, **fields: Any) -> Actor:
        actor: Actor = make_user(username).actor
        if fields:
            for name, value in fields.items():
                setattr(actor, name, value)
            actor.save(update_fields=list(fields))
        return actor

    return make
