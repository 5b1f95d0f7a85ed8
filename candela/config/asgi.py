"""The ASGI applications: `streaming` (the streaming server alone, `candela streaming`) and
`application` (everything from one process, `candela run`: the streaming endpoints, and the
pages and REST API through the WSGI application run in a thread pool)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candela.config.settings")
django.setup()

from collections.abc import Awaitable, Callable  # noqa: E402
from typing import Any  # noqa: E402

from a2wsgi import WSGIMiddleware  # noqa: E402

from candela.config.wsgi import application as wsgi_application  # noqa: E402
from candela.streaming.app import PREFIX, StreamingApp  # noqa: E402
from candela.streaming.hub import close_thread_connections  # noqa: E402

ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def everything(streaming: StreamingApp) -> ASGIApp:
    """The streaming endpoints by `streaming`, everything else by the WSGI application."""
    threads = int(os.environ.get("CANDELA_THREADS", "8"))
    pages = WSGIMiddleware(wsgi_application, workers=threads)  # type: ignore[arg-type]

    def close_pages_then(send: Any) -> Any:
        async def forward(message: dict[str, Any]) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                # The page threads' database connections end with the server.
                await close_thread_connections(pages.executor, threads)
            await send(message)

        return forward

    async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await streaming(scope, receive, close_pages_then(send))
        elif scope["path"].startswith(PREFIX):
            await streaming(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await pages(scope, receive, send)  # type: ignore[arg-type]

    return application


streaming = StreamingApp()
application = everything(streaming)
