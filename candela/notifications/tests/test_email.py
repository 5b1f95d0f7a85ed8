"""The e-mail for a notification still unread after 15 minutes: only when due, unread and wanted,
in the recipient's language, once; deferred for real by the database task backend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from candela.graph import services as graph
from candela.notifications import services, tasks
from candela.notifications.models import Notification, NotificationKind
from candela.notifications.tests.conftest import Committed, MakeActor
from candela.posts import services as posts
from candela.posts.models import Visibility
from candela.profiles.models import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(make_actor: MakeActor) -> Actor:
    """Ada reads French: the e-mail must be in her language."""
    return make_actor("ada", language="fr")


def mention(author: Actor, committed: Committed, text: str = "Hello @ada") -> Notification:
    with committed():
        post = posts.publish_post(author, text=text, visibility=Visibility.PUBLIC)
    return Notification.objects.get(post=post)


def age(notification: Notification, minutes: int = 16) -> None:
    """Makes the notification `minutes` old, as if that much time had passed."""
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def run_email_task(notification: Notification, committed: Committed) -> None:
    with committed():
        tasks.email_notification.enqueue(notification_id=notification.id)


def test_no_email_goes_out_before_fifteen_minutes(ada, bob, committed):
    notification = mention(bob, committed)
    age(notification, minutes=14)
    run_email_task(notification, committed)
    assert mail.outbox == []


def test_an_unread_mention_is_emailed_once_in_the_recipients_language(ada, bob, committed):
    notification = mention(bob, committed, "Hello @ada, are you coming on Friday?")
    assert mail.outbox == []  # the immediate backend ran the task at once: too early
    age(notification)
    run_email_task(notification, committed)
    run_email_task(notification, committed)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "bob vous a mentionné"
    assert "bob (@bob@" in message.body
    assert "vous a mentionné dans une publication\u00a0:" in message.body
    assert "are you coming on Friday?" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_reply_is_emailed_in_english_to_an_english_speaker(bob, make_actor, committed):
    cy = make_actor("cy", language="en")
    with committed():
        original = posts.publish_post(cy, text="Question", visibility=Visibility.PUBLIC)
        posts.publish_post(
            bob, text="Answer", visibility=Visibility.PUBLIC, in_reply_to_id=original.id
        )
    notification = Notification.objects.get(recipient=cy)
    age(notification)
    run_email_task(notification, committed)
    assert [m.subject for m in mail.outbox] == ["bob replied to your post"]


def test_a_notification_read_in_time_is_not_emailed(ada, bob, committed):
    notification = mention(bob, committed)
    services.mark_read(ada, notification_id=notification.id)
    age(notification)
    run_email_task(notification, committed)
    assert mail.outbox == []


def test_the_recipients_settings_decide_which_kinds_are_emailed(ada, bob, committed):
    services.set_email_kinds(ada, kinds=[NotificationKind.FOLLOW])
    notification = mention(bob, committed)
    age(notification)
    run_email_task(notification, committed)
    assert mail.outbox == []
    with committed():
        graph.follow(bob, target=ada)
    follow = Notification.objects.get(kind=NotificationKind.FOLLOW)
    age(follow)
    run_email_task(follow, committed)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nouvelle notification de bob sur Candela"


def test_a_deleted_post_sends_no_email(ada, bob, committed):
    notification = mention(bob, committed)
    age(notification)
    with committed():
        posts.delete_post(bob, post_id=notification.post_id)
    run_email_task(notification, committed)
    assert mail.outbox == []


def test_the_immediate_test_backend_cannot_defer_a_task():
    # So the service queues the e-mail task without `run_after` there, and the task declines.
    assert tasks.email_notification.get_backend().supports_defer is False


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_backend_runs_the_email_task_only_after_fifteen_minutes(
    ada, bob, committed, monkeypatch
):
    # The worker drops "old" connections between tasks; inside a test's transaction that would
    # close the test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    with committed():
        posts.publish_post(bob, text="Hello @ada", visibility=Visibility.PUBLIC)

    def work() -> None:
        with committed():
            call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*")

    work()  # creates the notification, which queues its e-mail for later
    notification = Notification.objects.get(recipient=ada)
    queued = DBTaskResult.objects.get(task_path="candela.notifications.tasks.email_notification")
    assert queued.run_after == notification.created_at + services.EMAIL_DELAY
    work()
    assert mail.outbox == []
    # A quarter of an hour later:
    age(notification)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    work()
    work()  # the e-mail itself is a task too
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "bob vous a mentionné"
