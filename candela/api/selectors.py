"""Reads of OAuth applications and tokens for the API and the consent page."""

from __future__ import annotations

from oauth2_provider.models import get_access_token_model

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
