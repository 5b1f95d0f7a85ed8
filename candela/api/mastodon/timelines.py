"""/api/v1/timelines: home, public, tag and list (circle) timelines, thin handlers over the
feed selectors (the same ones the HTML pages call), rendered by the one Status serializer."""

from __future__ import annotations

from django.http import Http404

from candela.api.http import ApiRequest, JSONResponse, api_view, as_bool
from candela.api.mastodon import status_entities as status_json
from candela.api.pagination import paged_response
from candela.core.pagination import Page, PageParams, parse_page_params
from candela.feed import selectors as feed
from candela.posts.models import Post
from candela.posts.selectors import parse_id
from candela.profiles.models import Actor

DEFAULT_LIMIT = 20
MAX_LIMIT = 40


def _respond(request: ApiRequest, page: Page[Post], viewer: Actor | None) -> JSONResponse:
    return paged_response(
        request, page, lambda page_posts: status_json.statuses(page_posts, viewer=viewer)
    )


def _params(request: ApiRequest) -> PageParams:
    return parse_page_params(request.query, default_limit=DEFAULT_LIMIT, max_limit=MAX_LIMIT)


def _viewer(request: ApiRequest) -> Actor | None:
    return request.user.actor if request.user is not None else None


@api_view(methods=["GET"], scopes=["read:statuses"])
def home(request: ApiRequest) -> JSONResponse:
    viewer = request.require_user().actor
    page = feed.home_numbers(viewer, _params(request))
    return paged_response(
        request, page, lambda numbers: status_json.statuses_for(numbers, viewer=viewer)
    )


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def public(request: ApiRequest) -> JSONResponse:
    viewer = _viewer(request)
    page = feed.public_feed(
        viewer,
        _params(request),
        local=as_bool(request.query.get("local", False)),
        remote=as_bool(request.query.get("remote", False)),
        only_media=as_bool(request.query.get("only_media", False)),
    )
    return _respond(request, page, viewer)


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def tag(request: ApiRequest, hashtag: str) -> JSONResponse:
    viewer = _viewer(request)
    return _respond(request, feed.hashtag_feed(viewer, hashtag, _params(request)), viewer)


@api_view(methods=["GET"], scopes=["read:lists"])
def list_timeline(request: ApiRequest, list_id: str) -> JSONResponse:
    viewer = request.require_user().actor
    circle_id = parse_id(list_id)
    if circle_id is None:
        raise Http404(list_id)
    return _respond(request, feed.circle_feed(viewer, circle_id, _params(request)), viewer)
