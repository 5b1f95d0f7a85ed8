"""Listens to the posts and graph signals (sent after commit, with ids) and queues the feed
tasks that keep home timelines in step."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from candela.feed import tasks
from candela.graph import signals as graph
from candela.posts import signals as posts


@receiver(posts.post_published, dispatch_uid="feed_fan_out")
def on_post_published(*, post_id: int, **_: Any) -> None:
    tasks.fan_out_post.enqueue(post_id=post_id)


@receiver(posts.post_deleted, dispatch_uid="feed_remove_post")
def on_post_deleted(*, post_id: int, author_id: int, **_: Any) -> None:
    tasks.remove_post.enqueue(post_id=post_id, author_id=author_id)


@receiver(posts.post_edited, dispatch_uid="feed_announce_edit")
def on_post_edited(*, post_id: int, **_: Any) -> None:
    tasks.announce_edit.enqueue(post_id=post_id)


@receiver(graph.follow_created, dispatch_uid="feed_backfill")
def on_follow_created(*, follower_id: int, target_id: int, **_: Any) -> None:
    tasks.backfill_followed_posts.enqueue(follower_id=follower_id, target_id=target_id)


@receiver(graph.follow_removed, dispatch_uid="feed_unfollow")
def on_follow_removed(*, follower_id: int, target_id: int, **_: Any) -> None:
    tasks.remove_followed_posts.enqueue(follower_id=follower_id, target_id=target_id)


@receiver(graph.blocked, dispatch_uid="feed_blocked")
def on_blocked(*, blocker_id: int, target_id: int, **_: Any) -> None:
    tasks.remove_blocked.enqueue(blocker_id=blocker_id, target_id=target_id)


@receiver(graph.muted, dispatch_uid="feed_muted")
def on_muted(*, muter_id: int, target_id: int, **_: Any) -> None:
    tasks.remove_muted.enqueue(muter_id=muter_id, target_id=target_id)
