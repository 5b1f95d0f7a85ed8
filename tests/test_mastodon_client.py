"""A real Mastodon client library (Mastodon.py) signs in to a running Candela: app registration,
the authorization-code flow through the consent page, verify_credentials, revocation."""

from __future__ import annotations

import html
import re

import pytest
import requests
from mastodon import Mastodon, MastodonUnauthorizedError

from conftest import TEST_PASSWORD

SCOPES = ["read", "write", "follow"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
CODE_FIELD = re.compile(r'id="authorization-code"[^>]*value="([^"]+)"')


def approve_in_browser(authorize_url: str, base_url: str, username: str) -> str:
    """What a person does in the page an app opens: log in, approve, copy the code shown."""
    session = requests.Session()
    login_page = session.get(f"{base_url}/login/", timeout=10)
    logged_in = session.post(
        f"{base_url}/login/",
        data={
            "csrfmiddlewaretoken": CSRF_FIELD.search(login_page.text).group(1),
            "username": username,
            "password": TEST_PASSWORD,
        },
        headers={"Referer": f"{base_url}/login/"},
        timeout=10,
    )
    assert logged_in.ok
    consent = session.get(authorize_url, timeout=10)
    assert consent.status_code == 200, consent.text
    assert "Candela e2e" in consent.text
    fields = {name: html.unescape(value) for name, value in HIDDEN_FIELD.findall(consent.text)}
    fields["decision"] = "approve"
    code_page = session.post(
        f"{base_url}/oauth/authorize",
        data=fields,
        headers={"Referer": authorize_url},
        timeout=10,
    )
    assert code_page.status_code == 200, code_page.text
    return html.unescape(CODE_FIELD.search(code_page.text).group(1))


@pytest.mark.django_db(transaction=True)
def test_mastodon_py_registers_signs_in_and_reads_its_own_account(live_server, make_user, settings):
    make_user("ada", language="fi")
    base_url = live_server.url
    # The OAuth metadata names the endpoints at the server's public address.
    settings.CANDELA_URL = base_url

    client_id, client_secret = Mastodon.create_app(
        "Candela e2e", scopes=SCOPES, api_base_url=base_url, website="https://example.org"
    )
    # "created" makes Mastodon.py parse our version string, as apps gating features do.
    api = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=base_url,
        version_check_mode="created",
    )
    assert api.verify_minimum_version("4.0.0", cached=True)

    authorize_url = api.auth_request_url(scopes=SCOPES, allow_http=True)
    code = approve_in_browser(authorize_url, base_url, "ada")
    api.log_in(code=code, scopes=SCOPES, allow_http=True)

    me = api.account_verify_credentials()
    assert me.username == "ada"
    assert me.acct == "ada"
    assert me.source.language == "fi"
    assert api.app_verify_credentials().name == "Candela e2e"

    token = api.access_token
    api.revoke_access_token(allow_http=True)
    with pytest.raises(MastodonUnauthorizedError):
        Mastodon(access_token=token, api_base_url=base_url).account_verify_credentials()
