"""Stream names, as clients ask for them, mapped to the channels services publish on.

Mastodon's streams (docs.joinmastodon.org/methods/streaming/) plus the web UI's own:
`candela.thread` (a post's page: new comments, reactions, edits and deletions in its thread).
All posts are local until federation arrives, so `public` and `public:local` carry the same
posts and `public:remote` none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from candela.posts.selectors import parse_id

PERSONAL_EVENTS = frozenset(
    {"update", "notification", "delete", "status.update", "filters_changed"}
)
TIMELINE_EVENTS = frozenset({"update", "delete", "status.update"})
THREAD_EVENTS = frozenset({"candela.comment", "candela.reactions", "delete", "status.update"})


class StreamError(Exception):
    """A stream that cannot be opened: unknown, malformed, or not for this reader. `status` is
    the HTTP status Mastodon answers with (SSE) or puts in its error message (WebSocket)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Stream:
    """One stream a connection reads: `name` as events name it (`["hashtag", "cats"]`), the
    channel it listens to, the events it passes on and the filters it applies."""

    name: tuple[str, ...]
    channel: str
    events: frozenset[str]
    # Statuses rendered for the reader (their own favourites and boosts) rather than once for
    # everyone: streams whose channel is one reader's.
    personal: bool = False
    only_media: bool = False
    # Posts whose author is in this circle (Mastodon's list timeline).
    circle_id: int | None = None
    # Timelines leave out posts of authors the reader mutes; a thread page does not.
    hides_muted: bool = True


def _tag(value: str | None) -> str:
    tag = (value or "").strip().lstrip("#").lower()
    if not tag:
        raise StreamError(_("Missing tag name parameter"), 400)
    return tag


def _number(value: str | None, message: str) -> int:
    number = parse_id(value or "")
    if number is None:
        raise StreamError(message, 400)
    return number


def parse(name: str, params: dict[str, str], actor_id: int | None) -> Stream:
    """The stream `name` with its parameters (`tag`, `list`, `post`) for a reader (`actor_id`,
    None when anonymous). Raises StreamError for an unknown name, a missing parameter, or a
    personal stream asked for without a signed-in reader. Whether a list or a post may be
    read is checked by the caller (it needs the database)."""
    public = {
        "public": False,
        "public:local": False,
        "public:media": True,
        "public:local:media": True,
    }
    if name in public:
        return Stream((name,), "timeline:public", TIMELINE_EVENTS, only_media=public[name])
    if name in {"public:remote", "public:remote:media"}:
        return Stream((name,), "timeline:public:remote", TIMELINE_EVENTS)
    if name in {"hashtag", "hashtag:local"}:
        tag = _tag(params.get("tag"))
        return Stream((name, tag), f"timeline:hashtag:{tag}", TIMELINE_EVENTS)
    if name == "candela.thread":
        post_id = _number(params.get("post"), _("Missing or malformed post parameter"))
        return Stream((name, str(post_id)), f"thread:{post_id}", THREAD_EVENTS, hides_muted=False)
    if name not in {"user", "user:notification", "list", "direct"}:
        raise StreamError(_("Unknown stream type"), 400)
    if actor_id is None:
        raise StreamError(_("This stream requires an authenticated user"), 401)
    if name == "user":
        return Stream((name,), f"timeline:{actor_id}", PERSONAL_EVENTS, personal=True)
    if name == "user:notification":
        return Stream((name,), f"timeline:{actor_id}", frozenset({"notification"}), personal=True)
    if name == "direct":
        return Stream(
            (name,), f"timeline:direct:{actor_id}", frozenset({"conversation"}), personal=True
        )
    circle_id = _number(params.get("list"), _("Missing or malformed list parameter"))
    return Stream(
        (name, str(circle_id)),
        f"timeline:{actor_id}",
        TIMELINE_EVENTS,
        personal=True,
        circle_id=circle_id,
    )
