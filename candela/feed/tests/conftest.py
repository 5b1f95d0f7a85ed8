"""Fixtures for the feed tests: members, a committed-write helper and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.services import register_application
from candela.profiles.models import Actor

Committed = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def make_actor(make_user: Callable[..., User]) -> Callable[..., Actor]:
    def make(username: str | None = None) -> Actor:
        actor: Actor = make_user(username).actor
        return actor

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Committed:
    """Runs the on-commit callbacks (signals, then the feed tasks) of the writes inside it."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


@pytest.fixture
def client_for(db: Any) -> Callable[[Actor], Client]:
    registered = register_application(
        name="Feed tests", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read", "write"]
    )

    def make(actor: Actor) -> Client:
        value = secrets.token_urlsafe(30)
        get_access_token_model().objects.create(
            user=actor.user,
            application=registered.application,
            token=value,
            scope="read write",
            expires=timezone.now() + timedelta(days=1),
        )
        return Client(HTTP_AUTHORIZATION=f"Bearer {value}")

    return make
