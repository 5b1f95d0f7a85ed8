"""Fixtures for the feed tests: members, a committed-write helper and API tokens."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.api.services import register_application
from candela.profiles.models import Actor

Committed = Callable[[], AbstractContextManager[Any]]


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
