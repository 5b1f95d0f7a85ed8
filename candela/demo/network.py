"""The demo community's network, made through the graph's services: colleagues and neighbours
connected, a few one-way follows, a locked account with a follow request waiting, connection
requests waiting with a note in the asker's language, and circles named in the owner's.

Every step first looks at what exists, so running the demo again creates nothing new.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from candela.graph import services
from candela.graph.models import Circle, Connection
from candela.profiles.models import Actor
from candela.profiles.services import update_profile

# Colleagues (same company, now or before), neighbours and people who share a trade.
CONNECTIONS = [
    ("ada", "camille"),  # Lumen Labs
    ("ada", "jonas"),  # Lumen Labs
    ("camille", "jonas"),  # Lumen Labs
    ("tomh", "ada"),  # once Lumen Labs
    ("aino", "ada"),  # her internship at Lumen Labs
    ("aino", "jonas"),
    ("priya_r", "ada"),  # both in Python and data in the UK
    ("tomh", "priya_r"),
    ("julien_m", "tomh"),  # designers
    ("julien_m", "camille"),  # Lyon, Atelier Lune
    ("nadia", "camille"),
    ("nadia", "julien_m"),
    ("nadia", "felix"),  # once Nordwind Energie
    ("mikko_l", "felix"),  # Nordwind Energie
    ("nadia", "mikko_l"),
    ("aino", "mikko_l"),  # Finland
    ("aino", "felix"),  # Python
    ("priya_r", "felix"),  # data
    ("giulia", "marco_rinaldi"),  # Trama Digitale
    ("chiara", "giulia"),
    ("chiara", "marco_rinaldi"),
    ("marco_rinaldi", "felix"),  # dashboards
    ("tomh", "giulia"),  # user research; Tom is learning Italian
    ("chiara", "lena_h"),  # Stadtteilwerk München
    ("lena_h", "jonas"),
    ("lena_h", "felix"),
]

# Waiting for an answer, with a note in the asker's own language.
CONNECTION_REQUESTS = [
    (
        "giulia",
        "ada",
        "Ciao Ada! Ho visto il tuo intervento sulle community a PyCon: "
        "mi piacerebbe restare in contatto.",
    ),
    (
        "mikko_l",
        "jonas",
        "Hei Jonas! Aino kertoi, että tunnet Kubernetesin läpikotaisin. Verkostoidutaanko?",
    ),
    (
        "lena_h",
        "nadia",
        "Hallo Nadia, wir planen Solarmodule fürs Repair-Café. Darf ich dich dazu mal ausfragen?",
    ),
]

# One-way follows (a follow of the locked account stays a request).
FOLLOWS = [
    ("giulia", "julien_m"),
    ("chiara", "ada"),
    ("mikko_l", "camille"),
    ("jonas", "felix"),
    ("nadia", "lena_h"),
    ("marco_rinaldi", "ada"),
    ("tomh", "lena_h"),
    ("priya_r", "aino"),
    ("giulia", "priya_r"),
]

LOCKED = "priya_r"

# Circles, named in the owner's language; members are people the owner follows.
CIRCLES = [
    ("ada", "Lumen Labs", ["camille", "jonas", "aino"]),
    ("camille", "Lyon", ["julien_m"]),
    ("nadia", "Énergie", ["felix", "mikko_l"]),
]


def populate_network() -> None:
    """Builds the network among the demo people who exist; steps already done are skipped."""
    actors = {a.username: a for a in Actor.objects.filter(local=True, deleted_at__isnull=True)}
    with transaction.atomic():
        locked = actors.get(LOCKED)
        if locked is not None and not locked.is_locked:
            update_profile(locked, is_locked=True)
        for requester, recipient in CONNECTIONS:
            if _both(actors, requester, recipient) and not _paired(
                actors[requester], actors[recipient]
            ):
                request = services.request_connection(
                    actors[requester], recipient=actors[recipient]
                )
                services.accept_connection(actors[recipient], connection_id=request.id)
        for requester, recipient, note in CONNECTION_REQUESTS:
            if _both(actors, requester, recipient) and not _paired(
                actors[requester], actors[recipient]
            ):
                services.request_connection(
                    actors[requester], recipient=actors[recipient], note=note
                )
        for follower, target in FOLLOWS:
            if _both(actors, follower, target):
                services.follow(actors[follower], target=actors[target])
        for owner, name, members in CIRCLES:
            if owner not in actors:
                continue
            circle = Circle.objects.filter(owner=actors[owner], name=name).first()
            if circle is None:
                circle = services.create_circle(actors[owner], name=name)
            services.add_circle_members(
                actors[owner],
                circle_id=circle.id,
                actor_ids=[actors[m].id for m in members if m in actors],
            )


def _both(actors: dict[str, Actor], a: str, b: str) -> bool:
    return a in actors and b in actors


def _paired(a: Actor, b: Actor) -> bool:
    return Connection.objects.filter(
        Q(requester=a, recipient=b) | Q(requester=b, recipient=a)
    ).exists()
