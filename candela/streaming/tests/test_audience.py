"""Who receives an event (issue 4, item 4): for a post of each visibility, only the readers
who may see it at that moment, whatever channel carries it; and never someone who blocked
or was blocked by its author, or who mutes them on a timeline."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from candela.accounts.models import User
from candela.core.realtime import LocalBroker
from candela.graph import services as graph
from candela.posts import services as posts
from candela.profiles.models import Actor
from candela.streaming import streams
from candela.streaming.app import websocket_text
from candela.streaming.auth import Identity
from candela.streaming.hub import Connection, Hub
from tests.audience import AUDIENCE, VIEWERS, VISIBILITIES, place_viewers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def actors(make_user: Callable[..., User]) -> dict[str, Actor]:
    people = {name: make_user(name).actor for name in VIEWERS[:-1]}
    place_viewers(people)
    return people


def receivers(actors: dict[str, Actor], stream_name: str, message: dict) -> set[str]:
    """Names of the readers whose connection, reading `stream_name`, gets `message`."""

    async def run() -> set[str]:
        hub = Hub(LocalBroker())
        await hub.start()
        connections = {}
        for name in VIEWERS:
            actor = actors.get(name)
            identity = Identity(actor_id=actor.id if actor else None)
            connection = Connection(identity, websocket_text)
            stream = streams.parse(stream_name, {"tag": "news"}, identity.actor_id)
            await hub.subscribe(connection, stream)
            connections[name] = (connection, stream.channel)
        channels = {channel for _connection, channel in connections.values()}
        for channel in channels:
            await hub.deliver(channel, message)
        await hub.stop()
        return {name for name, (connection, _) in connections.items() if connection.queue.qsize()}

    return asyncio.run(run())


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_an_update_reaches_only_its_audience(actors, visibility):
    circle_id = actors["author"].circles.get().id if visibility == "circle" else None
    post = posts.publish_post(
        actors["author"], text="#news for @mentioned", visibility=visibility, circle_id=circle_id
    )
    got = receivers(actors, "hashtag", {"event": "update", "post_id": post.id})
    assert got == AUDIENCE[visibility]


def test_a_reader_muting_the_author_does_not_get_their_posts_on_timelines(actors):
    graph.mute(actors["stranger"], target=actors["author"])
    post = posts.publish_post(actors["author"], text="#news", visibility="public")
    got = receivers(actors, "public", {"event": "update", "post_id": post.id})
    assert got == AUDIENCE["public"] - {"stranger"}


def test_a_deletion_is_not_sent_across_a_block(actors):
    post = posts.publish_post(actors["author"], text="#news", visibility="public")
    message = {"event": "delete", "post_id": post.id, "author_id": actors["author"].id}
    assert receivers(actors, "public", message) == set(VIEWERS) - {"blocked"}


def test_a_blocked_reader_stops_receiving_at_once(actors):
    post = posts.publish_post(actors["author"], text="#news", visibility="public")
    graph.block(actors["author"], target=actors["stranger"])
    got = receivers(actors, "public", {"event": "update", "post_id": post.id})
    assert "stranger" not in got
    assert "follower" in got
