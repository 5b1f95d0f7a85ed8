"""GET /api/v1/preferences through HTTP."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from candela.accounts.models import User

pytestmark = pytest.mark.django_db


def test_preferences_have_mastodons_keys(
    make_user: Callable[..., User],
    make_token: Callable[..., str],
    api_client: Callable[[str], Client],
) -> None:
    user = make_user("linnea", language="fi")
    response = api_client(make_token(user, scope="read:accounts")).get("/api/v1/preferences")
    assert response.status_code == 200
    assert response.json() == {
        "posting:default:visibility": "public",
        "posting:default:sensitive": False,
        "posting:default:language": "fi",
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
        "reading:autoplay:gifs": False,
    }


def test_preferences_need_a_token(client: Client) -> None:
    assert client.get("/api/v1/preferences").status_code == 401
