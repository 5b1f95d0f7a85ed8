"""The plumbing every JSON API handler shares: bearer-token auth, scopes, bodies, errors, CORS.

A handler is decorated with `api_view(...)`, receives an `ApiRequest` (the Django request plus
the token's user, application and parsed body) and returns plain data or a response.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps
from typing import Any

import orjson
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_backends import get_oauthlib_core

from candela.accounts.models import User
from candela.api.models import Application
from candela.api.scopes import scopes_allow
from candela.core.compiled import compiled_objects

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key",
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Expose-Headers": "Link, X-RateLimit-Reset, X-RateLimit-Limit, "
    "X-RateLimit-Remaining, X-Request-Id",
    "Access-Control-Max-Age": "600",
}


class ApiError(Exception):
    """Raised by handlers to answer `{"error": message}` with `status`."""

    def __init__(self, message: str, status: int = 400, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = details


@dataclass
class ApiRequest:
    """What a handler needs: the request, who the token speaks for, and the parsed body."""

    http: HttpRequest
    user: User | None
    application: Application | None
    scopes: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    files: dict[str, UploadedFile[bytes]] = field(default_factory=dict)

    @property
    def viewer(self) -> User | AnonymousUser:
        return self.user if self.user is not None else AnonymousUser()

    @property
    def query(self) -> QueryDict:
        return self.http.GET

    def require_user(self) -> User:
        if self.user is None:
            raise ApiError(_("This method requires an authenticated user"), status=422)
        return self.user


class JSONResponse(HttpResponse):
    """A JSON response encoded by orjson: API pages run to tens of kilobytes, and the standard
    encoder spent a tenth of a home timeline request's CPU on them."""

    def __init__(self, data: Any, *, status: int = 200) -> None:
        super().__init__(
            # Keys may be str enums (TextChoices), which orjson reads as their values.
            orjson.dumps(data, default=_plain, option=orjson.OPT_NON_STR_KEYS),
            status=status,
            content_type="application/json",
        )


def _plain(value: Any) -> str:
    """What orjson cannot encode itself: translated strings, decimals."""
    if isinstance(value, Promise | Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


def error_response(
    message: str, status: int, details: dict[str, Any] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status=status)


def validation_details(error: ValidationError) -> tuple[str, dict[str, Any]]:
    """Mastodon's 422 shape: a summary and `{field: [{"error": CODE, "description": text}]}`."""
    if hasattr(error, "error_dict"):
        details: dict[str, Any] = {}
        for name, errors in error.error_dict.items():
            details[name] = [
                {
                    "error": f"ERR_{(item.code or 'invalid').upper()}",
                    "description": " ".join(item.messages),
                }
                for item in errors
            ]
        summary = "; ".join(
            entry["description"] for entries in details.values() for entry in entries
        )
        return _("Validation failed: %(errors)s") % {"errors": summary}, details
    return _("Validation failed: %(errors)s") % {"errors": " ".join(error.messages)}, {}


def nest_form(values: QueryDict) -> dict[str, Any]:
    """Turns Rails-style form keys (`source[language]`, `media_ids[]`) into nested data, so
    form and JSON bodies read alike."""
    nested: dict[str, Any] = {}
    for key, items in values.lists():
        path = key.replace("]", "").split("[")
        is_list = key.endswith("[]")
        if is_list:
            path = path[:-1]
        target = nested
        for part in path[:-1]:
            child = target.get(part)
            if not isinstance(child, dict):
                child = {}
                target[part] = child
            target = child
        target[path[-1]] = list(items) if is_list else items[-1]
    return nested


def _uploads(uploads: MultiValueDict[str, UploadedFile[bytes]]) -> dict[str, UploadedFile[bytes]]:
    return {name: upload for name in uploads if (upload := uploads.get(name)) is not None}


def parse_body(request: HttpRequest) -> tuple[dict[str, Any], dict[str, UploadedFile[bytes]]]:
    """Reads a JSON, form-encoded or multipart body for any method; raises ApiError when it
    cannot be read."""
    content_type = request.content_type or ""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return {}, {}
    if content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            raise ApiError(_("The request body is not valid JSON."), status=400) from error
        if not isinstance(payload, dict):
            raise ApiError(_("The request body must be a JSON object."), status=400)
        return payload, {}
    form: QueryDict
    files: dict[str, UploadedFile[bytes]] = {}
    try:
        if request.method == "POST":
            form = request.POST
            files = _uploads(request.FILES)
        elif content_type == "multipart/form-data":
            # Django parses bodies only for POST; PATCH and PUT carry forms too.
            form, uploads = request.parse_file_upload(request.META, request)
            files = _uploads(uploads)
        elif content_type == "application/x-www-form-urlencoded":
            form = QueryDict(request.body, encoding=request.encoding)
        else:
            return {}, {}
    except MultiPartParserError as error:
        raise ApiError(_("The request body could not be read."), status=400) from error
    return nest_form(form), files


def _token_query(checksum: str) -> QuerySet[Any]:
    rows: QuerySet[Any] = AccessToken.objects.select_related("application", "user__actor")
    return rows.filter(token_checksum=checksum)[:1]


def authenticate(request: HttpRequest) -> tuple[User | None, Application | None, list[str]] | None:
    """The token's user (None for an app-only token), application and scopes; None when the
    request carries no valid bearer token (missing, unknown, revoked, expired).

    The token is read with its user and actor in one query compiled once (every API request
    pays for it); a token restricted to a resource (RFC 8707) goes through oauthlib, which
    checks the audience."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    checksum = hashlib.sha256(header[7:].strip().encode("utf-8")).hexdigest()
    found = compiled_objects("bearer_token", _token_query, checksum=checksum)
    if not found or found[0].is_expired():
        return None
    token = found[0]
    if token.resource:
        valid, _request = get_oauthlib_core().verify_request(request, scopes=[])
        if not valid:
            return None
    user = token.user
    if user is not None and not user.is_active:
        return None
    return user, token.application, token.scope.split()


Handler = Callable[..., Any]


def api_view(
    *,
    methods: Sequence[str] = ("GET",),
    scopes: Iterable[str] | None = None,
    user_required: bool = True,
    public: bool = False,
) -> Callable[[Handler], Callable[..., HttpResponse]]:
    """Wraps a handler: answers CORS preflights, authenticates the bearer token and checks
    `scopes` (any one of them suffices, as on Mastodon; None: no scope asked), parses the body
    and maps errors to Mastodon's JSON error shapes.

    With `user_required` an app-only (client-credentials) token gets a 422. A `public`
    endpoint answers without a token, but a token it is given must carry `scopes` (Mastodon's
    `authorize_if_got_token!`).
    """
    required = list(scopes) if scopes is not None else None
    allowed_methods = {method.upper() for method in methods}

    def decorate(handler: Handler) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                response: HttpResponse = HttpResponse(status=204)
            else:
                response = _dispatch(request, handler, args, kwargs)
            for name, value in CORS_HEADERS.items():
                response[name] = value
            return response

        def _dispatch(
            request: HttpRequest, handler: Handler, args: Any, kwargs: Any
        ) -> HttpResponse:
            if request.method not in allowed_methods and not (
                request.method == "HEAD" and "GET" in allowed_methods
            ):
                response = error_response(_("This method is not allowed here."), 405)
                response["Allow"] = ", ".join(sorted(allowed_methods))
                return response
            # The body is read before the token is checked: Django can parse a PATCH's multipart
            # body only while nothing else has touched the request's uploads.
            body_error: ApiError | None = None
            try:
                data, files = parse_body(request)
            except ApiError as error:
                body_error, data, files = error, {}, {}
            identity = authenticate(request)
            if required is not None and (identity is not None or not public):
                if identity is None:
                    return error_response(_("The access token is invalid"), 401)
                if not scopes_allow(identity[2], required):
                    return error_response(_("This action is outside the authorized scopes"), 403)
                if user_required and not public and identity[0] is None:
                    return error_response(_("This method requires an authenticated user"), 422)
            user, application, granted = identity if identity is not None else (None, None, [])
            if body_error is not None:
                return error_response(body_error.message, body_error.status)
            try:
                api_request = ApiRequest(
                    http=request,
                    user=user,
                    application=application,
                    scopes=granted,
                    data=data,
                    files=files,
                )
                result = handler(api_request, *args, **kwargs)
            except ApiError as error:
                return error_response(error.message, error.status, error.details)
            except Http404:
                return error_response(_("Record not found"), 404)
            except ValidationError as error:
                message, details = validation_details(error)
                return error_response(message, 422, details)
            if isinstance(result, HttpResponse):
                return result
            return JSONResponse(result)

        return view

    return decorate


def as_bool(value: Any) -> bool:
    """Mastodon's booleans: true/false, 1/0, on/off, in JSON or form bodies."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "on", "yes", "t"}


def as_text(value: Any, name: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValidationError({name: _("This must be text.")}, code="invalid")
