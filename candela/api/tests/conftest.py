"""Factories for API tests: registered applications, issued tokens, authorised clients."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.models import Application
from candela.api.services import RegisteredApplication, register_application

AccessToken = get_access_token_model()
OOB = "urn:ietf:wg:oauth:2.0:oob"
IVORY = "com.tapbots.Ivory.123:/request_token"


@pytest.fixture
def make_app(db: Any) -> Callable[..., RegisteredApplication]:
    def make(
        name: str = "Test App",
        redirect_uris: list[str] | None = None,
        scopes: str = "read write follow push",
        website: str = "",
    ) -> RegisteredApplication:
        return register_application(
            name=name,
            redirect_uris=redirect_uris or [OOB, IVORY],
            scopes=scopes.split(),
            website=website,
        )

    return make


@pytest.fixture
def registered(make_app: Callable[..., RegisteredApplication]) -> RegisteredApplication:
    return make_app()


@pytest.fixture
def make_token(registered: RegisteredApplication) -> Callable[..., str]:
    """Issues an access token directly, as the token endpoint would, and returns its value."""

    def make(
        user: User | None,
        scope: str = "read write follow push",
        application: Application | None = None,
        expires_in: timedelta = timedelta(days=1),
    ) -> str:
        value = secrets.token_urlsafe(30)
        AccessToken.objects.create(
            user=user,
            application=application or registered.application,
            token=value,
            scope=scope,
            expires=timezone.now() + expires_in,
        )
        return value

    return make


@pytest.fixture
def api_client() -> Callable[[str], Client]:
    def make(token: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make
