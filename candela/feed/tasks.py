"""Background work of the feed: fan-out, trimming and removal of home timeline entries. Each
task takes ids and calls one service; they run in the embedded worker thread or on RQ, never on
the request path."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks import task

from candela.feed import services


@task()
def fan_out_post(*, post_id: int) -> None:
    if services.fan_out_post(post_id):
        # A task of its own, queued once the entries are committed: the post is in every feed
        # without waiting for the trim, which reads CANDELA_HOME_TIMELINE_LENGTH entries a feed.
        transaction.on_commit(partial(trim_after_fan_out.enqueue, post_id=post_id))


@task()
def trim_after_fan_out(*, post_id: int) -> None:
    services.trim_after_fan_out(post_id)


@task()
def remove_post(*, post_id: int, author_id: int | None = None) -> None:
    services.remove_post(post_id, author_id)


@task()
def announce_edit(*, post_id: int) -> None:
    services.announce_edit(post_id)


@task()
def backfill_followed_posts(*, follower_id: int, target_id: int) -> None:
    services.backfill_followed_posts(follower_id, target_id)


@task()
def remove_followed_posts(*, follower_id: int, target_id: int) -> None:
    services.remove_followed_posts(follower_id, target_id)


@task()
def remove_blocked(*, blocker_id: int, target_id: int) -> None:
    services.remove_blocked(blocker_id, target_id)


@task()
def remove_muted(*, muter_id: int, target_id: int) -> None:
    services.remove_author_from_home(muter_id, target_id)
