"""Every user-facing string is translated into fr, it, de and fi: nothing missing, nothing fuzzy,
and the compiled catalogs match their sources. Needs no GNU gettext: strings are found with
Python's own parser and Django's template `templatize`."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "it", "de", "fi"]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
CONTEXT_NAMES = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\((u?'(?:[^'\\]|\\.)*'(?:\s*,\s*u?'(?:[^'\\]|\\.)*')*)")


def source_files(pattern: str) -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob(pattern)
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def python_messages(path: Path) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in GETTEXT_NAMES and strings and isinstance(strings[0], str):
            found.add((None, strings[0]))
        elif name in CONTEXT_NAMES and len(strings) >= 2:
            found.add((strings[0], strings[1]))
    return found


def template_messages(path: Path) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    pseudo_python = templatize(path.read_text(), origin=str(path))
    for function, arguments in TEMPLATE_CALL.findall(pseudo_python):
        values = ast.literal_eval(f"({arguments},)")
        if "p" in function.removeprefix("n").removesuffix("gettext"):
            found.add((values[0], values[1]))
        else:
            found.add((None, values[0]))
    return found


@cache
def messages_in_source() -> frozenset[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for path in source_files("*.py"):
        found |= python_messages(path)
    for path in source_files("*.html") + source_files("*.txt"):
        if "templates" in path.parts:
            found |= template_messages(path)
    return frozenset(found)


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


def test_string_finder_sees_python_and_template_messages():
    found = messages_in_source()
    assert (None, "Log in") in found  # {% translate %} in base.html
    assert (None, "This username is already taken.") in found  # gettext() in a service
    assert (None, "%(title)s at %(company)s") in found  # {% blocktranslate %} with variables


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message_in_the_source(language):
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in catalog(language)
        if entry.translated() and not entry.obsolete
    }
    missing = sorted(m for _ctx, m in messages_in_source() - translated)
    assert missing == [], f"{len(missing)} messages untranslated in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_fuzzy_or_empty_entries(language):
    po = catalog(language)
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.untranslated_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    po = catalog(language)
    mo = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.items())) for e in mo}
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(e.msgstr_plural.items()))
        for e in po.translated_entries()
    }
    assert compiled == expected, "run `make messages` to recompile the catalogs"
