"""Background work of the feed: fan-out and removal of home timeline entries. Each task takes
ids and calls one service; they run in the embedded worker thread or on RQ, never on the
request path."""

from __future__ import annotations

from django_tasks import task

from candela.feed import services


@task()
def fan_out_post(*, post_id: int) -> None:
    services.fan_out_post(post_id)


@task()
def remove_post(*, post_id: int) -> None:
    services.remove_post(post_id)


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
