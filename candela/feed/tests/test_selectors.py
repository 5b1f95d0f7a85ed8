"""Timeline reads: order, read-time rules and a fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candela.api.mastodon import status_entities as status_json
from candela.core.pagination import PageParams
from candela.feed import selectors
from candela.feed.tests.conftest import Committed
from candela.graph import services as graph
from candela.posts import services as posts
from candela.posts.selectors import get_post_for
from candela.profiles.models import Actor


def _busy_world(
    make_actor: Callable[..., Actor],
    committed: Committed,
    *,
    authors: int,
    each: int,
    reader_name: str = "reader",
) -> Actor:
    """A reader following `authors` accounts that each post `each` times, mentioning and
    tagging, reacting, boosting and replying, so that every relation of a Status is filled."""
    reader = make_actor(reader_name)
    with committed():
        people = [make_actor() for _ in range(authors)]
        for person in people:
            graph.follow(reader, target=person)
        for number in range(each):
            for person in people:
                post = posts.publish_post(
                    person,
                    text=f"Post {number} for @{reader.username} #feed{number}",
                    visibility="public",
                )
                posts.react(reader, post_id=post.id)
                posts.react(people[0], post_id=post.id, kind="🎉")
                if person is not people[0]:
                    posts.boost(people[0], post_id=post.id)
        posts.publish_post(reader, text="My own", visibility="public")
    return reader


@pytest.mark.parametrize("size", [(1, 1), (3, 4)])
def test_home_feed_page_runs_four_queries_whatever_it_holds(
    make_actor: Callable[..., Actor], committed: Committed, size: tuple[int, int]
) -> None:
    reader = _busy_world(make_actor, committed, authors=size[0], each=size[1])
    with CaptureQueriesContext(connection) as queries:
        timeline = selectors.home_feed(reader, limit=20)
        rendered = [status_json.status(p, timeline.state, viewer=reader) for p in timeline.posts]
    assert len(queries) == 4, [q["sql"][:120] for q in queries]
    assert rendered


def test_home_feed_renders_as_the_status_serializer_does_with_its_own_loading(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader = _busy_world(make_actor, committed, authors=2, each=2)
    timeline = selectors.home_feed(reader, limit=20)
    fast = [status_json.status(p, timeline.state, viewer=reader) for p in timeline.posts]
    slow = [
        status_json.one_status(get_post_for(reader, p.id), viewer=reader) for p in timeline.posts
    ]
    assert fast == slow


def test_home_feed_is_newest_first_and_pages_by_id(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader = _busy_world(make_actor, committed, authors=2, each=3)
    everything = [p.id for p in selectors.home_feed(reader, limit=40).posts]
    assert everything == sorted(everything, reverse=True)
    first = selectors.home_feed(reader, limit=3)
    second = selectors.home_feed(reader, max_id=first.page.oldest_key, limit=3)
    assert [p.id for p in first.posts + second.posts] == everything[:6]
    newer = selectors.home_feed(reader, min_id=everything[5], limit=2)
    assert [p.id for p in newer.posts] == everything[3:5]
    since = selectors.home_feed(reader, since_id=everything[5], limit=2)
    assert [p.id for p in since.posts] == everything[:2]


def test_a_circle_post_leaves_the_home_feed_of_someone_removed_from_the_circle(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, friend = make_actor("author"), make_actor("friend")
    with committed():
        graph.follow(friend, target=author)
        graph.follow(author, target=friend)
        circle = graph.create_circle(author, name="Close")
        graph.add_circle_members(author, circle_id=circle.id, actor_ids=[friend.id])
        post = posts.publish_post(author, text="Just us", visibility="circle", circle_id=circle.id)
    assert [p.id for p in selectors.home_feed(friend).posts] == [post.id]
    with committed():
        graph.remove_circle_members(author, circle_id=circle.id, actor_ids=[friend.id])
    assert selectors.home_feed(friend).posts == []


@pytest.mark.parametrize("feed", ["public", "tag", "circle"])
def test_other_timelines_run_a_fixed_number_of_queries(
    make_actor: Callable[..., Actor], committed: Committed, feed: str
) -> None:
    counts: list[int] = []
    for authors in (1, 3):
        reader = _busy_world(
            make_actor, committed, authors=authors, each=2, reader_name=f"reader{authors}"
        )
        followed = [f.target_id for f in reader.following_set.all()]
        with committed():
            circle = graph.create_circle(reader, name=f"Circle {authors}")
            graph.add_circle_members(reader, circle_id=circle.id, actor_ids=followed)
        with CaptureQueriesContext(connection) as queries:
            timeline: Any
            if feed == "public":
                timeline = selectors.public_feed(reader, PageParams(), local=True)
            elif feed == "tag":
                timeline = selectors.hashtag_feed(reader, "feed0", PageParams())
            else:
                timeline = selectors.circle_feed(reader, circle.id, PageParams())
            [status_json.status(p, timeline.state, viewer=reader) for p in timeline.posts]
        assert timeline.posts
        counts.append(len(queries))
    assert counts[0] == counts[1] <= (5 if feed == "circle" else 4)
