"""Live events: services publish them after commit (`publish`), the streaming server
(`candela.streaming`) delivers them to the open connections allowed to see them.

An event names one or more channels (`timeline:public`, `timeline:42`, `post:7`, …) and carries
ids, never rendered content: the streaming server reads what it delivers through the same
selectors as every other read, when it delivers, so that audience rules apply as they stand
at that moment.

Between processes, events travel over Redis pub/sub when CANDELA_REDIS_URL is set, each
process subscribing once to each channel one of its connections needs. Otherwise an
in-process broker hands them to the streaming server of the same process: `candela run`,
where the web requests, the task worker and the streaming connections share one process.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Protocol

import orjson
from django.conf import settings
from django.db import transaction

Receive = Callable[[str, bytes], None]
log = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


def publish(channels: Iterable[str], event: str, **data: Any) -> None:
    """Sends `event` with `data` (ids and flags) on `channels` once the current transaction has
    committed, at once outside a transaction: the only way services publish."""
    names = list(channels)
    if not names:
        return
    message = orjson.dumps({"event": event, **data})
    transaction.on_commit(lambda: broker().publish(names, message))


class Listener(Protocol):
    """One process's subscriptions to a broker, delivering each message to `receive` on the
    event loop that attached it."""

    async def subscribe(self, channel: str) -> None: ...
    async def unsubscribe(self, channel: str) -> None: ...
    async def close(self) -> None: ...


class Broker(Protocol):
    def publish(self, channels: list[str], message: bytes) -> None: ...
    def attach(self, receive: Receive) -> Listener: ...


class LocalBroker:
    """Publishing and listening inside one process: `publish` may be called from any thread
    (a web request, the task worker); messages are handed to the listeners' event loops."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[str, set[_LocalListener]] = defaultdict(set)

    def publish(self, channels: list[str], message: bytes) -> None:
        with self._lock:
            targets = [(listener, name) for name in channels for listener in self._listeners[name]]
        for listener, name in targets:
            listener.loop.call_soon_threadsafe(listener.receive, name, message)

    def attach(self, receive: Receive) -> Listener:
        return _LocalListener(self, receive, asyncio.get_running_loop())

    def _change(self, listener: _LocalListener, channel: str, *, add: bool) -> None:
        with self._lock:
            if add:
                self._listeners[channel].add(listener)
                return
            self._listeners[channel].discard(listener)
            if not self._listeners[channel]:
                del self._listeners[channel]


class _LocalListener:
    def __init__(self, broker: LocalBroker, receive: Receive, loop: asyncio.AbstractEventLoop):
        self.broker = broker
        self.receive = receive
        self.loop = loop
        self.channels: set[str] = set()

    async def subscribe(self, channel: str) -> None:
        self.channels.add(channel)
        self.broker._change(self, channel, add=True)

    async def unsubscribe(self, channel: str) -> None:
        self.channels.discard(channel)
        self.broker._change(self, channel, add=False)

    async def close(self) -> None:
        for channel in list(self.channels):
            await self.unsubscribe(channel)


class RedisBroker:
    """Redis pub/sub. Channel names get a prefix (CANDELA_REALTIME_PREFIX): pub/sub channels are
    shared by every database of a Redis server, and so by every Candela using it."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.url = url
        self.prefix = prefix
        self._client = redis.Redis.from_url(url)

    def publish(self, channels: list[str], message: bytes) -> None:
        # One round trip however many channels: a fan-out publishes to every follower's.
        with self._client.pipeline(transaction=False) as pipe:
            for name in channels:
                pipe.publish(self.prefix + name, message)
            pipe.execute()

    def attach(self, receive: Receive) -> Listener:
        return _RedisListener(self, receive)


class _RedisListener:
    def __init__(self, broker: RedisBroker, receive: Receive) -> None:
        import redis.asyncio

        self.prefix = broker.prefix
        self.receive = receive
        self.client = redis.asyncio.Redis.from_url(broker.url)
        self.pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        self.reader: asyncio.Task[None] | None = None

    async def subscribe(self, channel: str) -> None:
        await self.pubsub.subscribe(self.prefix + channel)
        # The reader stops when the last channel is unsubscribed; the next one starts it again.
        if self.reader is None or self.reader.done():
            self.reader = asyncio.create_task(self._read())

    async def unsubscribe(self, channel: str) -> None:
        await self.pubsub.unsubscribe(self.prefix + channel)

    async def _read(self) -> None:
        import redis

        start = len(self.prefix)
        while True:
            try:
                async for message in self.pubsub.listen():
                    if message["type"] == "message":
                        self.receive(message["channel"].decode()[start:], message["data"])
                return
            except (redis.ConnectionError, redis.TimeoutError) as error:
                # Redis restarted or the network dropped: try again; redis-py subscribes to
                # every channel again once it reconnects. Events sent meanwhile are lost, as
                # pub/sub keeps nothing; the browser catches up when it reconnects.
                log.warning("live events: Redis unreachable (%s), retrying", error)
                await asyncio.sleep(RECONNECT_SECONDS)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        await self.pubsub.aclose()  # type: ignore[no-untyped-call]
        await self.client.aclose()


@cache
def broker() -> Broker:
    """This process's broker: Redis when configured, the in-process one otherwise."""
    if settings.REDIS_URL:
        return RedisBroker(settings.REDIS_URL, settings.CANDELA_REALTIME_PREFIX)
    return LocalBroker()
