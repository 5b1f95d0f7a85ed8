"""Fixtures for the search tests: actors made through the real sign-up path."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from candela.accounts.models import User
from candela.profiles.models import Actor


@pytest.fixture
def make_actor(make_user: Callable[..., User]) -> Callable[..., Actor]:
    def make(username: str | None = None, **fields: object) -> Actor:
        actor: Actor = make_user(username).actor
        for name, value in fields.items():
            setattr(actor, name, value)
        if fields:
            actor.save(update_fields=list(fields))
        return actor

    return make
