"""The graph's id-set selectors: the contract the posts and feed apps build audience rules on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from django.utils import timezone

from candela.graph import selectors, services
from candela.profiles.models import Actor

MakeActor = Callable[..., Actor]


def test_following_and_follower_ids_list_accepted_follows_only(make_actor: MakeActor) -> None:
    ada, bob, locked = make_actor("ada"), make_actor("bob"), make_actor("cy", is_locked=True)
    services.follow(ada, target=bob)
    services.follow(ada, target=locked)

    assert selectors.following_ids(ada) == {bob.id}
    assert selectors.follower_ids(bob) == {ada.id}
    assert selectors.follower_ids(locked) == set()
    assert selectors.is_following(ada, bob)
    assert not selectors.is_following(bob, ada)


def test_connection_ids_are_mutual_and_exclude_pending_requests(make_actor: MakeActor) -> None:
    ada, bob, cy = make_actor("ada"), make_actor("bob"), make_actor("cy")
    request = services.request_connection(ada, recipient=bob, note="Hi")
    services.request_connection(ada, recipient=cy)
    services.accept_connection(bob, connection_id=request.id)

    assert selectors.connection_ids(ada) == {bob.id}
    assert selectors.connection_ids(bob) == {ada.id}
    assert selectors.connection_ids(cy) == set()
    assert selectors.are_connected(bob, ada)
    assert not selectors.are_connected(ada, cy)


def test_blocked_ids_hold_both_directions(make_actor: MakeActor) -> None:
    ada, bob, cy = make_actor("ada"), make_actor("bob"), make_actor("cy")
    services.block(ada, target=bob)
    services.block(cy, target=ada)

    assert selectors.blocked_ids(ada) == {bob.id, cy.id}
    assert selectors.blocked_ids(bob) == {ada.id}
    assert selectors.is_blocked_either_way(bob, ada)
    assert not selectors.is_blocked_either_way(bob, cy)


def test_muted_ids_forget_expired_mutes(make_actor: MakeActor) -> None:
    ada, bob, cy = make_actor("ada"), make_actor("bob"), make_actor("cy")
    services.mute(ada, target=bob, duration=timedelta(hours=1))
    services.mute(ada, target=cy)
    assert selectors.muted_ids(ada) == {bob.id, cy.id}

    later = timezone.now() + timedelta(hours=1, seconds=1)
    with mock.patch.object(timezone, "now", return_value=later):
        assert selectors.muted_ids(ada) == {cy.id}


def test_circle_members_are_read_only_through_the_owner(make_actor: MakeActor) -> None:
    ada, bob = make_actor("ada"), make_actor("bob")
    services.follow(ada, target=bob)
    circle = services.create_circle(ada, name="Climbing")
    services.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])

    assert selectors.circle_member_ids(circle.id) == {bob.id}
    assert selectors.get_circle_for(ada, circle.id) == circle
    with pytest.raises(Http404):
        selectors.get_circle_for(bob, circle.id)
