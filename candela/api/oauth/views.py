"""The OAuth2 endpoints: the consent page, token and revocation endpoints, server metadata.

django-oauth-toolkit (through oauthlib) issues and checks every grant and token; these views
add what Mastodon apps rely on: an out-of-band code page, app-registered scopes, S256-only
PKCE, JSON bodies, `created_at` in the token, CORS, and paths without a trailing slash.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oauth2_provider.exceptions import FatalClientError, OAuthToolkitError
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.oauth2_backends import get_oauthlib_core
from oauth2_provider.views import RevokeTokenView as DOTRevokeTokenView
from oauth2_provider.views import TokenView as DOTTokenView

from candela.api.http import CORS_HEADERS, JSONResponse, as_bool
from candela.api.models import OOB_REDIRECT_URI, Application
from candela.api.scopes import (
    DEFAULT_SCOPES,
    SCOPES,
    expand_scopes,
    parse_scopes,
    unknown_scopes,
)
from candela.api.selectors import get_application_by_client_id, get_token_created_at
from candela.core.middleware import CONTENT_SECURITY_POLICY

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}
CSP_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$")
GRANT_TYPES = ["authorization_code", "client_credentials", "refresh_token"]


class AuthorizationProblem(Exception):
    """An authorization request that cannot be shown to the person: explained on a 400 page."""


@dataclass(frozen=True)
class AuthorizationRequest:
    application: Application
    redirect_uri: str
    scopes: list[str]
    state: str
    code_challenge: str
    code_challenge_method: str

    @property
    def is_out_of_band(self) -> bool:
        return self.redirect_uri == OOB_REDIRECT_URI

    def hidden_fields(self) -> dict[str, str]:
        fields = {
            "client_id": self.application.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": " ".join(self.scopes),
            "state": self.state,
        }
        if self.code_challenge:
            fields["code_challenge"] = self.code_challenge
            fields["code_challenge_method"] = self.code_challenge_method
        return fields


def check_authorization_request(params: QueryDict) -> AuthorizationRequest:
    """Checks what the consent page needs before anything is shown; raises AuthorizationProblem
    with a sentence for the person (never redirecting to an unverified URI)."""
    application = get_application_by_client_id(params.get("client_id", ""))
    if application is None:
        raise AuthorizationProblem(
            _("The application that sent you here is not registered on this server.")
        )
    registered = application.redirect_uri_list
    redirect_uri = params.get("redirect_uri") or (registered[0] if len(registered) == 1 else "")
    if not redirect_uri or redirect_uri not in registered:
        raise AuthorizationProblem(
            _("The application asked to send you back to an address it did not register.")
        )
    if params.get("response_type", "code") != "code":
        raise AuthorizationProblem(
            _("The application asked for a kind of response we do not offer.")
        )
    scopes = parse_scopes(params.get("scope")) or list(DEFAULT_SCOPES)
    if unknown := unknown_scopes(scopes):
        raise AuthorizationProblem(
            _("The application asked for permissions that do not exist: %(scopes)s.")
            % {"scopes": ", ".join(unknown)}
        )
    allowed = expand_scopes(application.scope_list)
    if not_registered := [scope for scope in scopes if scope not in allowed]:
        raise AuthorizationProblem(
            _("The application asked for permissions it did not register: %(scopes)s.")
            % {"scopes": ", ".join(not_registered)}
        )
    challenge = params.get("code_challenge", "")
    method = params.get("code_challenge_method", "")
    if challenge and method != "S256":
        raise AuthorizationProblem(
            _("The application used a code challenge method we do not accept (only S256).")
        )
    if method and not challenge:
        raise AuthorizationProblem(
            _("The application sent a code challenge method without a challenge.")
        )
    return AuthorizationRequest(
        application=application,
        redirect_uri=redirect_uri,
        scopes=scopes,
        state=params.get("state", ""),
        code_challenge=challenge,
        code_challenge_method=method,
    )


def consent_policy(redirect_uri: str) -> str:
    """The site policy, with the app's redirect target added to `form-action`: browsers apply
    it to the redirect that follows the consent form."""
    sources = ["'self'"]
    if redirect_uri != OOB_REDIRECT_URI:
        parts = urlsplit(redirect_uri)
        scheme = parts.scheme.lower()
        if scheme in {"http", "https"} and CSP_HOST_RE.match(parts.netloc):
            sources.append(f"{scheme}://{parts.netloc}")
        elif scheme and scheme not in {"http", "https"}:
            sources.append(f"{scheme}:")
    return CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action " + " ".join(sources))


def _problem_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "api/oauth/error.html", {"message": message}, status=400)


def _apply_language(request: HttpRequest) -> None:
    lang = request.GET.get("lang", "")
    if lang in SUPPORTED_LANGUAGES:
        translation.activate(lang)
        request.LANGUAGE_CODE = lang


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """GET shows the consent page (after login); POST records the person's decision."""
    _apply_language(request)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(reverse("api_oauth:authorize"))
    params = request.POST if request.method == "POST" else request.GET
    # A broken request is explained at once, before anyone is asked to log in for nothing.
    try:
        authorization = check_authorization_request(params)
    except AuthorizationProblem as problem:
        return _problem_page(request, str(problem))
    if (
        request.method == "GET"
        and request.user.is_authenticated
        and as_bool(request.GET.get("force_login", ""))
    ):
        # The app wants to add another account: log out and come back without the flag.
        logout(request)
        query = request.GET.copy()
        query.pop("force_login", None)
        return redirect_to_login(f"{request.path}?{query.urlencode()}")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        return _decide(request, authorization, allow=request.POST.get("decision") == "approve")
    response = render(
        request,
        "api/oauth/authorize.html",
        {
            "authorization": authorization,
            "application": authorization.application,
            "hidden_fields": authorization.hidden_fields(),
            "scope_descriptions": [SCOPES[scope] for scope in authorization.scopes],
        },
    )
    response["Content-Security-Policy"] = consent_policy(authorization.redirect_uri)
    return response


def _decide(
    request: HttpRequest, authorization: AuthorizationRequest, *, allow: bool
) -> HttpResponse:
    credentials: dict[str, Any] = {
        "client_id": authorization.application.client_id,
        "redirect_uri": authorization.redirect_uri,
        "response_type": "code",
        "state": authorization.state or None,
    }
    if authorization.code_challenge:
        credentials["code_challenge"] = authorization.code_challenge
        credentials["code_challenge_method"] = authorization.code_challenge_method
    try:
        uri, _headers, _body, _status = get_oauthlib_core().create_authorization_response(
            request, authorization.scopes, credentials, allow
        )
    except FatalClientError as error:
        # oauthlib's description is English prose; its error code is protocol vocabulary.
        return _problem_page(
            request,
            _("The application's request is not valid (%(error)s).")
            % {"error": error.oauthlib_error.error},
        )
    except OAuthToolkitError as error:
        if authorization.is_out_of_band:
            return render(
                request,
                "api/oauth/code.html",
                {"application": authorization.application, "code": None},
            )
        separator = "&" if "?" in authorization.redirect_uri else "?"
        target = authorization.redirect_uri + separator + error.oauthlib_error.urlencoded
        redirect: HttpResponse = OAuth2ResponseRedirect(
            target, authorization.application.get_allowed_schemes()
        )
        return redirect
    if authorization.is_out_of_band:
        code = parse_qs(urlsplit(uri).query).get("code", [""])[0]
        return render(
            request,
            "api/oauth/code.html",
            {"application": authorization.application, "code": code},
        )
    success: HttpResponse = OAuth2ResponseRedirect(
        uri, authorization.application.get_allowed_schemes()
    )
    return success


def _with_cors(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


@method_decorator(csrf_exempt, name="dispatch")
class TokenView(DOTTokenView):  # type: ignore[misc]
    """POST /oauth/token: DOT's endpoint, answering Mastodon's Token entity (with `created_at`)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(request, *args, **kwargs)
        try:
            payload = json.loads(response.content)
        except ValueError:
            return _with_cors(response)
        if response.status_code == 200 and isinstance(payload, dict) and "access_token" in payload:
            checksum = hashlib.sha256(payload["access_token"].encode()).hexdigest()
            payload = {
                "access_token": payload["access_token"],
                "token_type": "Bearer",
                "scope": payload.get("scope", ""),
                "created_at": get_token_created_at(checksum) or int(time.time()),
                **{k: v for k, v in payload.items() if k in {"refresh_token", "expires_in"}},
            }
        token_response = JSONResponse(payload, status=response.status_code)
        token_response["Cache-Control"] = "no-store"
        token_response["Pragma"] = "no-cache"
        return _with_cors(token_response)

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _with_cors(HttpResponse(status=204))


@method_decorator(csrf_exempt, name="dispatch")
class RevokeTokenView(DOTRevokeTokenView):  # type: ignore[misc]
    """POST /oauth/revoke: answers `{}` like Mastodon once the token is gone."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post(request, *args, **kwargs)
        if response.status_code == 200:
            return _with_cors(JSONResponse({}))
        try:
            payload = json.loads(response.content)
        except ValueError:
            payload = {"error": "invalid_request"}
        return _with_cors(JSONResponse(payload, status=response.status_code))

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _with_cors(HttpResponse(status=204))


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def authorization_server_metadata(request: HttpRequest) -> HttpResponse:
    """RFC 8414 metadata, shaped as Mastodon 4.3+ serves it."""
    base = settings.CANDELA_URL
    metadata = {
        "issuer": f"{base}/",
        "service_documentation": "https://docs.joinmastodon.org/",
        "authorization_endpoint": base + reverse("api_oauth:authorize"),
        "token_endpoint": base + reverse("api_oauth:token"),
        "app_registration_endpoint": base + reverse("api_mastodon:apps"),
        "revocation_endpoint": base + reverse("api_oauth:revoke"),
        "scopes_supported": list(SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic",
            "client_secret_post",
        ],
    }
    return _with_cors(JSONResponse(metadata))
