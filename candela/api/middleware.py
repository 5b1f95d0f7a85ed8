"""Mastodon's routes answer with or without a trailing slash (Rails ignores it), and clients
rely on that: Mastodon.py asks for `/api/v1/instance/`. A redirect would lose POST bodies, so
the path is rewritten before URL resolution instead."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SLASH_AGNOSTIC_PREFIXES = ("/api/", "/oauth/")


class TrailingSlashAgnosticApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.endswith("/") and path.startswith(SLASH_AGNOSTIC_PREFIXES) and len(path) > 1:
            request.path_info = path.rstrip("/")
            request.path = request.path.rstrip("/")
        return self.get_response(request)
