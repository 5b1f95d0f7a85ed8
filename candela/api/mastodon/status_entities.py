"""Maps posts to Mastodon's Status, MediaAttachment, Mention, Tag, StatusEdit, StatusSource
and Context entities, field by field as docs.joinmastodon.org describes them.

Candela's own additions sit under `candela` (the visibility Candela really uses, the circle,
emoji reactions), so that Mastodon clients see only what they know.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from candela.api.mastodon import entities
from candela.graph import selectors as graph
from candela.posts import selectors
from candela.posts.models import MediaAttachment, Post, PostEdit, ReactionKind, Visibility
from candela.posts.rendering import hashtag_url
from candela.posts.selectors import Thread, ViewerState
from candela.profiles.models import Actor

# Mastodon's visibilities; Candela's `connections` and `circle` read as `private` to clients
# that know only Mastodon's four.
MASTODON_VISIBILITY = {
    Visibility.PUBLIC: "public",
    Visibility.UNLISTED: "unlisted",
    Visibility.CONNECTIONS: "private",
    Visibility.CIRCLE: "private",
    Visibility.DIRECT: "direct",
}


COUNT_ATTRIBUTES = ("followers_count", "following_count", "statuses_count", "last_status_at")


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
    """Attaches the counts every Account in these posts shows, in a fixed number of queries.

    Each row of a page holds its own instance of an author, so every instance gets them.
    """
    instances: list[Actor] = []
    for post in posts:
        instances.append(post.author)
        if post.reblog_of is not None:
            instances.append(post.reblog_of.author)
    unique = list({actor.id: actor for actor in instances}.values())
    graph.attach_follow_counts(unique)
    selectors.attach_status_stats(unique)
    by_id = {actor.id: actor for actor in unique}
    for actor in instances:
        source = by_id[actor.id]
        for name in COUNT_ATTRIBUTES:
            setattr(actor, name, getattr(source, name))


def status(post: Post, state: ViewerState, *, viewer: Actor | None) -> dict[str, Any]:
    """Mastodon's Status: a boost is a status with `reblog` set and no content of its own."""
    reblog = status(post.reblog_of, state, viewer=viewer) if post.reblog_of is not None else None
    counts = state.counts_of(post)
    data: dict[str, Any] = {
        "id": str(post.id),
        "uri": post.uri,
        "url": post.url or None,
        "created_at": iso(post.created_at),
        "edited_at": iso(post.edited_at),
        "account": entities.account(post.author),
        "content": post.content,
        "visibility": MASTODON_VISIBILITY[Visibility(post.visibility)],
        "sensitive": post.sensitive,
        "spoiler_text": post.spoiler_text,
        "media_attachments": [media_attachment(m) for m in post.media.all()],
        "application": None,
        "mentions": [mention(m.actor) for m in post.mentions.all()],
        "tags": [tag(t.name) for t in post.hashtags.all()],
        "emojis": [],
        "reblogs_count": post.reblogs_count,
        "favourites_count": post.favourites_count,
        "replies_count": post.replies_count,
        "in_reply_to_id": str(post.in_reply_to_id) if post.in_reply_to_id else None,
        "in_reply_to_account_id": (
            str(post.in_reply_to_account_id) if post.in_reply_to_account_id else None
        ),
        "reblog": reblog,
        "poll": None,
        "card": None,
        "language": post.language or None,
        "text": None,
        "candela": {
            "visibility": post.visibility,
            "circle_id": str(post.circle_id) if post.circle_id else None,
            "reactions": [
                {
                    "name": kind.value,
                    "count": counts.get(kind.value, 0),
                    "me": kind.value in state.kinds_of(post),
                }
                for kind in ReactionKind
                if kind != ReactionKind.FAVOURITE
            ],
        },
    }
    if viewer is not None:
        data.update(
            {
                "favourited": state.has_favourited(post),
                "reblogged": state.has_reblogged(post),
                "muted": False,
                "bookmarked": False,
                "pinned": False,
                "filtered": [],
            }
        )
    return data


def statuses(posts: Iterable[Post], *, viewer: Actor | None) -> list[dict[str, Any]]:
    """Statuses for a page of posts: a fixed number of queries whatever the page holds."""
    posts = list(posts)
    prepare_accounts(posts)
    state = selectors.viewer_state_for(viewer, posts)
    return [status(post, state, viewer=viewer) for post in posts]


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
