"""Queries compiled once and run again with other values read what the ORM would read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from candela.core.compiled import compiled_objects, compiled_rows
from candela.profiles.models import Actor, Position


def _positions(company: str, actor: int) -> QuerySet[Position]:
    return Position.objects.select_related("actor").filter(company=company, actor_id=actor)


def _actors(ids: list[int]) -> QuerySet[Any]:
    return Actor.objects.filter(pk__in=ids).order_by("id").values("id", "username")


def test_each_run_binds_its_own_values_and_builds_related_objects(
    make_actor: Callable[..., Actor],
) -> None:
    ada, bob = make_actor("ada"), make_actor("bob")
    Position.objects.create(actor=ada, company="Acme", title="Engineer")
    Position.objects.create(actor=bob, company="Acme", title="Designer")
    Position.objects.create(actor=bob, company="Initech", title="Boss")
    for actor, title in ((ada, "Engineer"), (bob, "Designer")):
        (found,) = compiled_objects("positions", _positions, company="Acme", actor=actor.id)
        assert found.title == title
        assert found.actor.username == actor.username  # select_related, no extra query
    assert compiled_objects("positions", _positions, company="Nowhere", actor=ada.id) == []


def test_a_list_s_length_is_part_of_the_shape(make_actor: Callable[..., Actor]) -> None:
    people = [make_actor(name) for name in ("ada", "bob", "cy")]
    ids = [person.id for person in people]
    one = compiled_rows("actors", _actors, ids=ids[:1])
    three = compiled_rows("actors", _actors, ids=ids)
    assert [row["username"] for row in one] == ["ada"]
    assert sorted(row["username"] for row in three) == ["ada", "bob", "cy"]
