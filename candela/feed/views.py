"""HTML pages of the feeds: the home page with the home feed, the local timeline and a circle's
feed. Each answers a full page, or, for htmx's "Load more", only the next page of cards; the
home feed also answers, for its live "N new posts" button, the posts newer than the page's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from candela.core.htmx import is_htmx
from candela.core.pagination import Page, PageParams
from candela.feed import selectors
from candela.graph.selectors import get_circle_for
from candela.posts.cards import cards_for
from candela.posts.models import Post
from candela.posts.selectors import parse_id, viewer_of
from candela.profiles.models import Actor

PAGE_SIZE = 20


def _params(request: HttpRequest) -> PageParams:
    """Pages go back in time only; a malformed `max_id` reads as the first page."""
    return PageParams(max_id=parse_id(request.GET.get("max_id", "")), limit=PAGE_SIZE)


def _render(
    request: HttpRequest,
    template: str,
    page: Page[Post],
    viewer: Actor | None,
    **context: object,
) -> HttpResponse:
    context.update({"cards": cards_for(page.items, viewer), "page": page})
    if is_htmx(request) and "max_id" in request.GET:
        return render(request, "feed/_page.html", context)
    return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    """The home page. Mounted before candela.core's own `home` (core cannot import the feed):
    a visitor gets core's welcome page, a member the compose form and their home feed."""
    viewer = viewer_of(request.user)
    if viewer is None:
        return render(request, "core/home.html")
    newer_than = parse_id(request.GET.get("min_id", ""))
    if is_htmx(request) and newer_than is not None:
        return _newer(request, viewer, newer_than)
    page = selectors.home_feed(viewer, _params(request))
    # The live button's text, one form per plural category: live.js picks one for its count.
    new_posts = {
        "one": ngettext("%(count)s new post", "%(count)s new posts", 1),
        "other": ngettext("%(count)s new post", "%(count)s new posts", 2),
    }
    return _render(request, "feed/home.html", page, viewer, new_posts=new_posts)


def _newer(request: HttpRequest, viewer: Actor, newer_than: int) -> HttpResponse:
    """The home feed's posts right after the entry `newer_than`, newest first, with the cursor
    of the newest one and whether more follow; the viewer's own posts are not counted as new
    (the page showed them when they were written)."""
    page = selectors.home_feed(viewer, PageParams(min_id=newer_than, limit=PAGE_SIZE))
    context = {
        "cards": cards_for(page.items, viewer),
        "page": page,
        "has_newer": len(page.items) == PAGE_SIZE,
        "new_keys": [post.id for post in page.items if post.author_id != viewer.id],
    }
    return render(request, "feed/_newer.html", context)


def local(request: HttpRequest) -> HttpResponse:
    """The local public timeline: this server's public posts, newest first."""
    viewer = viewer_of(request.user)
    page = selectors.public_feed(viewer, _params(request), local=True)
    return _render(request, "feed/local.html", page, viewer)


@login_required
def circle_feed(request: HttpRequest, circle_id: int) -> HttpResponse:
    """The owner's home feed narrowed to one of their circles; 404 for anyone else's."""
    viewer = viewer_of(request.user)
    assert viewer is not None
    circle = get_circle_for(viewer, circle_id)
    page = selectors.circle_feed(viewer, circle.id, _params(request))
    return _render(request, "feed/circle.html", page, viewer, circle=circle)
