"""Reads of OAuth applications and tokens for the API and the consent page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.models import Application


def get_application_by_client_id(client_id: str) -> Application | None:
    """The application registered as `client_id`, or None (also for ids no database could hold)."""
    if not client_id or "\x00" in client_id or len(client_id) > 255:
        return None
    application: Application | None = Application.objects.filter(client_id=client_id).first()
    return application


def get_token_created_at(token_checksum: str) -> int | None:
    """The POSIX time at which the access token with this SHA-256 checksum was issued."""
    token = (
        get_access_token_model()
        .objects.filter(token_checksum=token_checksum)
        .only("created")
        .first()
    )
    return int(token.created.timestamp()) if token is not None else None


@dataclass(frozen=True)
class AuthorizedApplication:
    """An app a member let into their account: what it may do, and since when."""

    application: Application
    scopes: list[str]
    authorized_at: datetime


def list_authorized_applications_for(user: User) -> list[AuthorizedApplication]:
    """The apps holding a live token for `user`, most recently authorised first."""
    tokens = (
        get_access_token_model()
        .objects.filter(user=user, expires__gt=timezone.now())
        .select_related("application")
        .order_by("created")
    )
    by_application: dict[int, AuthorizedApplication] = {}
    for token in tokens:
        if token.application is None:
            continue
        known = by_application.get(token.application.pk)
        scopes = sorted(set(token.scope.split()) | set(known.scopes if known else []))
        by_application[token.application.pk] = AuthorizedApplication(
            application=token.application,
            scopes=scopes,
            authorized_at=known.authorized_at if known else token.created,
        )
    return sorted(by_application.values(), key=lambda a: a.authorized_at, reverse=True)
