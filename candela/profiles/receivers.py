"""Listens to the `candela.accounts.signals` to keep actors in step with users."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from candela.accounts.models import User
from candela.accounts.signals import user_created, user_deleting
from candela.profiles import services


@receiver(user_created)
def create_actor_for_new_user(sender: type[User], user: User, **kwargs: Any) -> None:
    services.create_local_actor(user)


@receiver(user_deleting)
def tombstone_actor_of_deleted_user(sender: type[User], user: User, **kwargs: Any) -> None:
    actor = getattr(user, "actor", None)
    if actor is not None:
        services.tombstone_actor(actor)
