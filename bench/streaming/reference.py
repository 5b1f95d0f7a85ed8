"""The reference the streaming server is measured against: the plainest ASGI WebSocket
broadcaster. Every message on one Redis pub/sub channel is sent, as received, to every open
WebSocket, one `await send` after another; nothing else (no auth, no database, no queues).

    python bench/streaming/reference.py --port 4100

Served by uvicorn with the options of `candela streaming` (candela.cli.serve_asgi).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

import redis.asyncio

CHANNEL = "candela-bench:reference"
REDIS_URL = os.environ.get("CANDELA_REDIS_URL", "redis://127.0.0.1:6379/3")
clients: set[Any] = set()


async def relay() -> None:
    pubsub = redis.asyncio.Redis.from_url(REDIS_URL).pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(CHANNEL)
    async for message in pubsub.listen():
        text = message["data"].decode()
        for send in list(clients):
            try:
                await send({"type": "websocket.send", "text": text})
            except Exception:  # a closed socket: its handler removes it
                clients.discard(send)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            app.relay = asyncio.create_task(relay())  # type: ignore[attr-defined]
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["type"] != "websocket" or (await receive())["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    clients.add(send)
    try:
        while (await receive())["type"] != "websocket.disconnect":
            pass
    finally:
        clients.discard(send)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4100)
    args = parser.parse_args()
    from candela.cli import serve_asgi

    serve_asgi("reference:app", args.host, args.port)


if __name__ == "__main__":
    main()
