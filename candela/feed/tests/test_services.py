"""Fan-out and removal of home timeline entries, through the real services and signals."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from candela.feed import services, tasks
from candela.feed.models import TimelineEntry
from candela.feed.tests.conftest import Committed
from candela.graph import services as graph
from candela.posts import services as posts
from candela.posts.models import Post
from candela.profiles.models import Actor

VISIBILITIES = ["public", "unlisted", "connections", "circle", "direct"]
KINDS = ["follower", "connection", "circle_member", "mentioned", "blocked", "muting", "stranger"]
# Who gets a post of each visibility in their home feed: followers allowed to see it.
# Every kind but the stranger follows the author; the mentioned one is only a follower.
RECEIVES = {
    "public": {"follower", "connection", "circle_member", "mentioned"},
    "unlisted": {"follower", "connection", "circle_member", "mentioned"},
    "connections": {"connection", "mentioned"},
    "circle": {"circle_member", "mentioned"},
    "direct": {"mentioned"},
}


def home_of(actor: Actor) -> set[int]:
    return set(TimelineEntry.objects.filter(owner=actor).values_list("post_id", flat=True))


@pytest.fixture
def world(make_actor: Callable[..., Actor], committed: Committed) -> dict[str, Actor]:
    author = make_actor("author")
    people = {kind: make_actor(kind) for kind in KINDS}
    with committed():
        for kind in KINDS:
            if kind not in {"stranger", "connection"}:
                graph.follow(people[kind], target=author)
        request = graph.request_connection(people["connection"], recipient=author)
        graph.accept_connection(author, connection_id=request.id)
        graph.follow(author, target=people["circle_member"])
        circle = graph.create_circle(author, name="Close")
        graph.add_circle_members(
            author, circle_id=circle.id, actor_ids=[people["circle_member"].id]
        )
        graph.block(author, target=people["blocked"])
        graph.mute(people["muting"], target=author)
    return {"author": author, **people}


def _publish(world: dict[str, Actor], visibility: str) -> Post:
    author = world["author"]
    circle_id = author.circles.get().id if visibility == "circle" else None
    return posts.publish_post(
        author, text="Hello @mentioned", visibility=visibility, circle_id=circle_id
    )


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("kind", KINDS)
def test_fan_out_reaches_exactly_the_followers_allowed_to_see_the_post(
    world: dict[str, Actor], committed: Committed, visibility: str, kind: str
) -> None:
    with committed():
        post = _publish(world, visibility)
    assert (post.id in home_of(world[kind])) == (kind in RECEIVES[visibility])
    assert post.id in home_of(world["author"])


def test_a_boost_reaches_the_boosters_followers_unless_they_hide_boosts(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, booster, fan, quiet = (make_actor(n) for n in ("author", "booster", "fan", "quiet"))
    with committed():
        graph.follow(fan, target=booster)
        graph.follow(quiet, target=booster, show_boosts=False)
        post = posts.publish_post(author, text="Worth sharing", visibility="public")
        boost = posts.boost(booster, post_id=post.id)
    assert boost.id in home_of(fan)
    assert boost.id in home_of(booster)
    assert boost.id not in home_of(quiet)
    assert post.id not in home_of(fan)


def test_a_reply_to_someone_the_follower_does_not_follow_stays_out(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, other, fan, both = (make_actor(n) for n in ("author", "other", "fan", "both"))
    with committed():
        for follower in (fan, both):
            graph.follow(follower, target=author)
        graph.follow(both, target=other)
        start = posts.publish_post(other, text="A question", visibility="public")
        reply = posts.publish_post(
            author, text="An answer", visibility="public", in_reply_to_id=start.id
        )
    assert reply.id not in home_of(fan)
    assert reply.id in home_of(both)


def test_deleting_a_post_removes_it_and_its_boosts_from_every_home(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, booster, fan, booster_fan = (
        make_actor(n) for n in ("author", "booster", "fan", "booster_fan")
    )
    with committed():
        graph.follow(fan, target=author)
        graph.follow(booster_fan, target=booster)
        post = posts.publish_post(author, text="Soon gone", visibility="public")
        boost = posts.boost(booster, post_id=post.id)
    assert post.id in home_of(fan)
    assert boost.id in home_of(booster_fan)
    with committed():
        posts.delete_post(author, post_id=post.id)
    assert post.id not in home_of(fan)
    assert boost.id not in home_of(booster_fan)
    assert post.id not in home_of(author)


def test_a_post_already_in_a_feed_does_not_come_back_as_a_boost(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, first, second, fan = (make_actor(n) for n in ("author", "first", "second", "fan"))
    with committed():
        for followed in (author, first, second):
            graph.follow(fan, target=followed)
    with committed():
        post = posts.publish_post(author, text="Seen once", visibility="public")
        boosts = [posts.boost(booster, post_id=post.id) for booster in (first, second)]
    assert post.id in home_of(fan)
    assert not {boost.id for boost in boosts} & home_of(fan)
    # Someone who follows only the boosters sees the first boost, not the second.
    other = make_actor("other")
    with committed():
        graph.follow(other, target=first)
        graph.follow(other, target=second)
    with committed():
        late = posts.publish_post(author, text="Boosted twice", visibility="public")
        first_boost = posts.boost(first, post_id=late.id)
        second_boost = posts.boost(second, post_id=late.id)
    assert first_boost.id in home_of(other)
    assert second_boost.id not in home_of(other)


def test_unfollowing_removes_the_accounts_posts_from_the_home_feed(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(fan, target=author)
        posts.publish_post(author, text="Hi", visibility="public")
        mine = posts.publish_post(fan, text="Mine", visibility="public")
    with committed():
        graph.unfollow(fan, target=author)
    assert home_of(fan) == {mine.id}


@pytest.mark.parametrize("blocker_is_author", [True, False])
def test_a_block_removes_posts_both_ways(
    make_actor: Callable[..., Actor], committed: Committed, blocker_is_author: bool
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(fan, target=author)
        graph.follow(author, target=fan)
        post = posts.publish_post(author, text="Hi", visibility="public")
        reply = posts.publish_post(fan, text="Hello", visibility="public")
    assert post.id in home_of(fan)
    assert reply.id in home_of(author)
    with committed():
        if blocker_is_author:
            graph.block(author, target=fan)
        else:
            graph.block(fan, target=author)
    assert post.id not in home_of(fan)
    assert reply.id not in home_of(author)


def test_muting_removes_the_muted_accounts_posts_and_boosts_of_them(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, booster, fan = (make_actor(n) for n in ("author", "booster", "fan"))
    with committed():
        graph.follow(fan, target=author)
        graph.follow(fan, target=booster)
        post = posts.publish_post(author, text="Loud", visibility="public")
        posts.boost(booster, post_id=post.id)
        other = posts.publish_post(booster, text="Quiet", visibility="public")
    with committed():
        graph.mute(fan, target=author)
    assert home_of(fan) == {other.id}


def test_following_brings_the_accounts_latest_visible_posts_into_the_home_feed(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        shown = posts.publish_post(author, text="Public", visibility="public")
        hidden = posts.publish_post(author, text="Friends", visibility="connections")
        graph.follow(fan, target=author)
    assert shown.id in home_of(fan)
    assert hidden.id not in home_of(fan)


@override_settings(CANDELA_HOME_TIMELINE_LENGTH=3, CANDELA_HOME_TIMELINE_TRIM_EVERY=1)
def test_fan_out_trims_each_home_feed_to_its_length(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(fan, target=author)
        published = [
            posts.publish_post(author, text=f"Post {n}", visibility="public") for n in range(5)
        ]
    newest = {post.id for post in published[-3:]}
    assert home_of(fan) == newest
    assert home_of(author) == newest


def test_fan_out_twice_writes_each_entry_once(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(fan, target=author)
        post = posts.publish_post(author, text="Once", visibility="public")
    services.fan_out_post(post.id)
    assert TimelineEntry.objects.filter(post=post).count() == 2


def test_fan_out_fills_the_other_feeds_when_one_already_holds_the_post(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    # As when a new follower's backfill wrote the entry before the fan-out ran.
    author, early, other = make_actor("author"), make_actor("early"), make_actor("other")
    with committed():
        graph.follow(early, target=author)
        graph.follow(other, target=author)
        post = posts.publish_post(author, text="Racing", visibility="public")
    TimelineEntry.objects.filter(post=post).exclude(owner=early).delete()
    assert services.fan_out_post(post.id) == 2
    owners = TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True)
    assert set(owners) == {author.id, early.id, other.id}


@override_settings(CANDELA_HOME_TIMELINE_LENGTH=1, CANDELA_HOME_TIMELINE_TRIM_EVERY=1)
def test_the_fan_out_task_queues_the_trim_for_after_its_entries_are_committed(
    make_actor: Callable[..., Actor],
    committed: Committed,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Any]]],
) -> None:
    author, fan = make_actor("author"), make_actor("fan")
    with committed():
        graph.follow(fan, target=author)
        older = posts.publish_post(author, text="Older", visibility="public")
    with django_capture_on_commit_callbacks() as queued:
        newer = posts.publish_post(author, text="Newer", visibility="public")
    with django_capture_on_commit_callbacks() as after_fan_out:
        for callback in queued:
            callback()
    # The fan-out has run: the new entry is in, the feed not trimmed yet (the trim and the
    # live event wait for the commit).
    assert home_of(fan) == {older.id, newer.id}
    for callback in after_fan_out:
        callback()
    assert home_of(fan) == {newer.id}
    assert home_of(author) == {newer.id}


def test_no_trim_is_queued_for_a_post_deleted_before_its_fan_out(
    make_actor: Callable[..., Actor],
    committed: Committed,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[list[Any]]],
) -> None:
    author = make_actor("author")
    with committed():
        post = posts.publish_post(author, text="Gone", visibility="public")
        posts.delete_post(author, post_id=post.id)
    with django_capture_on_commit_callbacks() as queued:
        tasks.fan_out_post.enqueue(post_id=post.id)
    assert queued == []
    assert not TimelineEntry.objects.filter(post=post).exists()


@pytest.mark.django_db(transaction=True)
def test_fan_out_in_its_own_transaction_commits_every_entry(
    make_actor: Callable[..., Actor],
) -> None:
    # Outside any transaction, as a worker runs it: on PostgreSQL, the asynchronous commit.
    author, fan = make_actor("author"), make_actor("fan")
    graph.follow(fan, target=author)
    post = posts.publish_post(author, text="Committed", visibility="public")
    TimelineEntry.objects.filter(post=post).delete()
    with CaptureQueriesContext(connection) as queries:
        assert services.fan_out_post(post.id) == 2
    is_asynchronous = any("synchronous_commit" in query["sql"] for query in queries)
    assert is_asynchronous == (connection.vendor == "postgresql")
    owners = TimelineEntry.objects.filter(post=post).values_list("owner_id", flat=True)
    assert set(owners) == {author.id, fan.id}


def test_trimming_after_the_fan_out_of_a_missing_post_only_looks_it_up(
    db: Any, django_assert_num_queries: Callable[..., AbstractContextManager[Any]]
) -> None:
    with django_assert_num_queries(1):
        services.trim_after_fan_out(post_id=1)


def test_a_new_follow_brings_no_boost_of_a_post_already_in_the_feed(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author, booster, fan = (make_actor(n) for n in ("author", "booster", "fan"))
    with committed():
        graph.follow(fan, target=author)
    with committed():
        post = posts.publish_post(author, text="Already seen", visibility="public")
        other = posts.publish_post(make_actor("other"), text="Not seen yet", visibility="public")
        boost_of_seen = posts.boost(booster, post_id=post.id)
        boost_of_unseen = posts.boost(booster, post_id=other.id)
    with committed():
        graph.follow(fan, target=booster)
    assert post.id in home_of(fan)
    assert boost_of_unseen.id in home_of(fan)
    assert boost_of_seen.id not in home_of(fan)
