"""Receivers of the graph's and the posts' signals (sent once a change has committed, with ids):
each queues the task that creates or removes notifications, off the request path."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from candela.graph import signals as graph_signals
from candela.notifications import tasks
from candela.posts import signals as posts_signals
from candela.posts.models import PostEdit


@receiver(graph_signals.follow_created)
def on_follow_created(sender: Any, *, follower_id: int, target_id: int, **kwargs: Any) -> None:
    tasks.notify_follow.enqueue(follower_id=follower_id, target_id=target_id)


@receiver(graph_signals.follow_requested)
def on_follow_requested(sender: Any, *, follower_id: int, target_id: int, **kwargs: Any) -> None:
    tasks.notify_follow.enqueue(follower_id=follower_id, target_id=target_id, requested=True)


@receiver(graph_signals.connection_requested)
def on_connection_requested(sender: Any, *, connection_id: int, **kwargs: Any) -> None:
    tasks.notify_connection.enqueue(connection_id=connection_id, accepted=False)


@receiver(graph_signals.connection_accepted)
def on_connection_accepted(sender: Any, *, connection_id: int, **kwargs: Any) -> None:
    tasks.notify_connection.enqueue(connection_id=connection_id, accepted=True)


@receiver(graph_signals.blocked)
def on_blocked(sender: Any, *, blocker_id: int, target_id: int, **kwargs: Any) -> None:
    tasks.remove_between.enqueue(actor_id=blocker_id, other_id=target_id)


@receiver(posts_signals.post_published)
def on_post_published(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    tasks.notify_post_published.enqueue(post_id=post_id)


@receiver(posts_signals.post_edited)
def on_post_edited(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    # The edit has just committed, so its own version is the newest: mentions it added were
    # created after that version's row and carry larger (time-ordered) ids. Read now, not in
    # the task, which may run after a further edit.
    version_id = (
        PostEdit.objects.filter(post_id=post_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    tasks.notify_post_edited.enqueue(post_id=post_id, mentions_after_id=version_id or 0)


@receiver(posts_signals.post_deleted)
def on_post_deleted(sender: Any, *, post_id: int, **kwargs: Any) -> None:
    tasks.remove_for_post.enqueue(post_id=post_id)


@receiver(posts_signals.post_reacted)
def on_post_reacted(sender: Any, *, post_id: int, actor_id: int, kind: str, **kwargs: Any) -> None:
    tasks.notify_reaction.enqueue(post_id=post_id, actor_id=actor_id, kind=kind)
