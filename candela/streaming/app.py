"""The streaming ASGI app: `/api/v1/streaming/health`, the server-sent event endpoints
(`/api/v1/streaming/user`, `/public/local`, `/hashtag?tag=`, …) and the WebSocket endpoint
(`/api/v1/streaming?stream=…`, then `{"type": "subscribe", "stream": …}` messages), written
on plain ASGI: the delivery loop is the hot path and needs nothing a framework adds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from candela.graph.selectors import get_circle_for
from candela.posts.selectors import get_post_for
from candela.profiles.models import Actor
from candela.streaming import auth, streams
from candela.streaming.auth import Identity
from candela.streaming.hub import Closed, Connection, Hub
from candela.streaming.streams import Stream, StreamError

log = logging.getLogger(__name__)
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

PREFIX = "/api/v1/streaming"
HEARTBEAT_SECONDS = 15.0
# A subscribe message is a few dozen bytes; anything far larger is refused unread.
MAX_MESSAGE_BYTES = 4096
SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),
    (b"access-control-allow-origin", b"*"),
]


def websocket_text(stream: Stream, event: str, payload: str) -> str:
    return orjson.dumps({"stream": list(stream.name), "event": event, "payload": payload}).decode()


def sse_text(stream: Stream, event: str, payload: str) -> str:
    return f"event: {event}\ndata: {payload}\n\n"


def _check_access(stream: Stream, reader: int | None) -> None:
    """Refuses a list the reader does not own and a thread they may not see (404, as the
    API answers for both, so that neither reveals what exists)."""
    viewer = Actor.objects.filter(pk=reader).first() if reader is not None else None
    try:
        if stream.circle_id is not None and viewer is not None:
            get_circle_for(viewer, stream.circle_id)
        if stream.channel.startswith("thread:"):
            get_post_for(viewer, stream.name[1])
    except Http404 as missing:
        raise StreamError(_("Record not found"), 404) from missing


class StreamingApp:
    def __init__(self, hub: Hub | None = None) -> None:
        self.hub = hub or Hub()
        self.started = False
        self._starting = asyncio.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self.ensure_started()
        path = scope["path"].rstrip("/")
        with translation.override(_language(scope)):
            if scope["type"] == "websocket":
                await self._websocket(scope, receive, send)
            elif path == f"{PREFIX}/health":
                await _plain(send, 200, b"OK")
            elif path.startswith(f"{PREFIX}/"):
                name = path[len(PREFIX) + 1 :].replace("/", ":")
                await self._events(scope, receive, send, name)
            else:
                await _json_error(send, _("Record not found"), 404)

    async def ensure_started(self) -> None:
        async with self._starting:
            if not self.started:
                await self.hub.start()
                self.started = True

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.ensure_started()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.started:
                    await self.hub.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _open(
        self, scope: Scope, connection_render: Callable[[Stream, str, str], str], name: str | None
    ) -> tuple[Connection, Stream | None]:
        """Identifies the reader and checks the first stream; raises StreamError."""
        identity: Identity = auth.ANONYMOUS
        if auth.carries_credentials(scope):
            identity = await self.hub.in_thread(auth.identify, scope)
        connection = Connection(identity, connection_render)
        stream = None
        if name:
            stream = await self._stream(connection, name, auth.query_params(scope))
        return connection, stream

    async def _stream(self, connection: Connection, name: str, params: dict[str, str]) -> Stream:
        stream = streams.parse(name, params, connection.reader)
        if stream.circle_id is not None or stream.channel.startswith("thread:"):
            await self.hub.in_thread(_check_access, stream, connection.reader)
        return stream

    # Server-sent events

    async def _events(self, scope: Scope, receive: Receive, send: Send, name: str) -> None:
        if scope["method"] == "OPTIONS":
            await _plain(send, 204, b"")
            return
        try:
            connection, stream = await self._open(scope, sse_text, name)
        except StreamError as error:
            await _json_error(send, error.message, error.status)
            return
        assert stream is not None
        self.hub.open(connection)
        await self.hub.subscribe(connection, stream)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
            await send({"type": "http.response.body", "body": b":)\n\n", "more_body": True})
            await _until_first(self._write_events(connection, send), _disconnected(receive))
        finally:
            await self.hub.close(connection)
        with contextlib.suppress(OSError, RuntimeError):
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _write_events(self, connection: Connection, send: Send) -> None:
        while True:
            try:
                text = await asyncio.wait_for(connection.next(), HEARTBEAT_SECONDS)
            except TimeoutError:
                text = ":thump\n\n"
            except Closed:
                return
            await send({"type": "http.response.body", "body": text.encode(), "more_body": True})

    # WebSocket

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"].rstrip("/") != PREFIX:
            await send({"type": "websocket.close", "code": 1008})
            return
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        params = auth.query_params(scope)
        try:
            connection, stream = await self._open(scope, websocket_text, params.get("stream"))
        except StreamError as error:
            await _refuse_websocket(scope, send, error)
            return
        accept: dict[str, Any] = {"type": "websocket.accept"}
        if protocol := dict(scope["headers"]).get(b"sec-websocket-protocol"):
            # A token sent as the subprotocol must be echoed, or browsers drop the connection.
            accept["subprotocol"] = protocol.decode("latin-1").strip()
        await send(accept)
        self.hub.open(connection)
        try:
            if stream is not None:
                await self.hub.subscribe(connection, stream)
            await _until_first(
                self._write_websocket(connection, send),
                self._read_websocket(connection, receive),
            )
        finally:
            await self.hub.close(connection)
        if connection.closed is not None:
            with contextlib.suppress(OSError, RuntimeError):
                await send(
                    {
                        "type": "websocket.close",
                        "code": connection.closed.code,
                        "reason": connection.closed.reason,
                    }
                )

    async def _write_websocket(self, connection: Connection, send: Send) -> None:
        while True:
            try:
                text = await connection.next()
            except Closed:
                return
            await send({"type": "websocket.send", "text": text})

    async def _read_websocket(self, connection: Connection, receive: Receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
            try:
                await self._handle_client_message(connection, text)
            except StreamError as error:
                connection.offer(
                    orjson.dumps({"error": error.message, "status": error.status}).decode()
                )

    async def _handle_client_message(self, connection: Connection, text: str) -> None:
        if len(text) > MAX_MESSAGE_BYTES:
            raise StreamError(_("The message is too long"), 400)
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise StreamError(_("The message is not valid JSON"), 400) from error
        if not isinstance(message, dict) or message.get("type") not in {"subscribe", "unsubscribe"}:
            raise StreamError(_("Unknown message type: use subscribe or unsubscribe"), 400)
        name = message.get("stream")
        if not isinstance(name, str) or not name:
            raise StreamError(_("Unknown stream type"), 400)
        params = {
            key: str(value) for key, value in message.items() if key in {"tag", "list", "post"}
        }
        stream = await self._stream(connection, name, params)
        if message["type"] == "unsubscribe":
            await self.hub.unsubscribe(connection, stream.name)
        elif not await self.hub.subscribe(connection, stream):
            raise StreamError(_("Too many streams on one connection"), 400)


async def _until_first(*jobs: Awaitable[None]) -> None:
    """Runs `jobs` until one of them ends, then cancels the others."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _language(scope: Scope) -> str:
    from django.utils.translation import get_supported_language_variant
    from django.utils.translation.trans_real import parse_accept_lang_header

    header = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    for code, _quality in parse_accept_lang_header(header):
        with contextlib.suppress(LookupError):
            return get_supported_language_variant(code)
    return "en"


async def _plain(send: Send, status: int, body: bytes) -> None:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"access-control-allow-origin", b"*"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json_error(send: Send, message: str, status: int) -> None:
    headers = [(b"content-type", b"application/json"), (b"access-control-allow-origin", b"*")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": orjson.dumps({"error": message})})


async def _refuse_websocket(scope: Scope, send: Send, error: StreamError) -> None:
    """Answers the upgrade with the error's status and JSON body where the server can (the
    ASGI WebSocket denial response), else closes before accepting (HTTP 403)."""
    if "websocket.http.response" in scope.get("extensions", {}):
        headers = [(b"content-type", b"application/json")]
        await send(
            {"type": "websocket.http.response.start", "status": error.status, "headers": headers}
        )
        body = orjson.dumps({"error": error.message})
        await send({"type": "websocket.http.response.body", "body": body})
        return
    await send({"type": "websocket.close", "code": 1008})
