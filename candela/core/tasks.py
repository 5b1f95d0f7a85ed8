"""Background tasks with no domain: sending an e-mail that a service has already rendered."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
