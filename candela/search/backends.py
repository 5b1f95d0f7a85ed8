"""Full-text search of posts: the one interface (`search_posts`) over the database's own engine
(SQLite FTS5 or PostgreSQL full-text search; see candela/search/index.py).

The user's words never reach the engine's query language as typed: `terms` keeps letters and
digits only, and each backend quotes them itself, so `"`, `*`, `NEAR(`, `-` or `:` are plain
separators. The audience rule is the posts app's `visible_to`, applied to every match.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from candela.posts import selectors as posts
from candela.posts.models import Post
from candela.profiles.models import Actor

MAX_TERMS = 8
MAX_TERM_LENGTH = 64
# A prefix search on a shorter last word would match most of the index.
MIN_PREFIX_LENGTH = 3
FTS5_MATCH = "SELECT rowid FROM search_post_fts WHERE search_post_fts MATCH %s"
WORD = re.compile(r"[^\W_]+")


def terms(query: str) -> list[str]:
    """The words of `query` that a search uses: letters and digits only, lowercased, at most
    MAX_TERMS of them."""
    normal = unicodedata.normalize("NFC", query)
    words = [word.lower()[:MAX_TERM_LENGTH] for word in WORD.findall(normal)]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def _fts5_query(words: list[str]) -> str:
    """Every word must occur; the last one may be the start of a word (typing in progress)."""
    parts = [f'"{word}"' for word in words]
    if len(words[-1]) >= MIN_PREFIX_LENGTH:
        parts[-1] += "*"
    return " AND ".join(parts)


def _tsquery(words: list[str]) -> str:
    parts = [f"'{word}'" for word in words]
    if len(words[-1]) >= MIN_PREFIX_LENGTH:
        parts[-1] += ":*"
    return " & ".join(parts)


def _matching(words: list[str]) -> QuerySet[Post]:
    if connection.vendor == "postgresql":
        # The same expression as the GIN index, so that the planner uses it.
        matches = RawSQL(
            "to_tsvector('candela_search', posts_post.text) @@ to_tsquery('candela_search', %s)",
            (_tsquery(words),),
            output_field=BooleanField(),
        )
        return Post.objects.filter(matches)
    # Literal SQL; the user's words go in as a parameter, quoted by _fts5_query.
    ids = RawSQL(FTS5_MATCH, (_fts5_query(words),))  # noqa: S611
    return Post.objects.filter(pk__in=ids)


def search_posts(
    viewer: Actor | None,
    query: str,
    *,
    limit: int,
    offset: int = 0,
    max_id: int | None = None,
    min_id: int | None = None,
    author_id: int | None = None,
) -> list[Post]:
    """Posts (not boosts) holding every word of `query` that `viewer` (None: anonymous) may
    see, newest first, with what a card or a Status shows: a fixed number of queries."""
    words = terms(query)
    if not words or limit <= 0:
        return []
    found = posts.visible_to(_matching(words).filter(reblog_of__isnull=True), viewer)
    if author_id is not None:
        found = found.filter(author_id=author_id)
    if max_id is not None:
        found = found.filter(pk__lt=max_id)
    if min_id is not None:
        found = found.filter(pk__gt=min_id)
    return list(posts.with_related(found).order_by("-id")[offset : offset + limit])
