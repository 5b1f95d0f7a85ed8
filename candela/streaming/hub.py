"""One process's broadcaster: its open connections, the channels they need (one broker
subscription each, however many connections read it), and the delivery of each event.

Events are handled one at a time, in the order they arrive: each is resolved once in a worker
thread (`events.resolve`, which reads the database), then its text is queued on every
connection allowed to receive it. A connection's queue is bounded: a client that does not read
is disconnected rather than allowed to grow the process's memory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import orjson
from django.db import connections
from django.utils import translation

from candela.core.realtime import Broker, Listener, broker
from candela.streaming import auth, events
from candela.streaming.auth import Identity
from candela.streaming.streams import Stream

log = logging.getLogger(__name__)
T = TypeVar("T")

# Messages waiting for a slow client before it is disconnected.
QUEUE_LIMIT = 1000
# Events waiting for delivery before new ones are dropped (with a log line).
INBOX_LIMIT = 10_000
# Streams one connection may read at once.
STREAM_LIMIT = 100
# How often tokens and sessions are checked again: a revoked token's streams end within this.
REVALIDATE_SECONDS = 2.0
DATABASE_THREADS = 4
# Events resolved at once; more wait in the inbox.
EVENTS_IN_FLIGHT = 16


class Closed(Exception):
    """A connection closed by the server: `code` is the WebSocket close code."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


SLOW_CONSUMER = Closed(1008, "too slow: messages were not read")
REVOKED = Closed(1008, "the access token or session is no longer valid")


class Connection:
    """An open stream connection (one SSE request or one WebSocket) and its outgoing queue."""

    def __init__(self, identity: Identity, render: Callable[[Stream, str, str], str]) -> None:
        self.identity = identity
        self.render = render
        self.streams: dict[tuple[str, ...], Stream] = {}
        self.queue: asyncio.Queue[str | Closed] = asyncio.Queue(maxsize=QUEUE_LIMIT)
        self.closed: Closed | None = None

    @property
    def reader(self) -> int | None:
        return self.identity.actor_id

    def offer(self, text: str) -> None:
        if self.closed is not None:
            return
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:
            self.close(SLOW_CONSUMER)

    def close(self, why: Closed) -> None:
        """Ends the connection after what is queued; a full queue is dropped first."""
        if self.closed is not None:
            return
        self.closed = why
        if self.queue.full():
            while not self.queue.empty():
                self.queue.get_nowait()
        self.queue.put_nowait(why)

    async def next(self) -> str:
        """The next text to write; raises Closed when the connection must end."""
        item = await self.queue.get()
        if isinstance(item, Closed):
            raise item
        return item


@dataclass(frozen=True, slots=True, eq=False)
class Subscription:
    connection: Connection
    stream: Stream


class Hub:
    def __init__(self, source: Broker | None = None) -> None:
        self.source = source
        self.listener: Listener | None = None
        self.channels: dict[str, set[Subscription]] = defaultdict(set)
        self.connections: set[Connection] = set()
        self.inbox: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(maxsize=INBOX_LIMIT)
        # Database work (resolving events, checking tokens) runs here, off the event loop.
        self.executor = ThreadPoolExecutor(DATABASE_THREADS, thread_name_prefix="streaming-db")
        self.tasks: list[asyncio.Task[None]] = []
        # Events being resolved or delivered, and each channel's latest.
        self.in_flight = asyncio.Semaphore(EVENTS_IN_FLIGHT)
        self.tails: dict[str, asyncio.Task[None]] = {}

    async def start(self) -> None:
        self.listener = (self.source or broker()).attach(self._receive)
        self.tasks = [
            asyncio.create_task(self._dispatch()),
            asyncio.create_task(self._revalidate()),
        ]

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        if self.listener is not None:
            await self.listener.close()
        await close_thread_connections(self.executor, DATABASE_THREADS)
        self.executor.shutdown(wait=True, cancel_futures=True)

    async def in_thread(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Runs `function` on a database thread, in the caller's language."""
        language = translation.get_language()

        def job() -> T:
            with translation.override(language):
                return function(*args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self.executor, job)

    # Connections and their streams

    def open(self, connection: Connection) -> None:
        self.connections.add(connection)

    async def subscribe(self, connection: Connection, stream: Stream) -> bool:
        """Adds `stream` to `connection`; False when it already reads too many."""
        if stream.name in connection.streams:
            return True
        if len(connection.streams) >= STREAM_LIMIT:
            return False
        connection.streams[stream.name] = stream
        subscribers = self.channels[stream.channel]
        subscribers.add(Subscription(connection, stream))
        if len(subscribers) == 1 and self.listener is not None:
            await self.listener.subscribe(stream.channel)
        return True

    async def unsubscribe(self, connection: Connection, name: tuple[str, ...]) -> None:
        stream = connection.streams.pop(name, None)
        if stream is None:
            return
        subscribers = self.channels[stream.channel]
        subscribers.difference_update(
            [s for s in subscribers if s.connection is connection and s.stream == stream]
        )
        if not subscribers:
            del self.channels[stream.channel]
            if self.listener is not None:
                await self.listener.unsubscribe(stream.channel)

    async def close(self, connection: Connection) -> None:
        for name in list(connection.streams):
            await self.unsubscribe(connection, name)
        self.connections.discard(connection)

    # Events

    def _receive(self, channel: str, message: bytes) -> None:
        try:
            self.inbox.put_nowait((channel, message))
        except asyncio.QueueFull:
            log.warning("streaming: %s events waiting, one on %s dropped", INBOX_LIMIT, channel)

    async def _dispatch(self) -> None:
        """Resolves events concurrently (a few at a time: each reads the database), and delivers
        them in order per channel: an event waits for the one before it on its channel, never
        for a busy channel's."""
        while True:
            channel, message = await self.inbox.get()
            await self.in_flight.acquire()
            task = asyncio.create_task(self._handle(channel, message, self.tails.get(channel)))
            self.tails[channel] = task
            task.add_done_callback(partial(self._done, channel))

    def _done(self, channel: str, task: asyncio.Task[None]) -> None:
        self.in_flight.release()
        if self.tails.get(channel) is task:
            del self.tails[channel]

    async def _handle(
        self, channel: str, message: bytes, previous: asyncio.Task[None] | None
    ) -> None:
        try:
            await self.deliver(channel, orjson.loads(message), after=previous)
        except Exception:
            log.exception("streaming: an event on %s could not be delivered", channel)

    async def deliver(
        self, channel: str, message: dict[str, Any], after: asyncio.Task[None] | None = None
    ) -> None:
        """Resolves `message` for the readers of `channel`, then, once `after` (the channel's
        previous event) is out, queues it on the connections allowed to receive it."""
        resolved = await self._resolve(channel, message)
        if after is not None:
            await asyncio.wait([after])
        if resolved is not None:
            self._send(channel, resolved)

    async def _resolve(self, channel: str, message: dict[str, Any]) -> events.Resolved | None:
        subscriptions = list(self.channels.get(channel, ()))
        if not subscriptions:
            return None
        streams = [s.stream for s in subscriptions]
        return await self.in_thread(
            events.resolve,
            message,
            {s.connection.reader for s in subscriptions},
            personal=any(stream.personal for stream in streams),
            hide_muted=any(stream.hides_muted for stream in streams),
            circle_ids={stream.circle_id for stream in streams if stream.circle_id is not None},
        )

    def _send(self, channel: str, resolved: events.Resolved) -> None:
        # One text per protocol, stream and payload, however many connections receive it.
        texts: dict[tuple[Any, ...], str] = {}
        for subscription in list(self.channels.get(channel, ())):
            stream, connection = subscription.stream, subscription.connection
            reader = connection.reader
            if not _passes(stream, resolved, reader):
                continue
            key = (connection.render, stream.name, reader if reader in resolved.payloads else None)
            text = texts.get(key)
            if text is None:
                payload = resolved.payload_for(reader)
                text = texts[key] = connection.render(stream, resolved.event, payload)
            connection.offer(text)

    async def _revalidate(self) -> None:
        while True:
            await asyncio.sleep(REVALIDATE_SECONDS)
            signed_in = [c for c in self.connections if c.identity != auth.ANONYMOUS]
            if not signed_in:
                continue
            try:
                valid = await self.in_thread(auth.still_valid, {c.identity for c in signed_in})
            except Exception:
                log.exception("streaming: tokens could not be checked")
                continue
            for connection in signed_in:
                if connection.identity not in valid:
                    connection.close(REVOKED)


async def close_thread_connections(executor: ThreadPoolExecutor, threads: int) -> None:
    """Closes the database connection each of the executor's `threads` holds. The jobs wait
    for one another, so that every thread runs exactly one."""
    all_started = threading.Barrier(threads)

    def close() -> None:
        connections.close_all()
        all_started.wait(timeout=10)

    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(executor, close) for _ in range(threads)))


def _passes(stream: Stream, resolved: events.Resolved, reader: int | None) -> bool:
    if resolved.event not in stream.events or reader not in resolved.readers:
        return False
    if stream.only_media and resolved.event != "delete" and not resolved.has_media:
        return False
    if stream.circle_id is not None:
        return resolved.author_id in resolved.circle_members.get(stream.circle_id, set())
    return True
