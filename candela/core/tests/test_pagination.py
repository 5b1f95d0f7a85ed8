"""Cursor pagination: pages by max_id/since_id/min_id, limits, malformed ids and Link headers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from candela.accounts.models import User
from candela.core.pagination import PageParams, link_header, paginate, parse_page_params
from candela.profiles.models import Actor


@pytest.fixture
def actors(make_user: Callable[..., User]) -> list[Actor]:
    """Five actors, oldest first (actor ids are snowflakes)."""
    return [make_user(f"p{n}").actor for n in range(5)]


def ids(page: object) -> list[int]:
    return [actor.id for actor in page]  # type: ignore[attr-defined]


def test_a_page_lists_newest_first_and_knows_older_rows_exist(actors: list[Actor]) -> None:
    page = paginate(Actor.objects.all(), PageParams(limit=2))

    assert ids(page) == [actors[4].id, actors[3].id]
    assert page.newest_key == actors[4].id
    assert page.oldest_key == actors[3].id
    assert page.has_older


def test_max_id_reads_older_rows_and_the_last_page_says_so(actors: list[Actor]) -> None:
    page = paginate(Actor.objects.all(), PageParams(max_id=actors[2].id, limit=5))

    assert ids(page) == [actors[1].id, actors[0].id]
    assert not page.has_older


def test_since_id_reads_the_newest_rows_after_it(actors: list[Actor]) -> None:
    page = paginate(Actor.objects.all(), PageParams(since_id=actors[1].id, limit=2))

    assert ids(page) == [actors[4].id, actors[3].id]


def test_min_id_reads_the_rows_right_after_it_newest_first(actors: list[Actor]) -> None:
    page = paginate(Actor.objects.all(), PageParams(min_id=actors[1].id, limit=2))

    assert ids(page) == [actors[3].id, actors[2].id]


def test_an_empty_page_has_no_cursors_and_no_link_header(db: object) -> None:
    page = paginate(Actor.objects.all(), PageParams())

    assert page.newest_key is None
    assert link_header("https://x.test/api", {}, page) is None


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5", "9" * 20, str(2**63)])
def test_malformed_ids_are_refused_with_the_parameter_named(bad: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_page_params(QueryDict(f"max_id={bad}"))

    assert "max_id" in error.value.message_dict


@pytest.mark.parametrize(
    ("given", "expected"), [("", 20), ("5", 5), ("0", 1), ("500", 40), ("many", 20)]
)
def test_limits_default_and_clamp(given: str, expected: int) -> None:
    assert parse_page_params(QueryDict(f"limit={given}")).limit == expected


def test_link_header_points_older_with_max_id_and_newer_with_min_id(
    actors: list[Actor],
) -> None:
    page = paginate(Actor.objects.all(), PageParams(limit=2))

    header = link_header(
        "https://x.test/api/v1/things", QueryDict("limit=2&max_id=99&id[]=1&id[]=2"), page
    )

    assert header == (
        f"<https://x.test/api/v1/things?limit=2&id%5B%5D=1&id%5B%5D=2&max_id={actors[3].id}>; "
        'rel="next", '
        f"<https://x.test/api/v1/things?limit=2&id%5B%5D=1&id%5B%5D=2&min_id={actors[4].id}>; "
        'rel="prev"'
    )
