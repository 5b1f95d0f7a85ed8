"""Languages a person can say they speak: ISO 639-1 codes, names that Django translates."""

from __future__ import annotations

from django.conf import global_settings
from django.utils.translation import gettext_lazy

SPOKEN_LANGUAGES = sorted(
    {code: name for code, name in global_settings.LANGUAGES if len(code) == 2}.items()
)
SPOKEN_LANGUAGE_CODES = frozenset(code for code, _name in SPOKEN_LANGUAGES)


def spoken_language_choices() -> list[tuple[str, object]]:
    return [(code, gettext_lazy(name)) for code, name in SPOKEN_LANGUAGES]
