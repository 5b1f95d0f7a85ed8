"""The streaming server: Mastodon's streaming API (server-sent events and WebSocket) and the
web UI's live updates, as a lean ASGI app beside the WSGI web workers.

`candela streaming` serves it alone (production, behind a reverse proxy routing
`/api/v1/streaming`); `candela run` serves it together with the web pages from one process.
Events come from `candela.core.realtime` (services publish them after commit); each process
keeps one subscription per channel its connections need and checks, for every event, who of
its readers may see it at that moment (`events.resolve`).
"""
