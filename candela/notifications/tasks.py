"""Background work for notifications: each task takes ids and calls a service."""

from __future__ import annotations

from django_tasks import task

from candela.notifications import services


@task()
def notify_follow(*, follower_id: int, target_id: int, requested: bool = False) -> None:
    services.notify_follow(follower_id=follower_id, target_id=target_id, requested=requested)


@task()
def notify_connection(*, connection_id: int, accepted: bool) -> None:
    services.notify_connection(connection_id=connection_id, accepted=accepted)


@task()
def notify_post_published(*, post_id: int) -> None:
    services.notify_post_published(post_id=post_id)


@task()
def notify_post_edited(*, post_id: int, mentions_after_id: int = 0) -> None:
    services.notify_post_edited(post_id=post_id, mentions_after_id=mentions_after_id)


@task()
def notify_reaction(*, post_id: int, actor_id: int, kind: str) -> None:
    services.notify_reaction(post_id=post_id, actor_id=actor_id, kind=kind)


@task()
def remove_for_post(*, post_id: int) -> None:
    services.remove_for_post(post_id=post_id)


@task()
def remove_between(*, actor_id: int, other_id: int) -> None:
    services.remove_between(actor_id=actor_id, other_id=other_id)


@task()
def email_notification(*, notification_id: int) -> None:
    services.email_notification(notification_id=notification_id)
