import pytest

pytestmark = pytest.mark.django_db


def test_api_answers_with_a_trailing_slash_as_mastodon_does(client):
    # Mastodon.py asks for /api/v1/instance/ and /api/v2/instance/.
    assert client.get("/api/v1/instance/").status_code == 200
    assert client.get("/api/v2/instance/").json()["domain"]


def test_post_with_a_trailing_slash_keeps_its_body(client):
    response = client.post(
        "/api/v1/apps/",
        {"client_name": "Slashy", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob"},
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Slashy"


def test_html_pages_keep_their_own_slash_rules(client):
    assert client.get("/login").status_code == 301
