"""Maps posts to Mastodon's Status, MediaAttachment, Mention, Tag, StatusEdit, StatusSource
and Context entities, field by field as docs.joinmastodon.org describes them.

Candela's own additions sit under `candela` (the visibility Candela really uses, the circle,
emoji reactions), so that Mastodon clients see only what they know.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from django.core.cache import cache

from candela.api.mastodon import entities
from candela.posts import selectors
from candela.posts.models import (
    EMOJI_NAMES,
    MediaAttachment,
    Post,
    PostEdit,
    ReactionKind,
    Visibility,
)
from candela.posts.rendering import hashtag_url
from candela.posts.selectors import AccountNumbers, PostNumbers, Thread
from candela.profiles import selectors as profiles
from candela.profiles.models import Actor
from candela.profiles.selectors import attach_stats

# Mastodon's visibilities; Candela's `connections` and `circle` read as `private` to clients
# that know only Mastodon's four.
MASTODON_VISIBILITY = {
    Visibility.PUBLIC: "public",
    Visibility.UNLISTED: "unlisted",
    Visibility.CONNECTIONS: "private",
    Visibility.CIRCLE: "private",
    Visibility.DIRECT: "direct",
}

# The cached parts never go stale (their keys carry the version); the time only bounds memory.
PART_CACHE_SECONDS = 24 * 3600
# The parts this process has read or rendered, in front of the shared cache: under the same
# keys they never go stale here either, and reading them costs no unpickling (nor, with Redis,
# a round trip): that was the largest cost of a warm page. Emptied when it would hold more
# than LOCAL_PARTS (about 3 kB each for the benchmark's short posts).
LOCAL_PARTS = 5000
_local_parts: dict[str, dict[str, Any]] = {}
FAVOURITE = ReactionKind.FAVOURITE.value


def iso(moment: datetime | None) -> str | None:
    """Mastodon's timestamps: UTC with milliseconds and a Z."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def media_attachment(media: MediaAttachment) -> dict[str, Any]:
    def size(width: int, height: int) -> dict[str, Any]:
        return {
            "width": width,
            "height": height,
            "size": f"{width}x{height}",
            "aspect": round(width / height, 6) if height else 0,
        }

    return {
        "id": str(media.id),
        "type": "image",
        "url": entities.absolute_url(media.file.url),
        "preview_url": entities.absolute_url(media.preview.url),
        "remote_url": None,
        "preview_remote_url": None,
        "text_url": None,
        "meta": {
            "original": size(media.width, media.height),
            "small": size(media.preview_width, media.preview_height),
            "focus": {"x": media.focus_x, "y": media.focus_y},
        },
        "description": media.description or None,
        "blurhash": None,
    }


def mention(actor: Actor) -> dict[str, Any]:
    return {
        "id": str(actor.id),
        "username": actor.username,
        "url": actor.url or actor.uri,
        "acct": actor.acct,
    }


def tag(name: str) -> dict[str, Any]:
    return {"name": name.lower(), "url": hashtag_url(name)}


def prepare_accounts(posts: Iterable[Post]) -> None:
    """Loads the counts every Account in these posts shows, in one query."""
    actors = []
    for post in posts:
        actors.append(post.author)
        if post.reblog_of is not None:
            actors.append(post.reblog_of.author)
    attach_stats(actors)


def post_part(post: Post) -> dict[str, Any]:
    """Everything a Status shows that only an edit changes: what the cache holds, keyed by the
    post's version. The rest (account, counts, boost, reactions, the reader's own state) is
    added by `_compose` for every page."""
    return {
        "id": str(post.id),
        "uri": post.uri,
        "url": post.url or None,
        "created_at": iso(post.created_at),
        "edited_at": iso(post.edited_at),
        "content": post.content,
        "visibility": MASTODON_VISIBILITY[Visibility(post.visibility)],
        "sensitive": post.sensitive,
        "spoiler_text": post.spoiler_text,
        "media_attachments": [media_attachment(m) for m in post.media.all()],
        "application": None,
        "mentions": [mention(m.actor) for m in post.mentions.all()],
        "tags": [tag(t.name) for t in post.hashtags.all()],
        "emojis": [],
        "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
        "in_reply_to_account_id": (
            str(post.in_reply_to_account_id) if post.in_reply_to_account_id else None
        ),
        "poll": None,
        "card": None,
        "language": post.language or None,
        "text": None,
        "candela": {
            "visibility": post.visibility,
            "circle_id": str(post.circle_id) if post.circle_id else None,
        },
    }


def _stamp(version: datetime | None) -> int:
    return int(version.timestamp() * 1_000_000) if version is not None else 0


def _post_key(numbers: PostNumbers) -> str:
    return f"status:{numbers.id}:{_stamp(numbers.version)}"


def _account_key(numbers: AccountNumbers) -> str:
    return f"account:{numbers.id}:{_stamp(numbers.version)}"


def forget_local_parts() -> None:
    """Empties this process's copies of the parts (tests, with the shared cache's clear)."""
    _local_parts.clear()


def _cached_parts(keys: list[str]) -> dict[str, dict[str, Any]]:
    """The parts under `keys` that this process or, in one read, the shared cache holds."""
    found = {}
    for key in keys:
        # get(): another thread may empty the dict at any moment.
        part = _local_parts.get(key)
        if part is not None:
            found[key] = part
    if len(found) < len(keys):
        shared = cache.get_many([key for key in keys if key not in found])
        _keep_local(shared)
        found.update(shared)
    return found


def _keep_local(parts: dict[str, dict[str, Any]]) -> None:
    if len(_local_parts) + len(parts) > LOCAL_PARTS:
        _local_parts.clear()
    _local_parts.update(parts)


class _Parts(NamedTuple):
    by_post: dict[int, dict[str, Any]]
    by_account: dict[int, dict[str, Any]]


def _parts(everything: list[PostNumbers], loaded: dict[int, Post]) -> _Parts:
    """The parts of these statuses and of their accounts, by post id and by account id, from
    this process or one read of the shared cache, and for those missing, a fixed number of
    queries (none for posts in `loaded`)."""
    post_keys = {n.id: _post_key(n) for n in everything}
    account_keys = {n.author.id: _account_key(n.author) for n in everything}
    parts = _cached_parts([*post_keys.values(), *account_keys.values()])
    missing_posts = [post_id for post_id, key in post_keys.items() if key not in parts]
    missing_accounts = {a_id for a_id, key in account_keys.items() if key not in parts}
    if missing_posts or missing_accounts:
        unloaded = [post_id for post_id in missing_posts if post_id not in loaded]
        posts = {**loaded, **selectors.posts_by_id(unloaded)}
        fresh = {post_keys[post_id]: post_part(posts[post_id]) for post_id in missing_posts}
        actors = {post.author_id: post.author for post in posts.values()}
        actors.update(profiles.actors_by_id(missing_accounts - actors.keys()))
        fresh.update(
            {account_keys[a]: entities.account_profile(actors[a]) for a in missing_accounts}
        )
        cache.set_many(fresh, timeout=PART_CACHE_SECONDS)
        _keep_local(fresh)
        parts.update(fresh)
    return _Parts(
        {post_id: parts[key] for post_id, key in post_keys.items()},
        {account_id: parts[key] for account_id, key in account_keys.items()},
    )


def _compose(numbers: PostNumbers, parts: _Parts, viewer: Actor | None) -> dict[str, Any]:
    """Mastodon's Status: a boost is a status with `reblog` set and no content of its own."""
    data = dict(parts.by_post[numbers.id])
    counts = numbers.reaction_counts
    mine = numbers.viewer_reactions
    data.update(
        {
            "account": entities.with_counts(parts.by_account[numbers.author.id], numbers.author),
            "reblogs_count": numbers.reblogs_count,
            "favourites_count": numbers.favourites_count,
            "replies_count": numbers.replies_count,
            "reblog": (_compose(numbers.reblog, parts, viewer) if numbers.reblog else None),
            "candela": {
                **data["candela"],
                "reactions": [
                    {"name": name, "count": counts[name], "me": name in mine}
                    for name in EMOJI_NAMES
                ],
            },
        }
    )
    if viewer is not None:
        data.update(
            {
                "favourited": FAVOURITE in mine,
                "reblogged": numbers.is_reblogged,
                "muted": False,
                "bookmarked": False,
                "pinned": False,
                "filtered": [],
            }
        )
    return data


def statuses_for(
    page: list[PostNumbers], *, viewer: Actor | None, loaded: Iterable[Post] = ()
) -> list[dict[str, Any]]:
    """Statuses for a page, from its numbers (read fresh, the reader's own state included) and
    the parts that change only with an edit (cached): a fixed number of queries whatever the
    page holds, none once the parts are cached. `loaded`: posts already read, rendered
    without a query when not cached."""
    everything = [*page, *(n.reblog for n in page if n.reblog is not None)]
    parts = _parts(everything, {post.id: post for post in loaded})
    return [_compose(numbers, parts, viewer) for numbers in page]


def statuses(posts: Iterable[Post], *, viewer: Actor | None) -> list[dict[str, Any]]:
    """Statuses for posts read with `posts.selectors.with_related`."""
    posts = list(posts)
    prepare_accounts(posts)
    loaded = [*posts, *(p.reblog_of for p in posts if p.reblog_of is not None)]
    state = selectors.viewer_state_for(viewer, posts)
    numbers = [PostNumbers.of(post, state) for post in posts]
    return statuses_for(numbers, viewer=viewer, loaded=loaded)


def one_status(post: Post, *, viewer: Actor | None) -> dict[str, Any]:
    return statuses([post], viewer=viewer)[0]


def source(post: Post) -> dict[str, Any]:
    """StatusSource: the plain text for editing."""
    return {"id": str(post.id), "text": post.text, "spoiler_text": post.spoiler_text}


def status_edit(edit: PostEdit, post: Post) -> dict[str, Any]:
    return {
        "content": edit.content,
        "spoiler_text": edit.spoiler_text,
        "sensitive": edit.sensitive,
        "created_at": iso(edit.created_at),
        "account": entities.account(post.author),
        "poll": None,
        "media_attachments": [media_attachment(m) for m in post.media.all()],
        "emojis": [],
    }


def history(post: Post, edits: list[PostEdit]) -> list[dict[str, Any]]:
    """Every version, oldest first; an unedited post has one, its current text."""
    if not edits:
        edits = [
            PostEdit(
                post=post,
                text=post.text,
                content=post.content,
                spoiler_text=post.spoiler_text,
                sensitive=post.sensitive,
                created_at=post.created_at,
            )
        ]
    prepare_accounts([post])
    return [status_edit(edit, post) for edit in edits]


def context(thread: Thread, *, viewer: Actor | None) -> dict[str, Any]:
    ancestors = thread.ancestors
    descendants = thread.descendants()
    rendered = statuses([*ancestors, *descendants], viewer=viewer)
    return {"ancestors": rendered[: len(ancestors)], "descendants": rendered[len(ancestors) :]}
