"""The accounts endpoints through HTTP, and the Account/CredentialAccount shapes field by field."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image

from candela.accounts.models import User
from candela.accounts.services import delete_account
from candela.profiles.services import PositionInput, update_profile

pytestmark = pytest.mark.django_db

ACCOUNT_FIELDS = {
    "id",
    "username",
    "acct",
    "display_name",
    "locked",
    "bot",
    "discoverable",
    "indexable",
    "group",
    "created_at",
    "note",
    "url",
    "uri",
    "avatar",
    "avatar_static",
    "header",
    "header_static",
    "followers_count",
    "following_count",
    "statuses_count",
    "last_status_at",
    "hide_collections",
    "noindex",
    "emojis",
    "roles",
    "fields",
    "candela",
}


def png_upload(name: str = "me.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 10, 10)).save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_verify_credentials_returns_the_credential_account_field_by_field(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    update_profile(
        member.actor,
        display_name="Ada Lovelace",
        bio="Engines & numbers.\nSee https://example.org\n\nSecond <paragraph>",
        location="London",
        skills=["Mathematics"],
        languages=["en", "fr"],
        positions=[PositionInput(company="Analytical Engines", title="Analyst")],
    )
    response = api_client(make_token(member)).get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ACCOUNT_FIELDS | {"source", "role"}
    actor = member.actor
    assert body["id"] == str(actor.id)
    assert body["username"] == "ada"
    assert body["acct"] == "ada"
    assert body["display_name"] == "Ada Lovelace"
    assert body["locked"] is False
    assert body["bot"] is False
    assert body["discoverable"] is True
    assert body["group"] is False
    assert body["created_at"] == f"{actor.created_at.date().isoformat()}T00:00:00.000Z"
    assert body["note"] == (
        '<p>Engines &amp; numbers.<br>See <a href="https://example.org" rel="nofollow">'
        "https://example.org</a></p><p>Second &lt;paragraph&gt;</p>"
    )
    assert body["url"] == "http://localhost:8000/@ada"
    assert body["uri"] == "http://localhost:8000/users/ada"
    assert body["avatar"] == "http://localhost:8000/static/candela/default-avatar.png"
    assert body["avatar_static"] == body["avatar"]
    assert body["header"] == "http://localhost:8000/static/candela/default-header.png"
    assert body["followers_count"] == 0
    assert body["following_count"] == 0
    assert body["statuses_count"] == 0
    assert body["last_status_at"] is None
    assert body["emojis"] == []
    assert body["fields"] == []
    assert body["candela"] == {
        "skills": ["Mathematics"],
        "languages": ["en", "fr"],
        "location": "London",
        "positions": [{"company": "Analytical Engines", "title": "Analyst", "is_current": True}],
    }
    assert body["source"] == {
        "privacy": "public",
        "sensitive": False,
        "language": "en",
        "note": "Engines & numbers.\nSee https://example.org\n\nSecond <paragraph>",
        "fields": [],
        "follow_requests_count": 0,
        "hide_collections": False,
        "discoverable": True,
        "indexable": True,
        "attribution_domains": [],
    }
    assert body["role"] == {
        "id": "-99",
        "name": "",
        "permissions": "65536",
        "color": "",
        "highlighted": False,
    }


def test_verify_credentials_is_allowed_with_the_profile_scope(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member, scope="profile")).get(
        "/api/v1/accounts/verify_credentials"
    )
    assert response.status_code == 200


def test_verify_credentials_without_a_read_scope_is_forbidden(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member, scope="write")).get(
        "/api/v1/accounts/verify_credentials"
    )
    assert response.status_code == 403
    assert response.json() == {"error": "This action is outside the authorized scopes"}


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nope", "Basic abc"])
def test_verify_credentials_with_a_missing_or_unknown_token_is_401(header: str) -> None:
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_an_expired_token_is_401(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    token = make_token(member, expires_in=timedelta(seconds=-1))
    assert api_client(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_a_deactivated_members_token_is_401(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    token = make_token(member)
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert api_client(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_update_credentials_with_a_multipart_patch_changes_the_profile(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    client = api_client(make_token(member))
    payload = encode_multipart(
        BOUNDARY,
        {
            "display_name": "Countess",
            "note": "Poetical science",
            "locked": "true",
            "bot": "0",
            "discoverable": "false",
            "source[language]": "fr",
            "fields_attributes[0][name]": "Web",
            "fields_attributes[0][value]": "https://example.org",
            "avatar": png_upload(),
        },
    )
    response = client.patch(
        "/api/v1/accounts/update_credentials",
        payload,
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Countess"
    assert body["note"] == "<p>Poetical science</p>"
    assert body["locked"] is True
    assert body["discoverable"] is False
    assert body["source"]["language"] == "fr"
    assert body["avatar"].startswith("http://localhost:8000/media/avatars/")
    member.refresh_from_db()
    assert member.language == "fr"


def test_update_credentials_accepts_a_json_body(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member)).patch(
        "/api/v1/accounts/update_credentials",
        json.dumps({"display_name": "Ada", "bot": True, "source": {"language": "de"}}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["bot"] is True
    assert response.json()["source"]["language"] == "de"


def test_update_credentials_accepts_a_form_encoded_patch(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member)).patch(
        "/api/v1/accounts/update_credentials",
        "display_name=Form+Ada&note=Hello",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.content
    assert response.json()["display_name"] == "Form Ada"


def test_update_credentials_refuses_an_unsupported_language_and_changes_nothing(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member)).patch(
        "/api/v1/accounts/update_credentials",
        json.dumps({"display_name": "Changed", "source": {"language": "xx"}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "source[language]" in response.json()["details"]
    member.actor.refresh_from_db()
    assert member.actor.display_name == ""


def test_update_credentials_reports_profile_errors_under_mastodon_names(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member)).patch(
        "/api/v1/accounts/update_credentials",
        json.dumps({"note": "x" * 2001}),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("Validation failed")
    assert body["details"]["note"][0]["error"].startswith("ERR_")


def test_update_credentials_refuses_a_file_that_is_not_an_image(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    upload = io.BytesIO(b"not an image")
    upload.name = "x.png"
    response = api_client(make_token(member)).post(
        "/api/v1/accounts/update_credentials", {"avatar": upload}
    )
    assert response.status_code == 422
    assert "avatar" in response.json()["details"]


def test_update_credentials_needs_the_write_scope(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member, scope="read")).patch(
        "/api/v1/accounts/update_credentials",
        json.dumps({"display_name": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_update_credentials_with_malformed_json_is_a_json_error(
    member: User, make_token: Callable[..., str], api_client: Callable[[str], Client]
) -> None:
    response = api_client(make_token(member)).patch(
        "/api/v1/accounts/update_credentials", "{nope", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": "The request body is not valid JSON."}


def test_account_by_id_is_public_and_has_the_account_shape(client: Client, member: User) -> None:
    response = client.get(f"/api/v1/accounts/{member.actor.id}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ACCOUNT_FIELDS
    assert body["id"] == str(member.actor.id)
    assert "source" not in body


@pytest.mark.parametrize("account_id", ["1", "abc", "99999999999999999999999"])
def test_unknown_account_id_is_record_not_found(client: Client, account_id: str) -> None:
    response = client.get(f"/api/v1/accounts/{account_id}")
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}


def test_deleted_account_is_record_not_found(client: Client, member: User) -> None:
    actor_id = member.actor.id
    delete_account(member)
    response = client.get(f"/api/v1/accounts/{actor_id}")
    assert response.status_code == 404


@pytest.mark.parametrize("acct", ["ada", "@ada", "ADA", "ada@localhost:8000"])
def test_lookup_finds_a_local_account_by_handle(client: Client, member: User, acct: str) -> None:
    response = client.get("/api/v1/accounts/lookup", {"acct": acct})
    assert response.status_code == 200
    assert response.json()["acct"] == "ada"


def test_lookup_of_an_unknown_handle_is_record_not_found(client: Client, db: None) -> None:
    response = client.get("/api/v1/accounts/lookup", {"acct": "nobody"})
    assert response.status_code == 404
    assert response.json() == {"error": "Record not found"}


def test_staff_have_the_administrator_role(
    make_user: Callable[..., User],
    make_token: Callable[..., str],
    api_client: Callable[[str], Client],
) -> None:
    admin = make_user("grace", is_staff=True)
    body = api_client(make_token(admin)).get("/api/v1/accounts/verify_credentials").json()
    assert body["role"]["permissions"] == "1"
    assert body["role"]["highlighted"] is True


def test_api_answers_cors_preflight_without_a_token(client: Client) -> None:
    response = client.options("/api/v1/accounts/verify_credentials")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in response["Access-Control-Allow-Headers"]
