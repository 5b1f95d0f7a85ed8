"""Registering applications."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candela.api.services import register_application

pytestmark = pytest.mark.django_db


def test_registering_keeps_the_scopes_and_hashes_the_secret() -> None:
    registered = register_application(
        name="Tusky", redirect_uris=["oauth2redirect://com.keylesspalace.tusky/"], scopes=[]
    )
    app = registered.application
    assert app.scope_list == ["read"]
    assert app.client_type == app.CLIENT_CONFIDENTIAL
    assert registered.client_secret
    assert app.client_secret != registered.client_secret


def test_registering_refuses_too_many_redirect_uris() -> None:
    with pytest.raises(ValidationError) as raised:
        register_application(
            name="x", redirect_uris=[f"https://a.example/{n}" for n in range(21)], scopes=[]
        )
    assert "redirect_uris" in raised.value.message_dict
