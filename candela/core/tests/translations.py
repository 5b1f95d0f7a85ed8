"""Test helpers for translated pages."""

from __future__ import annotations

import re

from django.http import HttpResponse


def html_lang(response: HttpResponse) -> str:
    """The `lang` attribute of the page's <html> element."""
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "the page has no <html lang=...>"
    return match.group(1)
