"""Access tokens for the streaming tests (their server is the root conftest's `live`)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.services import register_application


@pytest.fixture
def token_for() -> Callable[..., str]:
    application = register_application(
        name="Streaming test", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read"]
    ).application

    def make(user: User, scope: str = "read") -> str:
        value = secrets.token_urlsafe(30)
        get_access_token_model().objects.create(
            user=user,
            application=application,
            token=value,
            scope=scope,
            expires=timezone.now() + timedelta(days=1),
        )
        return value

    return make
