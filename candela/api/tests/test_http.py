"""Body parsing shared by every API handler."""

from __future__ import annotations

from django.http import QueryDict

from candela.api.http import as_bool, nest_form


def test_rails_style_form_keys_become_nested_data() -> None:
    form = QueryDict(
        "source[language]=fr&media_ids[]=1&media_ids[]=2"
        "&fields_attributes[0][name]=Web&display_name=Ada"
    )
    assert nest_form(form) == {
        "source": {"language": "fr"},
        "media_ids": ["1", "2"],
        "fields_attributes": {"0": {"name": "Web"}},
        "display_name": "Ada",
    }


def test_mastodon_booleans_read_from_text_and_json() -> None:
    assert as_bool(True)
    assert as_bool("true")
    assert as_bool("1")
    assert as_bool("on")
    assert not as_bool(False)
    assert not as_bool("false")
    assert not as_bool("0")
