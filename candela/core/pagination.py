"""Cursor pagination over id-ordered querysets (Mastodon's max_id/since_id/min_id/limit), and
the RFC 8288 `Link` header that goes with it.

Rows are read newest first by a unique, time-ordered integer key (a snowflake id, usually the
primary key), so every page is an index range scan. The key may differ from what the page
renders: a followers list pages by the Follow row's id but shows the follower.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)
T = TypeVar("T")

# A snowflake id fits a signed 64-bit integer: at most 19 digits.
MAX_ID_DIGITS = 19
CURSOR_NAMES = ("max_id", "since_id", "min_id")


@dataclass(frozen=True)
class PageParams:
    """Where a page starts and how long it is.

    `max_id`: only keys below it (older). `since_id`: only keys above it, newest first (the
    newest page after a gap). `min_id`: only keys above it, the ones right after it (paging
    forwards). Pages are always returned newest first.
    """

    max_id: int | None = None
    since_id: int | None = None
    min_id: int | None = None
    limit: int = 20


def _parse_cursor(name: str, value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > MAX_ID_DIGITS or int(value) >= 2**63:
        raise ValidationError(
            {name: _("This must be an id made of digits only.")}, code="invalid_id"
        )
    return int(value)


def parse_page_params(
    query: Mapping[str, Any], *, default_limit: int = 20, max_limit: int = 40
) -> PageParams:
    """Reads the cursor parameters from a query string; a malformed id raises ValidationError
    (the API answers 422), a missing or malformed limit falls back to the default and an
    oversized one is clamped, as Mastodon does."""
    cursors = {name: _parse_cursor(name, str(query.get(name) or "")) for name in CURSOR_NAMES}
    raw_limit = str(query.get("limit") or "").strip()
    limit = int(raw_limit) if raw_limit.isdigit() and len(raw_limit) < 6 else default_limit
    return PageParams(**cursors, limit=max(1, min(limit, max_limit)))


@dataclass(frozen=True)
class Page(Generic[T]):
    """A page of rows, newest first, with the cursors of its two ends (None when empty)."""

    items: list[T]
    newest_key: int | None
    oldest_key: int | None
    # True when rows older than this page might exist (a full page was read).
    has_older: bool

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def page_window(queryset: QuerySet[Any], params: PageParams, *, key: str = "id") -> QuerySet[Any]:
    """The rows of the page `params` asks for, ordered by `key` (unique and integer), one more
    than the limit when paging backwards (it tells whether an older page exists without
    counting). `page_of` turns them into the page."""
    rows = queryset
    if params.max_id is not None:
        rows = rows.filter(**{f"{key}__lt": params.max_id})
    if params.min_id is not None:
        return rows.filter(**{f"{key}__gt": params.min_id}).order_by(key)[: params.limit]
    if params.since_id is not None:
        rows = rows.filter(**{f"{key}__gt": params.since_id})
    return rows.order_by(f"-{key}")[: params.limit + 1]


def page_of(rows: list[T], params: PageParams, key_of: Callable[[T], int]) -> Page[T]:
    """The page of the rows `page_window` read, newest first."""
    if params.min_id is not None:
        items = rows[::-1]
        has_older = True
    else:
        items = rows[: params.limit]
        has_older = len(rows) > params.limit
    if not items:
        return Page(items=[], newest_key=None, oldest_key=None, has_older=False)
    return Page(
        items=items,
        newest_key=key_of(items[0]),
        oldest_key=key_of(items[-1]),
        has_older=has_older,
    )


def paginate(queryset: QuerySet[M], params: PageParams, *, key: str = "id") -> Page[M]:
    """One page of `queryset` ordered by `key` (unique and integer), newest first.

    One query: the queryset's select_related/prefetch_related decide the rest.
    """
    rows = list(page_window(queryset, params, key=key))
    return page_of(rows, params, lambda row: _key_of(row, key))


def _key_of(row: Model, key: str) -> int:
    value: Any = row
    for part in key.split("__"):
        value = getattr(value, part)
    return int(value)


def link_header(url: str, query: Mapping[str, Any], page: Page[Any]) -> str | None:
    """Mastodon's `Link` header for `page` (None when the page is empty): `next` reads older
    rows (max_id), `prev` newer ones (min_id). `url` is the absolute endpoint URL without a
    query; other query parameters (`limit`, filters) are carried over."""
    if page.newest_key is None or page.oldest_key is None:
        return None
    kept = [
        (name, value)
        for name, values in _query_lists(query)
        for value in values
        if name not in CURSOR_NAMES
    ]
    links = []
    if page.has_older:
        older = urlencode([*kept, ("max_id", page.oldest_key)])
        links.append(f'<{url}?{older}>; rel="next"')
    newer = urlencode([*kept, ("min_id", page.newest_key)])
    links.append(f'<{url}?{newer}>; rel="prev"')
    return ", ".join(links)


def _query_lists(query: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    getlist = getattr(query, "getlist", None)
    if getlist is not None:
        return [(name, getlist(name)) for name in query]
    return [(name, value if isinstance(value, list) else [value]) for name, value in query.items()]
