"""Hands token and revocation requests to oauthlib, reading form-encoded and JSON bodies alike."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from oauth2_provider.oauth2_backends import OAuthLibCore


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_as_text(item) for item in value)
    return "" if value is None else str(value)


class FormOrJSONOAuthLibCore(OAuthLibCore):  # type: ignore[misc]
    """Mastodon accepts JSON bodies at /oauth/token (Mastodon.py and some apps send them);
    a malformed JSON body reads as empty, so oauthlib answers with its usual `invalid_request`."""

    def extract_body(self, request: HttpRequest) -> list[tuple[str, str]]:
        content_type = request.content_type or ""
        if content_type != "application/json":
            body: list[tuple[str, str]] = super().extract_body(request)
            return body
        try:
            payload = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return []
        if not isinstance(payload, dict):
            return []
        return [(str(key), _as_text(value)) for key, value in payload.items()]
