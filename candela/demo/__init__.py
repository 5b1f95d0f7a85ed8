"""`candela demo`: a small, living community so that a new server has something to show."""

from __future__ import annotations

from django.db import transaction

from candela.accounts.models import User
from candela.accounts.services import create_user
from candela.demo.network import populate_network
from candela.demo.people import PEOPLE
from candela.demo.posts import populate_posts
from candela.profiles.services import PositionInput, update_profile


def populate(*, password: str) -> int:
    """Creates the demo people who do not exist yet; returns how many were created."""
    created = 0
    for person in PEOPLE:
        if User.objects.filter(username__iexact=person["username"]).exists():
            continue
        with transaction.atomic():
            user = create_user(
                username=person["username"],
                email=f"{person['username']}@example.org",
                password=password,
                language=person["language"],
            )
            update_profile(
                user.actor,
                display_name=person["display_name"],
                bio=person["bio"],
                location=person["location"],
                languages=person["languages"],
                skills=person["skills"],
                positions=[PositionInput(**p) for p in person["positions"]],
            )
        created += 1
    populate_network()
    populate_posts()
    return created
