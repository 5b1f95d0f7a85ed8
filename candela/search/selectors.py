"""Search across the domain apps: accounts, hashtags and posts, each read through the selectors
of the app that owns it, so that the audience rules are theirs and nothing is decided here.

- Accounts: by name, handle, skills, company and title, location. Exact handle first, then
  names and handles starting with the query, then the rest. Deleted, deactivated and blocked
  accounts (either way) never appear; accounts that are not discoverable appear only to a
  query that names their exact handle (`@user`, `user@domain`), as on Mastodon.
- Hashtags: by the start of their name, among those on at least one post the viewer may see.
- Posts: full text, through `candela.search.backends.search_posts`.
- A URL of this server (a profile or a post) resolves to that account or post.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length, Lower

from candela.accounts.models import User
from candela.graph import selectors as graph
from candela.posts import selectors as posts
from candela.posts.models import Hashtag, Post
from candela.profiles import selectors as profiles
from candela.profiles.models import Actor, Position
from candela.search.backends import search_posts, terms

MAX_QUERY_LENGTH = 200
SearchType = Literal["accounts", "hashtags", "posts"]
SEARCH_TYPES: tuple[SearchType, ...] = ("accounts", "hashtags", "posts")


def clean_query(query: str) -> str:
    """The query as searched: stripped, and cut to MAX_QUERY_LENGTH characters."""
    return query.strip()[:MAX_QUERY_LENGTH].strip()


@dataclass(frozen=True)
class Handle:
    username: str
    domain: str  # empty: our own server

    @property
    def is_local(self) -> bool:
        return not self.domain or self.domain.lower() == settings.CANDELA_DOMAIN.lower()


def parse_handle(query: str) -> Handle | None:
    """`@user`, `user@domain` or `@user@domain`: a query that names a handle (it holds an @)."""
    if "@" not in query or any(char.isspace() for char in query):
        return None
    username, _at, domain = query.removeprefix("@").partition("@")
    if not username or "@" in domain or not all(c.isalnum() or c in "_.-" for c in username):
        return None
    return Handle(username=username, domain=domain)


def _json_forms(word: str) -> set[str]:
    """`word` as it may appear inside a stored JSON list: as typed, and \\u-escaped (Django
    stores JSON with non-ASCII characters escaped)."""
    return {word, json.dumps(word)[1:-1]}


def _word_q(word: str) -> Q:
    skills = Q()
    for form in _json_forms(word):
        skills |= Q(skills__icontains=form)
    positions = Position.objects.filter(actor_id=OuterRef("pk")).filter(
        Q(company__icontains=word) | Q(title__icontains=word)
    )
    return (
        Q(username__icontains=word)
        | Q(display_name__icontains=word)
        | Q(location__icontains=word)
        | skills
        | Q(Exists(positions))
    )


def _viewer_actor(user: User | AnonymousUser) -> Actor | None:
    return posts.viewer_of(user)


def search_accounts(
    user: User | AnonymousUser,
    query: str,
    *,
    limit: int,
    offset: int = 0,
    following: bool = False,
) -> list[Actor]:
    """Accounts matching `query` that `user` may see, best match first (see the module's
    docstring); `following` keeps only accounts `user` follows."""
    query = clean_query(query)
    viewer = _viewer_actor(user)
    if not query or limit <= 0:
        return []
    actors: QuerySet[Actor] = profiles.visible_actors(user)
    if viewer is not None and (blocked := graph.blocked_ids(viewer)):
        actors = actors.exclude(pk__in=blocked)
    if following:
        if viewer is None:
            return []
        actors = actors.filter(pk__in=graph.following_ids(viewer))
    handle = parse_handle(query)
    if handle is not None:
        exact = Q(username__iexact=handle.username) & (
            Q(local=True) if handle.is_local else Q(local=False, domain__iexact=handle.domain)
        )
        similar = Q(is_discoverable=True, username__istartswith=handle.username)
        if handle.domain:
            similar &= (
                Q(local=True)
                if handle.is_local
                else Q(local=False, domain__istartswith=handle.domain)
            )
        matches = exact | similar
        name = handle.username
    else:
        words = terms(query) or [query]
        matches = Q(is_discoverable=True)
        for word in words:
            matches &= _word_q(word)
        name = query.removeprefix("@")
        exact = Q(username__iexact=name, local=True)
    ranked = actors.filter(matches).annotate(
        rank=Case(
            When(exact, then=Value(0)),
            When(
                Q(username__istartswith=name) | Q(display_name__istartswith=name),
                then=Value(1),
            ),
            default=Value(2),
            output_field=IntegerField(),
        )
    )
    return list(
        ranked.prefetch_related("positions").order_by("rank", Lower("username"), "id")[
            offset : offset + limit
        ]
    )


def search_hashtags(
    user: User | AnonymousUser, query: str, *, limit: int, offset: int = 0
) -> list[Hashtag]:
    """Hashtags starting with `query` (a leading # ignored) on at least one post `user` may
    see: the exact name first, then the shortest."""
    words = terms(clean_query(query).removeprefix("#"))
    if len(words) != 1 or limit <= 0:
        return []
    prefix = words[0]
    tagged = posts.visible_to(Post.objects.filter(hashtags=OuterRef("pk")), _viewer_actor(user))
    tags = (
        Hashtag.objects.annotate(lower=Lower("name"))
        .filter(lower__startswith=prefix)
        .filter(Exists(tagged))
        .annotate(
            rank=Case(When(lower=prefix, then=Value(0)), default=Value(1)),
            length=Length("name"),
        )
        .order_by("rank", "length", "lower", "id")
    )
    return list(tags[offset : offset + limit])


@dataclass
class Resolved:
    """What a URL of this server names, as the viewer may see it."""

    accounts: list[Actor] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)


def resolve_local_url(user: User | AnonymousUser, query: str) -> Resolved | None:
    """The account or post a URL of this server names (None when `query` is not one of ours);
    empty when it names nothing `user` may see."""
    query = clean_query(query)
    base = settings.CANDELA_URL
    if not (query == base or query.startswith(f"{base}/")):
        return None
    resolved = Resolved()
    viewer = _viewer_actor(user)
    actors = profiles.visible_actors(user).filter(Q(uri=query) | Q(url=query))
    if viewer is not None and (blocked := graph.blocked_ids(viewer)):
        actors = actors.exclude(pk__in=blocked)
    resolved.accounts = list(actors.prefetch_related("positions")[:1])
    if not resolved.accounts:
        found = posts.visible_to(Post.objects.filter(Q(uri=query) | Q(url=query)), viewer)
        resolved.posts = list(posts.with_related(found.filter(reblog_of__isnull=True))[:1])
    return resolved


__all__ = [
    "SEARCH_TYPES",
    "Resolved",
    "SearchType",
    "clean_query",
    "parse_handle",
    "resolve_local_url",
    "search_accounts",
    "search_hashtags",
    "search_posts",
]
