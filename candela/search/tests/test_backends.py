"""Full-text search of posts: the privacy matrix, edits and deletes, and hostile input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from candela.posts import services
from candela.profiles.models import Actor
from candela.search.backends import search_posts, terms
from tests.audience import AUDIENCE, VIEWERS, VISIBILITIES, place_viewers


@pytest.fixture
def world(make_actor: Callable[..., Actor]) -> dict[str, Any]:
    actors = {name: make_actor(name) for name in VIEWERS[:-1]}
    return {"actors": actors, "circle": place_viewers(actors)}


def viewer_of(world: dict[str, Any], name: str) -> Actor | None:
    return None if name == "anonymous" else world["actors"][name]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_search_finds_a_post_only_for_its_audience(
    world: dict[str, Any], visibility: str, viewer: str
) -> None:
    post = services.publish_post(
        world["actors"]["author"],
        text=f"Aurora borealis tonight, @mentioned ({visibility})",
        visibility=visibility,
        circle_id=world["circle"].id if visibility == "circle" else None,
    )
    found = search_posts(viewer_of(world, viewer), "aurora borealis", limit=20)
    assert (post in found) == (viewer in AUDIENCE[visibility])


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_deleted_post_is_found_by_nobody(world: dict[str, Any], viewer: str) -> None:
    post = services.publish_post(
        world["actors"]["author"], text="Aurora over the fjord", visibility="public"
    )
    services.delete_post(world["actors"]["author"], post_id=post.id)
    assert search_posts(viewer_of(world, viewer), "aurora", limit=20) == []


def test_an_edited_post_is_found_by_its_new_words_not_its_old_ones(
    world: dict[str, Any],
) -> None:
    author = world["actors"]["author"]
    post = services.publish_post(author, text="Sourdough starter tips", visibility="public")
    services.edit_post(author, post_id=post.id, text="Kombucha brewing tips")
    assert search_posts(author, "sourdough", limit=20) == []
    assert search_posts(author, "kombucha", limit=20) == [post]


def test_a_tombstone_kept_for_replies_is_not_found(world: dict[str, Any]) -> None:
    author, stranger = world["actors"]["author"], world["actors"]["stranger"]
    post = services.publish_post(author, text="Aurora photos thread", visibility="public")
    services.publish_post(stranger, text="Lovely", visibility="public", in_reply_to_id=post.id)
    services.delete_post(author, post_id=post.id)
    assert search_posts(stranger, "aurora", limit=20) == []


def test_words_match_whatever_their_case_and_accents(make_actor: Callable[..., Actor]) -> None:
    author = make_actor("writer")
    post = services.publish_post(author, text="Un café à Montréal", visibility="public")
    assert search_posts(author, "CAFÉ montréal", limit=20) == [post]
    assert search_posts(author, "mont", limit=20) == [post]
    assert search_posts(author, "cafe montreal", limit=20) == [post]
    assert search_posts(author, "MONTRE", limit=20) == [post]


def test_results_are_newest_first_and_paged(make_actor: Callable[..., Actor]) -> None:
    author = make_actor("writer")
    posts = [
        services.publish_post(author, text=f"Garden note {n}", visibility="public")
        for n in range(5)
    ]
    newest_first = list(reversed(posts))
    assert search_posts(author, "garden", limit=2) == newest_first[:2]
    assert search_posts(author, "garden", limit=2, offset=2) == newest_first[2:4]
    assert search_posts(author, "garden", limit=2, max_id=posts[2].id) == newest_first[3:5]


HOSTILE = [
    "",
    " ",
    "a",
    "x" * 500,
    '"',
    '"garden',
    "*",
    "garden*",
    "NEAR(garden note)",
    "-garden",
    "text:garden",
    "garden OR",
    "AND",
    "^garden",
    "garden & | ! ( ) : * '",
    "'); DROP TABLE posts_post; --",
    "\x00garden",
    "🌱 garden",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(make_actor: Callable[..., Actor], query: str) -> None:
    author = make_actor("writer")
    post = services.publish_post(author, text="Garden note", visibility="public")
    found = search_posts(author, query, limit=20)
    assert found in ([], [post])


def test_terms_keep_letters_and_digits_only() -> None:
    assert terms('NEAR("a" b*) -c:d') == ["near", "a", "b", "c", "d"]
    assert len(terms(" ".join(f"w{n}" for n in range(50)))) == 8
