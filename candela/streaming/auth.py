"""Who a streaming connection reads as, and whether that still holds.

Mastodon clients send their token in the `Authorization` header, the `access_token` query
parameter or, for a WebSocket, the `Sec-WebSocket-Protocol` header; the web UI's pages send
their session cookie (a WebSocket from another site's page is refused by its Origin).
Tokens and sessions are checked again every few seconds (`still_valid`), so that a revoked
token or a signed-out session loses its streams at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from io import BytesIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.base import SessionBase
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken

from candela.accounts.models import User
from candela.api.http import authenticate
from candela.api.scopes import scopes_allow
from candela.streaming.streams import StreamError

READ_SCOPES = ["read", "read:statuses", "read:notifications"]


@dataclass(frozen=True)
class Identity:
    """A connection's reader: an actor (None when anonymous) and what proves it."""

    actor_id: int | None = None
    user_id: int | None = None
    token_checksum: str | None = None
    session_key: str | None = None
    scopes: tuple[str, ...] = field(default=())


ANONYMOUS = Identity()


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
    }


def query_params(scope: dict[str, Any]) -> dict[str, str]:
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return {name: values[-1] for name, values in parsed.items()}


def _django_request(scope: dict[str, Any], token: str | None) -> ASGIRequest:
    http_scope = {**scope, "type": "http", "method": "GET"}
    if token is not None:
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
        http_scope["headers"] = [*headers, (b"authorization", f"Bearer {token}".encode())]
    return ASGIRequest(http_scope, BytesIO())


def token_of(scope: dict[str, Any]) -> str | None:
    headers = _headers(scope)
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    if token := query_params(scope).get("access_token"):
        return token
    if scope["type"] == "websocket" and (protocol := headers.get("sec-websocket-protocol")):
        return protocol.strip()
    return None


def _same_origin(scope: dict[str, Any]) -> bool:
    headers = _headers(scope)
    origin = headers.get("origin")
    if origin is None:
        return bool(scope["type"] != "websocket")
    allowed = {urlsplit(settings.CANDELA_URL).netloc, headers.get("host", "")}
    return urlsplit(origin).netloc in allowed


def carries_credentials(scope: dict[str, Any]) -> bool:
    """Whether the connection brings a token or a session cookie: an anonymous one is
    identified without the database."""
    return token_of(scope) is not None or _session_key(scope) is not None


def identify(scope: dict[str, Any]) -> Identity:
    """The reader of a new connection: by token, else by session cookie, else anonymous.
    Raises StreamError (401) for a token that is unknown, revoked, expired or lacks a read
    scope. Runs in a worker thread."""
    close_old_connections()
    token = token_of(scope)
    if token is not None:
        found = authenticate(_django_request(scope, token))
        if found is None:
            raise StreamError(_("The access token is invalid"), 401)
        user, _application, scopes = found
        if not scopes_allow(scopes, READ_SCOPES):
            raise StreamError(_("This action is outside the authorized scopes"), 403)
        return Identity(
            actor_id=user.actor.id if user is not None else None,
            user_id=user.id if user is not None else None,
            token_checksum=hashlib.sha256(token.encode("utf-8")).hexdigest(),
            scopes=tuple(scopes),
        )
    session_key = _session_key(scope)
    if not session_key or not _same_origin(scope):
        return ANONYMOUS
    request = _django_request(scope, None)
    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    request.session = store(session_key)
    signed_in = get_user(request)
    if not isinstance(signed_in, User) or not signed_in.is_active:
        return ANONYMOUS
    return Identity(actor_id=signed_in.actor.id, user_id=signed_in.id, session_key=session_key)


def _session_key(scope: dict[str, Any]) -> str | None:
    cookie = SimpleCookie()
    cookie.load(_headers(scope).get("cookie", ""))
    morsel = cookie.get(settings.SESSION_COOKIE_NAME)
    return morsel.value if morsel is not None else None


def still_valid(identities: Iterable[Identity]) -> set[Identity]:
    """Those of `identities` whose token or session still holds, with an active user: one
    query for the tokens, one for the sessions. Runs in a worker thread."""
    from django.contrib.sessions.models import Session

    close_old_connections()
    wanted = set(identities)
    now = timezone.now()
    checksums = {i.token_checksum for i in wanted if i.token_checksum}
    live_tokens = set(
        AccessToken.objects.filter(token_checksum__in=checksums, expires__gt=now)
        .filter(Q(user__isnull=True) | Q(user__is_active=True))
        .values_list("token_checksum", flat=True)
    )
    keys = {i.session_key for i in wanted if i.session_key}
    live_sessions = set(
        Session.objects.filter(session_key__in=keys, expire_date__gt=now).values_list(
            "session_key", flat=True
        )
    )
    live_users = set(
        User.objects.filter(
            pk__in={i.user_id for i in wanted if i.session_key}, is_active=True
        ).values_list("pk", flat=True)
    )
    return {
        i
        for i in wanted
        if (i.token_checksum is None or i.token_checksum in live_tokens)
        and (i.session_key is None or (i.session_key in live_sessions and i.user_id in live_users))
    }
