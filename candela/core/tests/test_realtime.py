"""The brokers that carry live events between the services and the streaming server: in one
process, and over a real Redis that restarts under them."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from candela.core.realtime import LocalBroker, RedisBroker
from candela.streaming.tests.server import free_port


async def wait_for(received: list, count: int, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while len(received) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


def test_the_local_broker_hands_events_from_other_threads_to_its_listeners():
    async def run() -> list[tuple[str, bytes]]:
        broker, received = LocalBroker(), []
        listener = broker.attach(lambda channel, message: received.append((channel, message)))
        await listener.subscribe("timeline:public")
        publisher = threading.Thread(
            target=broker.publish, args=(["timeline:public", "timeline:1"], b"hello")
        )
        publisher.start()
        publisher.join()
        await wait_for(received, 1)
        await listener.unsubscribe("timeline:public")
        broker.publish(["timeline:public"], b"unheard")
        await asyncio.sleep(0.1)
        return received

    assert asyncio.run(run()) == [("timeline:public", b"hello")]


@pytest.fixture
def own_redis() -> Iterator[tuple[int, Callable[[], None]]]:
    """A Redis server of the test's own, which the test may stop and start again."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    port = free_port()
    servers = []

    def start() -> None:
        command = ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
        servers.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))
        time.sleep(0.3)

    start()
    yield port, start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_the_redis_listener_subscribes_again_after_redis_restarts(own_redis):
    port, start = own_redis
    url = f"redis://127.0.0.1:{port}/0"

    async def run() -> list[tuple[str, bytes]]:
        received = []
        listener = RedisBroker(url, "test:").attach(lambda c, m: received.append((c, m)))
        await listener.subscribe("timeline:public")
        await asyncio.to_thread(RedisBroker(url, "test:").publish, ["timeline:public"], b"one")
        await wait_for(received, 1)
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=True)
        await asyncio.sleep(0.5)
        start()
        deadline = time.monotonic() + 10
        while len(received) < 2 and time.monotonic() < deadline:
            # Published until the listener is back: pub/sub keeps nothing for absent readers.
            await asyncio.to_thread(RedisBroker(url, "test:").publish, ["timeline:public"], b"two")
            await asyncio.sleep(0.2)
        await listener.close()
        return received

    received = asyncio.run(run())
    assert received[0] == ("timeline:public", b"one")
    assert ("timeline:public", b"two") in received
