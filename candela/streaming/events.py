"""What an event on a channel becomes for the readers listening to it: who may receive it
now, and the payload each receives. Runs in a worker thread (it reads the database), once per
event and process, whatever the number of readers.

Audience: posts through `posts.selectors.audience_among` (the rule every read applies),
notifications through `notifications.selectors.get_notification_for`, deletions to those not
on either side of a block with the author (a deletion reveals only an id, and only to
streams the post was published on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.db import close_old_connections
from django.http import Http404

from candela.api.mastodon.notifications import notification_entities
from candela.api.mastodon.status_entities import statuses
from candela.graph import selectors as graph
from candela.notifications import selectors as notifications
from candela.posts import selectors as posts
from candela.posts.models import Post
from candela.profiles.models import Actor

Reader = int | None


@dataclass
class Resolved:
    """An event ready to deliver: `payloads` by reader, or under None for everyone."""

    event: str
    readers: set[Reader]
    payloads: dict[Reader, str] = field(default_factory=dict)
    author_id: int | None = None
    has_media: bool = False
    circle_members: dict[int, set[int]] = field(default_factory=dict)

    def payload_for(self, reader: Reader) -> str:
        return self.payloads.get(reader) or self.payloads[None]


def _json(data: Any) -> str:
    return orjson.dumps(data).decode()


def _status_event(
    event: str, post_id: int, readers: set[Reader], personal: bool, hide_muted: bool
) -> Resolved | None:
    allowed = posts.audience_among(post_id, readers, hide_muted=hide_muted)
    if not allowed:
        return None
    post = posts.with_related(Post.objects.filter(pk=post_id)).first()
    if post is None:
        return None
    resolved = Resolved(event, allowed, author_id=post.author_id)
    resolved.has_media = bool(post.media.all() or (post.reblog_of and post.reblog_of.media.all()))
    # A personal stream shows the reader's own favourite and boost; the others, the post as
    # anyone sees it.
    for reader in allowed if personal else [None]:
        viewer = Actor(id=reader) if reader is not None else None
        resolved.payloads[reader] = _json(statuses([post], viewer=viewer)[0])
    return resolved


def _thread_event(event: str, post_id: int, readers: set[Reader]) -> Resolved | None:
    allowed = posts.audience_among(post_id, readers)
    if not allowed:
        return None
    return Resolved(event, allowed, payloads={None: _json({"id": str(post_id)})})


def _notification_event(
    notification_id: int, recipient_id: int, readers: set[Reader]
) -> Resolved | None:
    if recipient_id not in readers:
        return None
    recipient = Actor.objects.filter(pk=recipient_id).first()
    if recipient is None:
        return None
    try:
        notification = notifications.get_notification_for(recipient, notification_id)
    except Http404:
        return None
    payload = _json(notification_entities([notification], viewer=recipient)[0])
    return Resolved("notification", {recipient_id}, payloads={None: payload})


def _delete_event(post_id: int, author_id: int, readers: set[Reader]) -> Resolved:
    shunned = graph.blocked_ids(Actor(id=author_id))
    return Resolved("delete", readers - shunned, payloads={None: str(post_id)}, author_id=author_id)


def resolve(
    message: dict[str, Any],
    readers: Iterable[Reader],
    *,
    personal: bool,
    hide_muted: bool,
    circle_ids: Iterable[int] = (),
) -> Resolved | None:
    """The event `message` for `readers` (actor ids, None for anonymous ones); None when none
    of them may receive it or it is no longer there."""
    close_old_connections()
    wanted = set(readers)
    event = message.get("event")
    resolved: Resolved | None
    if event in {"update", "status.update"}:
        resolved = _status_event(event, int(message["post_id"]), wanted, personal, hide_muted)
    elif event in {"candela.comment", "candela.reactions"}:
        resolved = _thread_event(event, int(message["post_id"]), wanted)
    elif event == "notification":
        resolved = _notification_event(
            int(message["notification_id"]), int(message["recipient_id"]), wanted
        )
    elif event == "delete":
        resolved = _delete_event(int(message["post_id"]), int(message["author_id"]), wanted)
    else:
        return None
    if resolved is not None:
        for circle_id in circle_ids:
            resolved.circle_members[circle_id] = graph.circle_member_ids(circle_id)
    return resolved
