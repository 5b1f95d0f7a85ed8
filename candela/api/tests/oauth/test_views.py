"""The OAuth endpoints through HTTP: consent page, token, revocation and metadata."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.services import RegisteredApplication
from candela.api.tests.conftest import IVORY, OOB
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db
AccessToken = get_access_token_model()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_url(registered: RegisteredApplication, **params: str) -> str:
    query = {
        "response_type": "code",
        "client_id": registered.application.client_id,
        "redirect_uri": OOB,
        "scope": "read write",
        **params,
    }
    return "/oauth/authorize?" + urlencode(query)


def register_through_api(client: Client) -> dict[str, Any]:
    response = client.post(
        "/api/v1/apps",
        {
            "client_name": "Ivory",
            "redirect_uris": f"{OOB}\n{IVORY}",
            "scopes": "read write follow push",
            "website": "https://tapbots.com/ivory/",
        },
    )
    assert response.status_code == 200
    return response.json()


def approve(client: Client, page_url: str) -> Any:
    """Loads the consent page and approves it with the fields the page itself holds."""
    page = client.get(page_url)
    assert page.status_code == 200
    fields = dict(page.context["hidden_fields"])
    return client.post("/oauth/authorize", {**fields, "decision": "approve"})


def code_from_redirect(response: Any) -> str:
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["code"][0]


def test_complete_authorization_code_flow_with_pkce_and_custom_scheme(member: User) -> None:
    browser = Client()
    app = register_through_api(Client())
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": IVORY,
        "scope": "read write follow",
        "state": "xyz",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    url = "/oauth/authorize?" + urlencode(params)

    to_login = browser.get(url)
    assert to_login.status_code == 302
    assert to_login["Location"].startswith("/login/?next=")
    logged_in = browser.post(to_login["Location"], {"username": "ada", "password": TEST_PASSWORD})
    assert logged_in.status_code == 302
    assert logged_in["Location"] == url

    page = browser.get(url)
    assert page.status_code == 200
    assert b"Ivory" in page.content
    assert "form-action 'self' com.tapbots.ivory.123:" in page["Content-Security-Policy"]
    decision = browser.post(
        "/oauth/authorize", {**page.context["hidden_fields"], "decision": "approve"}
    )
    assert decision.status_code == 302
    location = urlsplit(decision["Location"])
    assert f"{location.scheme}:{location.path}" == IVORY.lower()
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]

    token = Client().post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": IVORY,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
            "code_verifier": verifier,
        },
    )
    assert token.status_code == 200, token.content
    body = token.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write follow"
    assert isinstance(body["created_at"], int)

    me = Client(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}").get(
        "/api/v1/accounts/verify_credentials"
    )
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


def test_out_of_band_flow_shows_the_code_and_accepts_a_json_token_request(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    verifier, challenge = pkce_pair()
    page = approve(
        browser,
        authorize_url(registered, code_challenge=challenge, code_challenge_method="S256"),
    )
    assert page.status_code == 200
    code = page.context["code"]
    assert code
    assert code.encode() in page.content

    token = Client().post(
        "/oauth/token",
        json.dumps(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": OOB,
                "client_id": registered.application.client_id,
                "client_secret": registered.client_secret,
                "code_verifier": verifier,
            }
        ),
        content_type="application/json",
    )
    assert token.status_code == 200, token.content
    assert token.json()["scope"] == "read write"


def test_token_request_with_wrong_code_verifier_is_refused(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    _verifier, challenge = pkce_pair()
    page = approve(
        browser,
        authorize_url(registered, code_challenge=challenge, code_challenge_method="S256"),
    )
    token = Client().post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": page.context["code"],
            "redirect_uri": OOB,
            "client_id": registered.application.client_id,
            "client_secret": registered.client_secret,
            "code_verifier": "a-wrong-verifier-that-is-long-enough-to-be-well-formed-0123",
        },
    )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists()


def test_client_credentials_in_http_basic_are_accepted(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = approve(browser, authorize_url(registered))
    basic = base64.b64encode(
        f"{registered.application.client_id}:{registered.client_secret}".encode()
    ).decode()
    token = Client(HTTP_AUTHORIZATION=f"Basic {basic}").post(
        "/oauth/token",
        {"grant_type": "authorization_code", "code": page.context["code"], "redirect_uri": OOB},
    )
    assert token.status_code == 200, token.content


def test_client_credentials_grant_gives_an_app_token(registered: RegisteredApplication) -> None:
    token = Client().post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": registered.application.client_id,
            "client_secret": registered.client_secret,
            "scope": "read",
        },
    )
    assert token.status_code == 200, token.content
    access = token.json()["access_token"]
    app_client = Client(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert app_client.get("/api/v1/apps/verify_credentials").json()["name"] == "Test App"
    me = app_client.get("/api/v1/accounts/verify_credentials")
    assert me.status_code == 422
    assert me.json() == {"error": "This method requires an authenticated user"}


def test_client_credentials_grant_refuses_a_scope_the_app_did_not_register(
    make_app: Callable[..., RegisteredApplication],
) -> None:
    registered = make_app(scopes="read")
    token = Client().post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": registered.application.client_id,
            "client_secret": registered.client_secret,
            "scope": "write",
        },
    )
    assert token.status_code == 400
    assert token.json()["error"] == "invalid_scope"


def test_refresh_token_grant_issues_a_new_access_token(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = approve(browser, authorize_url(registered))
    credentials = {
        "client_id": registered.application.client_id,
        "client_secret": registered.client_secret,
    }
    first = (
        Client()
        .post(
            "/oauth/token",
            {"grant_type": "authorization_code", "code": page.context["code"], "redirect_uri": OOB}
            | credentials,
        )
        .json()
    )
    second = Client().post(
        "/oauth/token",
        {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]} | credentials,
    )
    assert second.status_code == 200, second.content
    assert second.json()["access_token"] != first["access_token"]


def test_an_authorization_code_works_only_once(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    code = approve(browser, authorize_url(registered)).context["code"]
    request = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": OOB,
        "client_id": registered.application.client_id,
        "client_secret": registered.client_secret,
    }
    assert Client().post("/oauth/token", request).status_code == 200
    assert Client().post("/oauth/token", request).status_code == 400


def test_token_request_with_malformed_json_gets_an_oauth_error(
    registered: RegisteredApplication,
) -> None:
    response = Client().post("/oauth/token", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()


def test_token_request_with_a_wrong_secret_is_refused(registered: RegisteredApplication) -> None:
    response = Client().post(
        "/oauth/token",
        {
            "grant_type": "client_credentials",
            "client_id": registered.application.client_id,
            "client_secret": "wrong",
        },
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_denying_redirects_back_with_access_denied(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = browser.get(authorize_url(registered, redirect_uri=IVORY, state="s1"))
    response = browser.post(
        "/oauth/authorize", {**page.context["hidden_fields"], "decision": "deny"}
    )
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["s1"]
    assert not AccessToken.objects.exists()


def test_denying_an_out_of_band_request_shows_a_page(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = browser.get(authorize_url(registered))
    response = browser.post(
        "/oauth/authorize", {**page.context["hidden_fields"], "decision": "deny"}
    )
    assert response.status_code == 200
    assert response.context["code"] is None


def test_consent_page_describes_the_requested_scopes_and_sets_its_own_policy(
    member: User, make_app: Callable[..., RegisteredApplication]
) -> None:
    registered = make_app(redirect_uris=["https://elk.example/oauth/callback"])
    browser = Client()
    browser.force_login(member)
    page = browser.get(authorize_url(registered, redirect_uri="https://elk.example/oauth/callback"))
    assert page.status_code == 200
    assert b"Read all your account data" in page.content
    assert b"Change all your account data" in page.content
    assert page["Content-Security-Policy"].endswith("form-action 'self' https://elk.example")


def test_consent_page_follows_the_lang_parameter(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = browser.get(authorize_url(registered, lang="fr"))
    assert page.status_code == 200
    assert b'lang="fr"' in page.content


def test_force_login_logs_out_and_returns_to_the_consent_page(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    response = browser.get(authorize_url(registered, force_login="true"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert "force_login" not in response["Location"]
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"client_id": "unknown"}, b"not registered on this server"),
        ({"redirect_uri": "https://evil.example/cb"}, b"did not register"),
        ({"scope": "read admin:write"}, b"permissions it did not register"),
        ({"scope": "read nonsense"}, b"do not exist"),
        ({"response_type": "token"}, b"kind of response"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, b"only S256"),
        ({"code_challenge": "abc"}, b"only S256"),
    ],
)
def test_bad_authorization_requests_get_a_400_page(
    member: User, registered: RegisteredApplication, params: dict[str, str], message: bytes
) -> None:
    browser = Client()
    browser.force_login(member)
    response = browser.get(authorize_url(registered, **params))
    assert response.status_code == 400
    assert message in response.content
    assert b"<html" in response.content


def test_a_tampered_consent_form_is_checked_again(
    member: User, make_app: Callable[..., RegisteredApplication]
) -> None:
    registered = make_app(scopes="read")
    browser = Client()
    browser.force_login(member)
    page = browser.get(authorize_url(registered, scope="read"))
    fields = {**page.context["hidden_fields"], "scope": "read write", "decision": "approve"}
    response = browser.post("/oauth/authorize", fields)
    assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_granular_scope_is_allowed_when_the_app_registered_its_parent(
    member: User, registered: RegisteredApplication
) -> None:
    browser = Client()
    browser.force_login(member)
    page = approve(browser, authorize_url(registered, scope="read:accounts write:statuses"))
    assert page.status_code == 200
    assert page.context["code"]


def test_revoked_token_is_refused(member: User, registered: RegisteredApplication) -> None:
    browser = Client()
    browser.force_login(member)
    page = approve(browser, authorize_url(registered))
    credentials = {
        "client_id": registered.application.client_id,
        "client_secret": registered.client_secret,
    }
    access = (
        Client()
        .post(
            "/oauth/token",
            {"grant_type": "authorization_code", "code": page.context["code"], "redirect_uri": OOB}
            | credentials,
        )
        .json()["access_token"]
    )
    app_client = Client(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert app_client.get("/api/v1/accounts/verify_credentials").status_code == 200

    revoked = Client().post("/oauth/revoke", {"token": access} | credentials)
    assert revoked.status_code == 200
    assert revoked.json() == {}
    response = app_client.get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 401
    assert response.json() == {"error": "The access token is invalid"}


def test_authorization_server_metadata_matches_mastodon(client: Client) -> None:
    response = client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    body = response.json()
    assert body["issuer"] == "http://localhost:8000/"
    assert body["authorization_endpoint"] == "http://localhost:8000/oauth/authorize"
    assert body["token_endpoint"] == "http://localhost:8000/oauth/token"
    assert body["revocation_endpoint"] == "http://localhost:8000/oauth/revoke"
    assert body["app_registration_endpoint"] == "http://localhost:8000/api/v1/apps"
    assert body["response_types_supported"] == ["code"]
    assert body["grant_types_supported"] == [
        "authorization_code",
        "client_credentials",
        "refresh_token",
    ]
    assert body["code_challenge_methods_supported"] == ["S256"]
    assert {"read", "write", "follow", "push", "profile", "read:accounts"} <= set(
        body["scopes_supported"]
    )
    assert body["token_endpoint_auth_methods_supported"] == [
        "client_secret_basic",
        "client_secret_post",
    ]
    assert body["service_documentation"]


def test_token_endpoint_answers_cors_preflight(client: Client) -> None:
    response = client.options("/oauth/token")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_client_is_explained_before_asking_to_log_in(db: None) -> None:
    response = Client().get("/oauth/authorize?response_type=code&client_id=nope&scope=read")
    assert response.status_code == 400
    assert b"not registered on this server" in response.content


def test_posting_a_decision_while_logged_out_goes_to_the_login_page(
    registered: RegisteredApplication,
) -> None:
    response = Client().post(
        "/oauth/authorize",
        {"client_id": registered.application.client_id, "redirect_uri": OOB, "decision": "approve"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not AccessToken.objects.exists()
