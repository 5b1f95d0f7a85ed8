"""The search page: `/search/?q=&type=accounts|hashtags|posts`, every section, or one with
pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from candela.posts.cards import cards_for
from candela.posts.selectors import viewer_of
from candela.search import selectors

# How many of each kind the page shows without a type, and per page with one.
PREVIEW_SIZE = 5
PAGE_SIZE = 20
MAX_PAGE = 50
TABS = {
    "": gettext_lazy("All"),
    "accounts": gettext_lazy("People"),
    "hashtags": gettext_lazy("Hashtags"),
    "posts": gettext_lazy("Posts"),
}


@dataclass
class Section:
    """One kind of result on the page, with its rows and where its pages are."""

    kind: str
    rows: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "1")
    number = int(text) if text.isdigit() and len(text) < 4 else 1
    return min(max(number, 1), MAX_PAGE)


def _section(request: HttpRequest, kind: str, query: str, size: int, number: int) -> Section:
    """`size` rows of `kind` from page `number`, fetching one more to know if a next exists."""
    offset = (number - 1) * size
    viewer = viewer_of(request.user)
    rows: list[Any]
    if kind == "accounts":
        rows = selectors.search_accounts(request.user, query, limit=size + 1, offset=offset)
    elif kind == "hashtags":
        rows = selectors.search_hashtags(request.user, query, limit=size + 1, offset=offset)
    else:
        found = selectors.search_posts(viewer, query, limit=size + 1, offset=offset)
        rows = list(cards_for(found[:size], viewer)) + found[size:]
    return Section(kind=kind, rows=rows[:size], number=number, has_next=len(rows) > size)


@login_required
def search_results(request: HttpRequest) -> HttpResponse:
    query = selectors.clean_query(request.GET.get("q", ""))
    kind = request.GET.get("type", "")
    if kind not in selectors.SEARCH_TYPES:
        kind = ""
    sections: list[Section] = []
    resolved = selectors.resolve_local_url(request.user, query) if query else None
    if resolved is not None:
        viewer = viewer_of(request.user)
        sections = [
            Section("accounts", list(resolved.accounts), 1, False),
            Section("posts", list(cards_for(resolved.posts, viewer)), 1, False),
        ]
    elif query and kind:
        sections = [_section(request, kind, query, PAGE_SIZE, _page_number(request))]
    elif query:
        sections = [_section(request, name, query, PREVIEW_SIZE, 1) for name in TABS if name]
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "kind": kind,
            "tabs": TABS.items(),
            "sections": sections,
            "is_preview": not kind and resolved is None,
        },
    )
