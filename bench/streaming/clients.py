"""The load client of the streaming benchmark: thousands of WebSocket (and one SSE) connections
in one asyncio process, on raw sockets (a parser of server frames, a dozen lines), recording
when each message arrives.

    clients.py broadcast --url ws://127.0.0.1:4000/api/v1/streaming?stream=public
    clients.py broadcast --url ws://127.0.0.1:4100/ --reference
    clients.py comment --url … --web http://127.0.0.1:8124
    clients.py idle --url … --clients 10000 --server-pid 1234
    clients.py load --url … --seconds 30 --rate 10

`broadcast`: one event at a time, the time from its publication (its arrival on Redis, seen by a
subscriber of this process) until each client has it; then a burst of events, deliveries per
second. Candela's events are posts published by `publish_post` (the real service, in a thread
of this process); the reference's, messages of the same size published on its channel.
`comment`: the author's WebSocket reads the post's `candela.thread` stream and their SSE
`/user` stream, the others read `public`; the commenter replies through the API
(`POST /api/v1/statuses`), and the time from the response until the event arrives is recorded.
`idle`: opens the connections, then reports the server's memory (RSS of the process and its
children). `load`: the clients read `public` while posts are published at `rate` per second.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
import redis.asyncio
import uvloop

BENCH_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH_DIR))
os.environ.setdefault(
    "CANDELA_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/candela_stream_bench"
)

from common import OUT_DIR, setup_django  # noqa: E402
from reference import CHANNEL as REFERENCE_CHANNEL  # noqa: E402

REDIS_URL = os.environ.get("CANDELA_REDIS_URL", "redis://127.0.0.1:6379/3")
PREFIX = os.environ.get("CANDELA_REALTIME_PREFIX", "candela:")
DATA = json.loads((OUT_DIR / "streaming.json").read_text())
Handler = Callable[["Client", bytes, float], None]


class Client(asyncio.Protocol):
    """One connection: sends `request`, waits for the response's head, then hands each message
    to `on_message` with the time it arrived. WebSocket (server frames are never masked; pings
    are answered) or, with `sse`, server-sent events (each `event:` line is a message)."""

    def __init__(self, request: bytes, on_message: Handler, sse: bool = False) -> None:
        self.request = request
        self.on_message = on_message
        self.sse = sse
        self.buffer = bytearray()
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed before the response"))

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.buffer += data
        if not self.opened.done():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            del self.buffer[: end + 4]
            if head.split(" ", 2)[1] not in {"101", "200"}:
                self.opened.set_exception(ConnectionError(head.splitlines()[0]))
                return
            self.opened.set_result(None)
        if self.sse:
            self._events(now)
        else:
            self._frames(now)

    def _events(self, now: float) -> None:
        while (end := self.buffer.find(b"\n\n")) >= 0:
            block = bytes(self.buffer[:end])
            del self.buffer[: end + 2]
            if (start := block.find(b"event: ")) >= 0:
                self.on_message(self, block[start:], now)

    def _frames(self, now: float) -> None:
        while len(self.buffer) >= 2:
            opcode, length, start = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if length == 126:
                length, start = int.from_bytes(self.buffer[2:4]), 4
            elif length == 127:
                length, start = int.from_bytes(self.buffer[2:10]), 10
            if len(self.buffer) < start + length:
                return
            payload = bytes(self.buffer[start : start + length])
            del self.buffer[: start + length]
            if opcode == 0x1:
                self.on_message(self, payload, now)
            elif opcode == 0x9:
                self.send(payload, opcode=0xA)

    def send(self, payload: bytes, opcode: int = 0x1) -> None:
        """A client frame: masked, here with a zero key (the payload goes as it is)."""
        size = len(payload)
        length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + size.to_bytes(2)
        assert self.transport is not None
        self.transport.write(bytes([0x80 | opcode]) + length + b"\0\0\0\0" + payload)


def request(url: str, token: str | None, sse: bool = False) -> bytes:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path or '/'} HTTP/1.1", f"Host: {parts.netloc}"]
    if sse:
        lines.append("Accept: text/event-stream")
    else:
        key = base64.b64encode(secrets.token_bytes(16)).decode()
        lines += ["Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}"]
        lines.append("Sec-WebSocket-Version: 13")
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def connect(url: str, token: str | None, on_message: Handler, sse: bool = False) -> Client:
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    _, client = await loop.create_connection(
        lambda: Client(request(url, token, sse), on_message, sse), parts.hostname, parts.port
    )
    await asyncio.wait_for(client.opened, 30)
    return client


async def connect_many(url: str, count: int, on_message: Handler) -> list[Client]:
    """`count` clients reading as the generated readers in turn, 100 handshakes at a time."""
    gate = asyncio.Semaphore(100)
    readers = DATA["readers"]

    async def one(n: int) -> Client:
        async with gate:
            return await connect(url, readers[n % len(readers)], on_message)

    started = time.monotonic()
    clients = await asyncio.gather(*(one(n) for n in range(count)))
    print(f"{count} clients connected in {time.monotonic() - started:.1f} s", flush=True)
    await asyncio.sleep(1)  # the subscriptions follow the handshake
    return clients


def percentiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (
        f"p50 {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms (n={len(ms)})"
    )


def server_rss(pid: int) -> int:
    """Resident memory of `pid` and its descendants, in bytes."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        for line in Path(f"/proc/{current}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        for task in Path(f"/proc/{current}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    return total


# Publishing


class Publisher:
    """Publishes events (posts by the real service for Candela, sized messages for the
    reference) and sees them reach Redis, as the servers do: `seen` is when each arrived."""

    def __init__(self, reference: bool) -> None:
        self.reference = reference
        self.channel = REFERENCE_CHANNEL if reference else f"{PREFIX}timeline:public"
        self.redis = redis.asyncio.Redis.from_url(REDIS_URL)
        self.seen: list[float] = []
        self.message = b""
        # Django's work (the posts) in one thread of its own, off the event loop.
        self.thread = ThreadPoolExecutor(max_workers=1)
        if not reference:
            setup_django()

    async def start(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self.channel)

        async def listen() -> None:
            async for _message in pubsub.listen():
                self.seen.append(time.monotonic())

        self.listener = asyncio.create_task(listen())
        # The reference's message: what Candela sends for a post, its size.
        frame = {"stream": ["public"], "event": "update", "payload": "x" * 1400}
        self.message = orjson.dumps(frame)

    async def publish(self, count: int = 1) -> None:
        """`count` events at once: for Candela, `count` posts committed together."""
        if self.reference:
            async with self.redis.pipeline(transaction=False) as pipe:
                for _ in range(count):
                    pipe.publish(self.channel, self.message)
                await pipe.execute()
        else:
            await asyncio.get_running_loop().run_in_executor(self.thread, self._posts, count)

    def _posts(self, count: int) -> None:
        from django.db import transaction

        from candela.posts.services import publish_post
        from candela.profiles.models import Actor

        author = Actor.objects.get(username="author")
        with transaction.atomic():
            for n in range(count):
                publish_post(author, text=f"Event {n} of the benchmark.", visibility="public")


# Commands


class Arrivals:
    """Messages counted as they arrive; `wait` until `expected` have since `reset`."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.expected = 0
        self.done = asyncio.Event()

    def __call__(self, client: Client, message: bytes, now: float) -> None:
        self.times.append(now)
        if len(self.times) >= self.expected:
            self.done.set()

    def reset(self, expected: int) -> None:
        self.times, self.expected = [], expected
        self.done.clear()

    async def wait(self, timeout: float = 60) -> bool:
        try:
            await asyncio.wait_for(self.done.wait(), timeout)
        except TimeoutError:
            return False
        return True


async def broadcast(args: argparse.Namespace) -> None:
    arrivals = Arrivals()
    clients = await connect_many(args.url, args.clients, arrivals)
    publisher = Publisher(args.reference)
    await publisher.start()
    await publisher.publish()  # warm-up: first reads, first renders
    arrivals.reset(args.clients)
    await arrivals.wait()
    await asyncio.sleep(0.5)

    last, first = [], []
    for _ in range(args.rounds):
        arrivals.reset(args.clients)
        publisher.seen.clear()
        await publisher.publish()
        if not await arrivals.wait():
            print(f"timeout: {len(arrivals.times)} of {args.clients} arrived")
            continue
        start = publisher.seen[0]
        first.append(min(arrivals.times) - start)
        last.append(max(arrivals.times) - start)
        await asyncio.sleep(0.2)
    print(f"one event, first client: {percentiles(first)}")
    print(f"one event, all {args.clients} clients: {percentiles(last)}")

    for _ in range(2):
        expected = args.clients * args.burst
        arrivals.reset(expected)
        publisher.seen.clear()
        await publisher.publish(args.burst)
        complete = await arrivals.wait(120)
        elapsed = max(arrivals.times) - publisher.seen[0]
        rate = len(arrivals.times) / elapsed
        note = "" if complete else f" (incomplete: {len(arrivals.times)} of {expected})"
        print(
            f"burst of {args.burst} events: {len(arrivals.times)} deliveries in {elapsed:.2f} s"
            f" = {rate:,.0f} deliveries/s{note}",
            flush=True,
        )
        await asyncio.sleep(1)
    print(f"{sum(c.closed for c in clients)} clients closed by the server")


async def comment(args: argparse.Namespace) -> None:
    others = Arrivals()
    clients = await connect_many(args.url, args.clients, others)
    thread, notification = Arrivals(), Arrivals()
    author = DATA["author"]

    def on_thread(client: Client, message: bytes, now: float) -> None:
        if b"candela.comment" in message:
            thread(client, message, now)

    def on_user(client: Client, message: bytes, now: float) -> None:
        if message.startswith(b"event: notification"):
            notification(client, message, now)

    socket = await connect(args.url.split("?")[0], author, on_thread)
    socket.send(
        orjson.dumps({"type": "subscribe", "stream": "candela.thread", "post": DATA["post_id"]})
    )
    web = urlsplit(args.web)
    sse_url = args.url.replace("ws://", "http://").split("/api/")[0] + "/api/v1/streaming/user"
    await connect(sse_url, author, on_user, sse=True)
    await asyncio.sleep(1)

    body = {"in_reply_to_id": DATA["post_id"], "visibility": "public"}
    to_thread, to_user, api = [], [], []
    for n in range(args.rounds + 1):
        thread.reset(1)
        notification.reset(1)
        others.reset(args.clients)
        started = time.monotonic()
        await post(web.hostname, web.port, DATA["commenter"], {**body, "status": f"Reply {n}"})
        returned = time.monotonic()
        await asyncio.gather(thread.wait(10), notification.wait(10), others.wait(10))
        if n == 0:
            continue  # warm-up
        api.append(returned - started)
        if thread.times:
            to_thread.append(thread.times[0] - returned)
        if notification.times:
            to_user.append(notification.times[0] - returned)
        await asyncio.sleep(0.1)
    print(f"POST /api/v1/statuses: {percentiles(api)}")
    print(f"comment to candela.thread (WebSocket), after the API call: {percentiles(to_thread)}")
    print(f"notification to /user (SSE), after the API call: {percentiles(to_user)}")
    print(f"{sum(c.closed for c in clients)} clients closed by the server")


async def post(host: str, port: int, token: str, body: dict[str, Any]) -> None:
    """POST /api/v1/statuses on a connection of its own; returns when the response is read."""
    reader, writer = await asyncio.open_connection(host, port)
    data = orjson.dumps(body)
    writer.write(
        (
            f"POST /api/v1/statuses HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
        ).encode()
        + data
    )
    response = await reader.read()
    writer.close()
    if not response.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(response[:300].decode("latin-1"))


async def idle(args: argparse.Namespace) -> None:
    before = server_rss(args.server_pid)
    clients = await connect_many(args.url, args.clients, lambda *_: None)
    await asyncio.sleep(args.seconds)
    after = server_rss(args.server_pid)
    still = sum(not c.closed for c in clients)
    print(
        f"server RSS: {before / 2**20:.0f} MiB before, {after / 2**20:.0f} MiB with {still} of"
        f" {args.clients} connections open after {args.seconds:.0f} s:"
        f" {(after - before) / args.clients / 1024:.1f} KiB per connection",
        flush=True,
    )


async def load(args: argparse.Namespace) -> None:
    arrivals = Arrivals()
    await connect_many(args.url, args.clients, arrivals)
    publisher = Publisher(reference=False)
    await publisher.start()
    print("load: publishing", flush=True)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        await publisher.publish()
        await asyncio.sleep(1 / args.rate)
    print(f"load: {len(publisher.seen)} events, {len(arrivals.times):,} deliveries", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run in [
        ("broadcast", broadcast),
        ("comment", comment),
        ("idle", idle),
        ("load", load),
    ]:
        command = commands.add_parser(name)
        command.set_defaults(run=run)
        command.add_argument("--url", required=True)
        command.add_argument("--clients", type=int, default=2000)
    broadcast_parser = commands.choices["broadcast"]
    broadcast_parser.add_argument("--reference", action="store_true")
    broadcast_parser.add_argument("--rounds", type=int, default=30)
    broadcast_parser.add_argument("--burst", type=int, default=100)
    comment_parser = commands.choices["comment"]
    comment_parser.add_argument("--web", required=True)
    comment_parser.add_argument("--rounds", type=int, default=200)
    idle_parser = commands.choices["idle"]
    idle_parser.add_argument("--server-pid", type=int, required=True)
    idle_parser.add_argument("--seconds", type=float, default=30)
    load_parser = commands.choices["load"]
    load_parser.add_argument("--seconds", type=float, default=30)
    load_parser.add_argument("--rate", type=float, default=10)
    args = parser.parse_args()
    uvloop.run(args.run(args))


if __name__ == "__main__":
    main()
