"""Which redirect URIs an application may register, and which schemes it may be sent to."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candela.api.models import Application, validate_redirect_uri


@pytest.mark.parametrize(
    "uri",
    [
        "urn:ietf:wg:oauth:2.0:oob",
        "com.tapbots.Ivory.123:/request_token",
        "toot://oauth",
        "https://elk.zone/api/example.org/oauth",
        "http://127.0.0.1:8765/callback",
    ],
)
def test_mastodon_style_redirect_uris_are_accepted(uri: str) -> None:
    validate_redirect_uri(uri)


@pytest.mark.parametrize(
    "uri",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "https://app.example/cb#fragment",
        "https://user:pass@app.example/cb",
        "https:///no-host",
        "no-scheme",
        "app:",
    ],
)
def test_dangerous_or_malformed_redirect_uris_are_refused(uri: str) -> None:
    with pytest.raises(ValidationError):
        validate_redirect_uri(uri)


def test_an_application_may_redirect_only_to_its_own_schemes() -> None:
    app = Application(redirect_uris="com.example.app:/cb https://app.example/cb")
    assert app.get_allowed_schemes() == ["com.example.app", "https"]


def test_one_application_uses_both_mastodon_grants() -> None:
    app = Application()
    assert app.allows_grant_type(Application.GRANT_AUTHORIZATION_CODE)
    assert app.allows_grant_type(Application.GRANT_CLIENT_CREDENTIALS)
    assert not app.allows_grant_type(Application.GRANT_PASSWORD)
    assert not app.allows_grant_type(Application.GRANT_IMPLICIT)


@pytest.mark.django_db
def test_the_admin_validation_accepts_an_app_scheme_and_refuses_javascript() -> None:
    app = Application(
        name="x",
        redirect_uris="com.example.app:/cb",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    )
    app.full_clean()
    app.redirect_uris = "javascript:alert(1)"
    with pytest.raises(ValidationError) as raised:
        app.full_clean()
    assert "redirect_uris" in raised.value.message_dict
