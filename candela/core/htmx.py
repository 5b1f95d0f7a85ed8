"""Helpers for views that answer both full page loads and htmx requests."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx made the request, so a view may answer with a partial template only.

    History restores (`HX-History-Restore-Request`) need the whole page.
    """
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
