"""The broadcaster's bounds (issue 4, "Bad input"): a client that never reads is disconnected
once its queue is full, rather than growing the process's memory."""

from __future__ import annotations

import asyncio

from candela.streaming.app import websocket_text
from candela.streaming.auth import ANONYMOUS
from candela.streaming.hub import QUEUE_LIMIT, SLOW_CONSUMER, Closed, Connection


def test_a_client_that_never_reads_is_disconnected_when_its_queue_is_full():
    async def run() -> Closed | None:
        connection = Connection(ANONYMOUS, websocket_text)
        for n in range(QUEUE_LIMIT + 500):
            connection.offer(f"message {n}")
        assert connection.queue.qsize() <= QUEUE_LIMIT
        try:
            await connection.next()
        except Closed as closed:
            return closed
        return None

    assert asyncio.run(run()) is SLOW_CONSUMER
