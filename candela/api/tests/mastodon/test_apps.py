"""POST /api/v1/apps and GET /api/v1/apps/verify_credentials through HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from candela.api.models import Application
from candela.api.tests.conftest import IVORY, OOB

pytestmark = pytest.mark.django_db


def test_registering_an_app_with_a_form_returns_the_credential_application(client: Client) -> None:
    response = client.post(
        "/api/v1/apps",
        {
            "client_name": "toot",
            "redirect_uris": f"{OOB}\n{IVORY}",
            "scopes": "read write push",
            "website": "https://toot.bezdomni.net",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "name",
        "website",
        "scopes",
        "redirect_uri",
        "redirect_uris",
        "vapid_key",
        "client_id",
        "client_secret",
        "client_secret_expires_at",
    }
    assert isinstance(body["id"], str)
    assert body["name"] == "toot"
    assert body["website"] == "https://toot.bezdomni.net"
    assert body["scopes"] == ["read", "write", "push"]
    assert body["redirect_uris"] == [OOB, IVORY]
    assert body["redirect_uri"] == f"{OOB}\n{IVORY}"
    assert body["client_secret_expires_at"] == 0
    assert body["vapid_key"] == ""
    app = Application.objects.get(client_id=body["client_id"])
    # Stored hashed: the plain secret is shown once.
    assert app.client_secret != body["client_secret"]


def test_registering_an_app_with_json_and_an_array_of_redirect_uris(client: Client) -> None:
    response = client.post(
        "/api/v1/apps",
        json.dumps({"client_name": "Elk", "redirect_uris": ["https://elk.zone/cb", OOB]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["redirect_uris"] == ["https://elk.zone/cb", OOB]
    assert body["scopes"] == ["read"]
    assert body["website"] is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"client_name": "x", "redirect_uris": "javascript:alert(1)"}, "redirect_uris"),
        ({"client_name": "x", "redirect_uris": "data:text/html,hi"}, "redirect_uris"),
        ({"client_name": "x", "redirect_uris": ""}, "redirect_uris"),
        ({"client_name": "", "redirect_uris": OOB}, "client_name"),
        ({"client_name": "x", "redirect_uris": OOB, "scopes": "read sudo"}, "scopes"),
        ({"client_name": "x", "redirect_uris": OOB, "website": "ftp://x"}, "website"),
    ],
)
def test_registering_an_app_with_bad_input_answers_422_with_details(
    client: Client, data: dict[str, str], field: str
) -> None:
    response = client.post("/api/v1/apps", data)
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("Validation failed")
    assert field in body["details"]
    assert not Application.objects.exists()


def test_registering_an_app_with_malformed_json_answers_a_json_error(client: Client) -> None:
    response = client.post("/api/v1/apps", "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": "The request body is not valid JSON."}


def test_app_verify_credentials_returns_the_application_without_secrets(
    make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(None, scope="read")).get("/api/v1/apps/verify_credentials")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Test App"
    assert body["scopes"] == ["read", "write", "follow", "push"]
    assert "client_secret" not in body
    assert "client_id" not in body


def test_app_verify_credentials_needs_a_token(client: Client) -> None:
    response = client.get("/api/v1/apps/verify_credentials")
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}
