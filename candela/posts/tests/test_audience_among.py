"""`audience_among` (many readers at once, for live events) agrees with `visible_to` (one
reader, for every other read) on every visibility and every kind of reader."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from candela.accounts.models import User
from candela.graph import services as graph
from candela.posts import selectors, services
from candela.posts.models import Post
from candela.profiles.models import Actor
from tests.audience import AUDIENCE, VIEWERS, VISIBILITIES, place_viewers


@pytest.fixture
def actors(make_user: Callable[..., User]) -> dict[str, Actor]:
    people = {name: make_user(name).actor for name in [*VIEWERS[:-1], "muter"]}
    place_viewers(people)
    graph.mute(people["muter"], target=people["author"])
    return people


def publish(author: Actor, visibility: str) -> Post:
    circle_id = author.circles.get().id if visibility == "circle" else None
    return services.publish_post(
        author, text="Hello @mentioned", visibility=visibility, circle_id=circle_id
    )


def ids_of(actors: dict[str, Actor], names: set[str]) -> set[int | None]:
    return {None if name == "anonymous" else actors[name].id for name in names}


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_agrees_with_visible_to_for_every_reader(actors, visibility):
    post = publish(actors["author"], visibility)
    everyone = ids_of(actors, {*VIEWERS, "muter"})
    one_by_one = {
        reader_id
        for reader_id in everyone
        if selectors.visible_to(
            Post.objects.filter(pk=post.id),
            None if reader_id is None else Actor.objects.get(pk=reader_id),
        ).exists()
    }
    assert selectors.audience_among(post.id, everyone) == one_by_one
    expected = AUDIENCE[visibility] | ({"muter"} if visibility in {"public", "unlisted"} else set())
    assert one_by_one == ids_of(actors, expected)


def test_timelines_leave_out_those_muting_the_author(actors):
    post = publish(actors["author"], "public")
    readers = selectors.audience_among(
        post.id, ids_of(actors, {"muter", "stranger"}), hide_muted=True
    )
    assert readers == ids_of(actors, {"stranger"})


def test_a_boost_is_hidden_from_those_blocking_the_original_author(actors, make_actor):
    post = publish(actors["author"], "public")
    booster = make_actor("booster")
    boost = services.boost(booster, post_id=post.id)
    readers = selectors.audience_among(boost.id, ids_of(actors, {"blocked", "stranger"}))
    assert readers == ids_of(actors, {"stranger"})


def test_a_deleted_post_has_no_audience(actors):
    post = publish(actors["author"], "public")
    services.delete_post(actors["author"], post_id=post.id)
    assert selectors.audience_among(post.id, ids_of(actors, set(VIEWERS))) == set()
