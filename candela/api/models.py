"""OAuth client applications as Mastodon registers them: their own scopes and redirect schemes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oauth2_provider.models import AbstractApplication

OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"
MAX_REDIRECT_URI_LENGTH = 2000
# Schemes a browser would run or read locally instead of handing over to an app.
DANGEROUS_SCHEMES = frozenset(
    {"javascript", "data", "file", "vbscript", "about", "blob", "filesystem", "view-source"}
)
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*$")


def validate_redirect_uri(uri: str) -> None:
    """Accepts the out-of-band URN, http(s) URLs with a host, and an app's own scheme
    (`com.tapbots.Ivory.123:/request_token`); raises ValidationError otherwise."""
    if uri == OOB_REDIRECT_URI:
        return
    if len(uri) > MAX_REDIRECT_URI_LENGTH or any(c.isspace() or ord(c) < 32 for c in uri):
        raise ValidationError(_("“%(uri)s” is not a valid redirect URI.") % {"uri": uri[:100]})
    try:
        parts = urlsplit(uri)
    except ValueError as error:
        raise ValidationError(
            _("“%(uri)s” is not a valid redirect URI.") % {"uri": uri[:100]}
        ) from error
    scheme = parts.scheme.lower()
    if not scheme or not SCHEME_RE.match(scheme) or "#" in uri:
        raise ValidationError(_("“%(uri)s” is not a valid redirect URI.") % {"uri": uri[:100]})
    if scheme in DANGEROUS_SCHEMES:
        raise ValidationError(
            _("Redirect URIs with the “%(scheme)s” scheme are not allowed.") % {"scheme": scheme}
        )
    if scheme in {"http", "https"} and not parts.hostname:
        raise ValidationError(_("“%(uri)s” is not a valid redirect URI.") % {"uri": uri[:100]})
    if "@" in parts.netloc:
        raise ValidationError(_("A redirect URI cannot contain credentials."))
    if not (parts.path or parts.netloc):
        raise ValidationError(_("“%(uri)s” is not a valid redirect URI.") % {"uri": uri[:100]})


def safe_schemes(uris: Iterable[str]) -> list[str]:
    """The schemes of `uris` that may be redirected to."""
    schemes: list[str] = []
    for uri in uris:
        scheme = urlsplit(uri).scheme.lower()
        if scheme and SCHEME_RE.match(scheme) and scheme not in DANGEROUS_SCHEMES:
            schemes.append(scheme)
    return list(dict.fromkeys(schemes))


MASTODON_GRANT_TYPES = frozenset(
    {AbstractApplication.GRANT_AUTHORIZATION_CODE, AbstractApplication.GRANT_CLIENT_CREDENTIALS}
)


class Application(AbstractApplication):  # type: ignore[misc]
    """A client registered through POST /api/v1/apps (or the admin).

    One application may use the authorization-code and client-credentials grants (and refresh
    tokens), as every Mastodon app does; `authorization_grant_type` stays for DOT's admin.
    """

    # Space-separated: what the app registered; /oauth/authorize may ask for these or less.
    scopes = models.CharField(gettext_lazy("scopes"), max_length=2000, default="read")
    website = models.URLField(gettext_lazy("website"), max_length=2000, blank=True)

    class Meta(AbstractApplication.Meta):  # type: ignore[misc]
        verbose_name = gettext_lazy("application")
        verbose_name_plural = gettext_lazy("applications")

    @property
    def redirect_uri_list(self) -> list[str]:
        return str(self.redirect_uris).split()

    @property
    def scope_list(self) -> list[str]:
        return str(self.scopes).split()

    def get_allowed_schemes(self) -> list[str]:
        # Schemes come from the app's own, validated URIs: any app scheme, never javascript:.
        return safe_schemes(self.redirect_uri_list)

    def allows_grant_type(self, *grant_types: str) -> bool:
        return bool(MASTODON_GRANT_TYPES & set(grant_types))

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        uri_errors = []
        for uri in self.redirect_uri_list:
            try:
                validate_redirect_uri(uri)
            except ValidationError as error:
                uri_errors.extend(error.messages)
        if uri_errors:
            errors["redirect_uris"] = uri_errors
        try:
            super().clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field != "redirect_uris":
                    errors[field] = messages
        if errors:
            raise ValidationError(errors)
