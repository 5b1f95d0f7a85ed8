"""Which live channels (see candela.core.realtime) hear of a post being published, edited,
reacted to or deleted. The services call these inside their transaction; the events leave
once it commits. Home feeds hear of posts through the feed's fan-out, not from here.

- `timeline:public` and `timeline:hashtag:<tag>`: public posts that are not boosts (as on
  Mastodon, boosts stay out of public timelines);
- `thread:<root id>`: everything that changes a thread's page (replies, reactions, edits,
  deletions).
"""

from __future__ import annotations

from candela.core import realtime
from candela.posts.models import Post, Visibility


def _public_channels(post: Post) -> list[str]:
    if post.visibility != Visibility.PUBLIC or post.reblog_of_id is not None:
        return []
    tags = {name.lower() for name in post.hashtags.values_list("name", flat=True)}
    return ["timeline:public", *(f"timeline:hashtag:{tag}" for tag in sorted(tags))]


def _thread_channel(post: Post) -> str:
    return f"thread:{post.thread_root_id or post.id}"


def published(post: Post) -> None:
    # The thread first: its few readers should not wait behind a public timeline's many.
    if post.in_reply_to_id is not None:
        realtime.publish([_thread_channel(post)], "candela.comment", post_id=post.id)
    realtime.publish(_public_channels(post), "update", post_id=post.id)


def edited(post: Post) -> None:
    realtime.publish(
        [*_public_channels(post), _thread_channel(post)], "status.update", post_id=post.id
    )


def deleted(post: Post) -> None:
    """Before the post loses its hashtags: they name the channels that showed it."""
    channels = [*_public_channels(post), _thread_channel(post)]
    realtime.publish(channels, "delete", post_id=post.id, author_id=post.author_id)


def reacted(post: Post) -> None:
    realtime.publish([_thread_channel(post)], "candela.reactions", post_id=post.id)
