"""Writes for the API: registering OAuth client applications."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import (
    get_access_token_model,
    get_grant_model,
    get_refresh_token_model,
)

from candela.accounts.models import User
from candela.api.models import Application, validate_redirect_uri
from candela.api.scopes import DEFAULT_SCOPES, unknown_scopes

MAX_CLIENT_NAME_LENGTH = 255
MAX_REDIRECT_URIS = 20


@dataclass(frozen=True)
class RegisteredApplication:
    """A new application and its client secret, which is stored hashed and shown only once."""

    application: Application
    client_secret: str


def register_application(
    *, name: str, redirect_uris: list[str], scopes: list[str], website: str = ""
) -> RegisteredApplication:
    """Registers a Mastodon client app (POST /api/v1/apps); anyone may call it.

    Raises ValidationError keyed by the Mastodon parameter names on bad input.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"client_name": _("An application needs a name.")}, code="blank")
    if len(name) > MAX_CLIENT_NAME_LENGTH:
        raise ValidationError(
            {"client_name": _("An application name can have at most 255 characters.")},
            code="too_long",
        )
    uris = list(dict.fromkeys(uri.strip() for uri in redirect_uris if uri.strip()))
    if not uris:
        raise ValidationError(
            {"redirect_uris": _("An application needs at least one redirect URI.")}, code="blank"
        )
    if len(uris) > MAX_REDIRECT_URIS:
        raise ValidationError(
            {"redirect_uris": _("An application can have at most 20 redirect URIs.")},
            code="too_many",
        )
    for uri in uris:
        try:
            validate_redirect_uri(uri)
        except ValidationError as error:
            raise ValidationError({"redirect_uris": error.messages}, code="invalid") from error
    scopes = scopes or list(DEFAULT_SCOPES)
    if unknown := unknown_scopes(scopes):
        raise ValidationError(
            {
                "scopes": ngettext(
                    "Unknown scope: %(scopes)s.", "Unknown scopes: %(scopes)s.", len(unknown)
                )
                % {"scopes": ", ".join(unknown)}
            },
            code="invalid",
        )
    website = website.strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError as error:
            raise ValidationError(
                {"website": _("The website must be an http or https address.")}, code="invalid"
            ) from error
    client_secret = generate_client_secret()
    application = Application(
        name=name,
        redirect_uris=" ".join(uris),
        scopes=" ".join(scopes),
        website=website,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        client_secret=client_secret,
    )
    with transaction.atomic():
        application.save()
    return RegisteredApplication(application=application, client_secret=client_secret)


def revoke_application_access(user: User, *, application_id: int) -> int:
    """Ends every token and pending grant that `application_id` holds for `user`, who alone may
    call it; returns how many access tokens ended (0 for an app that had none)."""
    with transaction.atomic():
        get_grant_model().objects.filter(user=user, application_id=application_id).delete()
        get_refresh_token_model().objects.filter(user=user, application_id=application_id).delete()
        ended: int
        ended, _details = (
            get_access_token_model()
            .objects.filter(user=user, application_id=application_id)
            .delete()
        )
    return ended
