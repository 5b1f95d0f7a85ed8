"""GET /api/v1/instance and /api/v2/instance: the shapes apps read before logging in."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from candela.accounts.models import User

pytestmark = pytest.mark.django_db


def test_v2_instance_has_the_instance_shape(client: Client, member: User) -> None:
    response = client.get("/api/v2/instance")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "domain",
        "title",
        "version",
        "source_url",
        "description",
        "usage",
        "thumbnail",
        "icon",
        "languages",
        "configuration",
        "registrations",
        "api_versions",
        "contact",
        "rules",
    }
    assert body["domain"] == "localhost:8000"
    assert re.fullmatch(r"4\.3\.0 \(compatible; Candela \d+\.\d+\.\d+\)", body["version"])
    assert body["api_versions"] == {"mastodon": 2, "candela": 1}
    assert body["languages"] == ["en", "fr", "it", "de", "fi"]
    assert body["usage"] == {"users": {"active_month": 0}}
    assert body["thumbnail"]["url"].startswith("http://localhost:8000/static/")
    configuration = body["configuration"]
    assert configuration["urls"]["streaming"] == "ws://localhost:8000"
    assert configuration["statuses"] == {
        "max_characters": 5000,
        "max_media_attachments": 4,
        "characters_reserved_per_url": 23,
    }
    assert "image/png" in configuration["media_attachments"]["supported_mime_types"]
    assert configuration["media_attachments"]["image_size_limit"] > 0
    assert set(configuration["polls"]) == {
        "max_options",
        "max_characters_per_option",
        "min_expiration",
        "max_expiration",
    }
    assert configuration["translation"] == {"enabled": False}
    assert configuration["accounts"]["max_featured_tags"] == 0
    assert body["registrations"]["enabled"] is True
    assert body["registrations"]["approval_required"] is False
    assert body["contact"] == {"email": "", "account": None}
    assert body["rules"] == []


@override_settings(CANDELA_STREAMING_URL="wss://stream.example.org", CANDELA_MAX_POST_CHARS=777)
def test_v2_instance_follows_the_settings(client: Client) -> None:
    configuration = client.get("/api/v2/instance").json()["configuration"]
    assert configuration["urls"]["streaming"] == "wss://stream.example.org"
    assert configuration["statuses"]["max_characters"] == 777


@override_settings(CANDELA_URL="https://candela.example", CANDELA_STREAMING_URL="")
def test_streaming_url_is_secure_when_the_site_is(client: Client) -> None:
    configuration = client.get("/api/v2/instance").json()["configuration"]
    assert configuration["urls"]["streaming"] == "wss://candela.example"


def test_v1_instance_has_the_v1_shape(client: Client, member: User) -> None:
    response = client.get("/api/v1/instance")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "uri",
        "title",
        "short_description",
        "description",
        "email",
        "version",
        "urls",
        "stats",
        "thumbnail",
        "languages",
        "registrations",
        "approval_required",
        "invites_enabled",
        "configuration",
        "contact_account",
        "rules",
    }
    assert body["uri"] == "localhost:8000"
    assert body["urls"] == {"streaming_api": "ws://localhost:8000"}
    assert body["stats"] == {"user_count": 1, "status_count": 0, "domain_count": 0}
    assert body["registrations"] is True
    assert body["version"].startswith("4.3.0 (compatible; Candela ")


def test_instance_ignores_an_invalid_token(client: Client, db: None) -> None:
    response = Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v2/instance")
    assert response.status_code == 200


def test_instance_refuses_other_methods_with_json(client: Client, db: None) -> None:
    response = client.post("/api/v2/instance")
    assert response.status_code == 405
    assert "error" in response.json()
