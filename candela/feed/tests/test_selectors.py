"""Timeline reads: order, read-time rules and a fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candela.api.mastodon import status_entities as status_json
from candela.core.compiled import PSYCOPG_CACHED_PARAMS, PSYCOPG_CACHED_SQL_BYTES
from candela.core.pagination import PageParams
from candela.feed import selectors
from candela.feed.tests.conftest import Committed
from candela.graph import services as graph
from candela.graph.models import Block
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


def _home_statuses(reader: Actor, params: PageParams | None = None) -> list[dict[str, Any]]:
    page = selectors.home_numbers(reader, params or PageParams())
    return status_json.statuses_for(page.items, viewer=reader)


def test_home_page_runs_a_fixed_number_of_queries_and_one_once_cached(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    counts = []
    for authors, each in ((1, 1), (3, 4)):
        reader = _busy_world(
            make_actor, committed, authors=authors, each=each, reader_name=f"reader{authors}"
        )
        cache.clear()
        status_json.forget_local_parts()
        with CaptureQueriesContext(connection) as cold:
            assert _home_statuses(reader)
        with CaptureQueriesContext(connection) as warm:
            assert _home_statuses(reader)
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1]
    # The page's numbers, with the reader's own reactions and boosts.
    assert counts[1][1] == 1, counts


@pytest.mark.parametrize(
    ("max_id", "since_id", "min_id"), [(None, None, None), (9, 1, None), (9, None, 1)]
)
def test_the_home_numbers_sql_is_short_enough_for_psycopg_to_keep_its_parsing(
    max_id: int | None, since_id: int | None, min_id: int | None
) -> None:
    query = selectors._home_numbers_query(1, max_id, since_id, min_id, 40).query
    sql, params = query.sql_with_params()
    assert len(sql.encode()) <= PSYCOPG_CACHED_SQL_BYTES
    assert len(params) <= PSYCOPG_CACHED_PARAMS


def test_home_statuses_are_what_the_status_serializer_renders_cached_or_not(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader = _busy_world(make_actor, committed, authors=2, each=2)
    cache.clear()
    status_json.forget_local_parts()
    cold = _home_statuses(reader)
    warm = _home_statuses(reader)
    ids = [int(status["id"]) for status in cold]
    slow = [status_json.one_status(get_post_for(reader, post_id), viewer=reader) for post_id in ids]
    assert cold == warm == slow


def test_home_statuses_stay_right_when_the_process_copies_of_their_parts_overflow(
    make_actor: Callable[..., Actor], committed: Committed, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = _busy_world(make_actor, committed, authors=2, each=2)
    expected = _home_statuses(reader)
    monkeypatch.setattr(status_json, "LOCAL_PARTS", 3)
    status_json.forget_local_parts()
    assert _home_statuses(reader) == expected
    assert _home_statuses(reader) == expected


def test_cached_home_statuses_follow_edits_counts_and_profile_changes(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader, author, fan = make_actor("reader"), make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(reader, target=author)
        post = posts.publish_post(author, text="First words", visibility="public")
    (before,) = _home_statuses(reader)
    with committed():
        posts.edit_post(author, post_id=post.id, text="Second thoughts")
        graph.follow(fan, target=author)
        posts.react(fan, post_id=post.id)
        author.display_name = "Renamed Author"
        author.save()
    (after,) = _home_statuses(reader)
    assert "First words" in before["content"]
    assert "Second thoughts" in after["content"]
    assert after["edited_at"] is not None
    assert after["favourites_count"] == before["favourites_count"] + 1
    assert after["account"]["followers_count"] == before["account"]["followers_count"] + 1
    assert after["account"]["display_name"] == "Renamed Author"


def test_home_pages_are_newest_first_and_page_by_id(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader = _busy_world(make_actor, committed, authors=2, each=3)

    def ids(**cursors: int) -> list[int]:
        limit = cursors.pop("limit", 40)
        params = PageParams(**cursors, limit=limit)
        numbers = [n.id for n in selectors.home_numbers(reader, params).items]
        assert numbers == [p.id for p in selectors.home_feed(reader, params).items]
        return numbers

    everything = ids()
    assert everything == sorted(everything, reverse=True)
    first = selectors.home_numbers(reader, PageParams(limit=3))
    assert first.oldest_key is not None
    assert ids(limit=3) + ids(max_id=first.oldest_key, limit=3) == everything[:6]
    assert ids(min_id=everything[5], limit=2) == everything[3:5]
    assert ids(since_id=everything[5], limit=2) == everything[:2]


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
    assert [p.id for p in selectors.home_feed(friend, PageParams()).items] == [post.id]
    assert [n.id for n in selectors.home_numbers(friend, PageParams()).items] == [post.id]
    with committed():
        graph.remove_circle_members(author, circle_id=circle.id, actor_ids=[friend.id])
    assert selectors.home_feed(friend, PageParams()).items == []
    assert selectors.home_numbers(friend, PageParams()).items == []


@pytest.mark.parametrize("feed", ["public", "tag", "circle"])
def test_other_timelines_run_a_fixed_number_of_queries(
    make_actor: Callable[..., Actor], committed: Committed, feed: str
) -> None:
    counts: list[int] = []
    for authors in (2, 4):
        reader = _busy_world(
            make_actor, committed, authors=authors, each=2, reader_name=f"reader{authors}"
        )
        followed = [f.target_id for f in reader.following_set.all()]
        with committed():
            circle = graph.create_circle(reader, name=f"Circle {authors}")
            graph.add_circle_members(reader, circle_id=circle.id, actor_ids=followed)
        with CaptureQueriesContext(connection) as queries:
            if feed == "public":
                page = selectors.public_feed(reader, PageParams(), local=True)
            elif feed == "tag":
                page = selectors.hashtag_feed(reader, "feed0", PageParams())
            else:
                page = selectors.circle_feed(reader, circle.id, PageParams())
            assert status_json.statuses(page.items, viewer=reader)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_block_hides_posts_and_boosts_at_once_before_its_task_removes_them(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    reader, author, booster = make_actor("reader"), make_actor("author"), make_actor("booster")
    with committed():
        graph.follow(reader, target=author)
        graph.follow(reader, target=booster)
    with committed():
        own = posts.publish_post(author, text="Mine", visibility="public")
        other = posts.publish_post(make_actor("other"), text="Theirs", visibility="public")
        boost_of_author = posts.boost(booster, post_id=own.id)
        boost_by_booster = posts.boost(booster, post_id=other.id)

    def shown() -> set[int]:
        numbers = {n.id for n in selectors.home_numbers(reader, PageParams()).items}
        assert numbers == {p.id for p in selectors.home_feed(reader, PageParams()).items}
        return numbers

    assert {own.id, boost_by_booster.id} <= shown()
    assert boost_of_author.id not in shown()  # the post itself is already there
    # The rows alone, as in the moment before the block's task has run, either way round.
    Block.objects.create(blocker=author, target=reader)
    assert own.id not in shown()
    assert boost_by_booster.id in shown()
    Block.objects.create(blocker=reader, target=booster)
    assert boost_by_booster.id not in shown()
