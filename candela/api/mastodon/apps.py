"""/api/v1/apps: dynamic client registration and checking an app's own token."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from candela.api import services
from candela.api.http import ApiError, ApiRequest, api_view
from candela.api.mastodon import entities
from candela.api.scopes import parse_scopes


def _redirect_uris(value: Any) -> list[str]:
    """Mastodon takes one URI, several separated by newlines, or an array."""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, str):
        return value.split()
    raise ValidationError(
        {"redirect_uris": _("An application needs at least one redirect URI.")}, code="blank"
    )


@api_view(methods=["POST"])
def create_app(request: ApiRequest) -> dict[str, Any]:
    data = request.data
    scopes = data.get("scopes", "")
    if not isinstance(scopes, (str, list)):
        raise ApiError(_("The scopes must be a space-separated list."), status=422)
    registered = services.register_application(
        name=str(data.get("client_name", "")),
        redirect_uris=_redirect_uris(data.get("redirect_uris", "")),
        scopes=parse_scopes(scopes),
        website=str(data.get("website") or ""),
    )
    return entities.credential_application(registered.application, registered.client_secret)


@api_view(
    scopes=["read", "write", "follow", "push", "profile", "admin:read", "admin:write"],
    user_required=False,
)
def verify_app_credentials(request: ApiRequest) -> dict[str, Any]:
    assert request.application is not None
    return entities.application(request.application)
