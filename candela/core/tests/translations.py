"""Test helpers: a throwaway message catalog, to check translation without the real catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.http import HttpResponse
from django.test import override_settings


def override_catalog(locale_dir: Path, language: str, entries: dict[str, str]) -> override_settings:
    """Compiles `entries` (msgid -> msgstr) into `locale_dir`, made the only project catalog."""
    messages_dir = locale_dir / language / "LC_MESSAGES"
    messages_dir.mkdir(parents=True, exist_ok=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
    for msgid, msgstr in entries.items():
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalog.save_as_mofile(str(messages_dir / "django.mo"))
    return override_settings(LOCALE_PATHS=[locale_dir])


def html_lang(response: HttpResponse) -> str:
    """The `lang` attribute of the page's <html> element."""
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "the page has no <html lang=...>"
    return match.group(1)
