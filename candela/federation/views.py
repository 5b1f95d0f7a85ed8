"""Discovery endpoints other servers call: WebFinger, host-meta, NodeInfo and actor documents.

Thin handlers: parse the request, call a selector, render JSON (or XML) through the mapping
modules. Remote servers fetch anonymously, so every read uses the anonymous audience.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from candela.federation import activitypub, nodeinfo, selectors, webfinger

View = Callable[..., HttpResponse]


def allow_any_origin(view: View) -> View:
    """RFC 7033 section 5: discovery documents are public, so browser clients may read them."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def json_response(data: dict[str, Any], *, content_type: str, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data), content_type=content_type, status=status)


def json_error(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_safe
@allow_any_origin
def webfinger_view(request: HttpRequest) -> HttpResponse:
    try:
        resource = webfinger.parse_resource(request.GET.get("resource", ""))
    except webfinger.MalformedResource:
        return json_error(
            _("The resource parameter must be a URI such as acct:username@%(domain)s.")
            % {"domain": settings.CANDELA_DOMAIN},
            status=400,
        )
    try:
        match resource:
            case webfinger.AcctResource(username=username, domain=domain) if (
                webfinger.is_local_domain(domain)
            ):
                actor = selectors.get_public_local_actor(username)
            case webfinger.UrlResource(url=url):
                actor = selectors.get_public_local_actor_by_uri(url)
            case _:
                raise Http404
    except Http404:
        return json_error(_("No account here matches this resource."), status=404)
    return json_response(
        webfinger.actor_jrd(actor, rels=request.GET.getlist("rel")),
        content_type=webfinger.JRD_CONTENT_TYPE,
    )


@require_safe
@allow_any_origin
def host_meta(request: HttpRequest) -> HttpResponse:
    return HttpResponse(webfinger.host_meta_xrd(), content_type=webfinger.XRD_CONTENT_TYPE)


@require_safe
@allow_any_origin
def nodeinfo_links(request: HttpRequest) -> HttpResponse:
    return json_response(nodeinfo.nodeinfo_links(), content_type="application/json")


@require_safe
@allow_any_origin
def nodeinfo_document(request: HttpRequest) -> HttpResponse:
    return json_response(
        nodeinfo.nodeinfo_document(selectors.local_usage()),
        content_type=nodeinfo.NODEINFO_2_0_CONTENT_TYPE,
    )


@require_safe
def actor_detail(request: HttpRequest, username: str) -> HttpResponse:
    """The actor document for ActivityPub clients; people are sent to the profile page."""
    wanted = request.get_preferred_type(["text/html", *activitypub.ACTIVITYPUB_MEDIA_TYPES])
    if wanted not in activitypub.ACTIVITYPUB_MEDIA_TYPES:
        actor = selectors.get_public_local_actor(username)
        response: HttpResponse = redirect("profiles:detail", username=actor.username)
    else:
        actor = selectors.get_local_actor_or_tombstone(username)
        if actor.is_deleted:
            response = json_response(
                activitypub.tombstone_document(actor), content_type=wanted, status=410
            )
        else:
            response = json_response(activitypub.actor_document(actor), content_type=wanted)
    # One URL, two representations: caches must key on what was asked for.
    patch_vary_headers(response, ["Accept"])
    return response
