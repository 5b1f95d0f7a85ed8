"""The graph's services: what each one writes, and what it refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from candela.graph import selectors, services, signals
from candela.graph.models import (
    Block,
    Circle,
    CircleMember,
    Connection,
    Follow,
    FollowRequest,
    Mute,
)
from candela.profiles.models import Actor

MakeActor = Callable[..., Actor]


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return str(error.value.code or "")


# Follows


def test_following_an_open_account_follows_it_at_once(ada: Actor, bob: Actor) -> None:
    row = services.follow(ada, target=bob)

    assert isinstance(row, Follow)
    assert selectors.is_following(ada, bob)


def test_following_a_locked_account_asks_first(ada: Actor, make_actor: MakeActor) -> None:
    locked = make_actor("locked", is_locked=True)

    row = services.follow(ada, target=locked)

    assert isinstance(row, FollowRequest)
    assert not selectors.is_following(ada, locked)


def test_following_twice_keeps_one_follow_and_updates_boosts(ada: Actor, bob: Actor) -> None:
    services.follow(ada, target=bob)
    services.follow(ada, target=bob, show_boosts=False)

    assert Follow.objects.filter(follower=ada, target=bob).get().show_boosts is False


def test_nobody_can_follow_themselves(ada: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        services.follow(ada, target=ada)

    assert refusal(error) == "self"


@pytest.mark.parametrize("who_blocks", ["follower", "target"])
def test_a_block_either_way_stops_a_follow(ada: Actor, bob: Actor, who_blocks: str) -> None:
    if who_blocks == "follower":
        services.block(ada, target=bob)
    else:
        services.block(bob, target=ada)

    with pytest.raises(ValidationError) as error:
        services.follow(ada, target=bob)

    assert refusal(error) == "blocked"
    assert not Follow.objects.exists()


def test_the_database_refuses_a_self_follow_written_behind_the_services_back(
    ada: Actor,
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(follower=ada, target=ada)


def test_unfollowing_ends_the_follow_and_withdraws_requests(
    ada: Actor, bob: Actor, make_actor: MakeActor
) -> None:
    locked = make_actor("locked", is_locked=True)
    services.follow(ada, target=bob)
    services.follow(ada, target=locked)

    services.unfollow(ada, target=bob)
    services.unfollow(ada, target=locked)

    assert not Follow.objects.exists()
    assert not FollowRequest.objects.exists()


def test_unfollowing_a_connection_ends_the_connection_but_not_their_follow(
    ada: Actor, bob: Actor
) -> None:
    request = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=request.id)

    services.unfollow(ada, target=bob)

    assert not selectors.are_connected(ada, bob)
    assert selectors.is_following(bob, ada)


def test_unfollowing_takes_the_account_out_of_my_circles(ada: Actor, bob: Actor) -> None:
    services.follow(ada, target=bob)
    circle = services.create_circle(ada, name="Friends")
    services.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])

    services.unfollow(ada, target=bob)

    assert selectors.circle_member_ids(circle.id) == set()


def test_a_locked_account_authorizes_a_request(ada: Actor, make_actor: MakeActor) -> None:
    locked = make_actor("locked", is_locked=True)
    services.follow(ada, target=locked)

    services.authorize_follow_request(locked, follower=ada)

    assert selectors.is_following(ada, locked)
    assert not FollowRequest.objects.exists()


def test_a_locked_account_rejects_a_request(ada: Actor, make_actor: MakeActor) -> None:
    locked = make_actor("locked", is_locked=True)
    services.follow(ada, target=locked)

    services.reject_follow_request(locked, follower=ada)

    assert not selectors.is_following(ada, locked)
    assert not FollowRequest.objects.exists()


@pytest.mark.parametrize(
    "answer", [services.authorize_follow_request, services.reject_follow_request]
)
def test_answering_a_request_that_does_not_exist_is_not_found(
    ada: Actor, bob: Actor, answer: Callable[..., Any]
) -> None:
    with pytest.raises(Http404):
        answer(bob, follower=ada)


# Connections


def test_a_connection_request_carries_its_note(ada: Actor, bob: Actor) -> None:
    connection = services.request_connection(ada, recipient=bob, note="  We met at PyCon  ")

    assert connection.state == Connection.State.PENDING
    assert connection.note == "We met at PyCon"
    assert not selectors.is_following(ada, bob)


def test_accepting_a_connection_makes_both_follow_each_other_even_when_locked(
    ada: Actor, make_actor: MakeActor
) -> None:
    locked = make_actor("locked", is_locked=True)
    connection = services.request_connection(locked, recipient=ada)

    accepted = services.accept_connection(ada, connection_id=connection.id)

    assert accepted.state == Connection.State.CONNECTED
    assert accepted.connected_at is not None
    assert selectors.is_following(ada, locked)
    assert selectors.is_following(locked, ada)


def test_asking_someone_who_already_asked_me_accepts_their_request(ada: Actor, bob: Actor) -> None:
    theirs = services.request_connection(bob, recipient=ada)

    mine = services.request_connection(ada, recipient=bob)

    assert mine.id == theirs.id
    assert selectors.are_connected(ada, bob)


@pytest.mark.parametrize("accepted", [False, True])
def test_connecting_twice_is_refused(ada: Actor, bob: Actor, accepted: bool) -> None:
    connection = services.request_connection(ada, recipient=bob)
    if accepted:
        services.accept_connection(bob, connection_id=connection.id)

    with pytest.raises(ValidationError) as error:
        services.request_connection(ada, recipient=bob)

    assert refusal(error) == ("connected" if accepted else "pending")
    assert Connection.objects.count() == 1


def test_nobody_can_connect_with_themselves(ada: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        services.request_connection(ada, recipient=ada)

    assert refusal(error) == "self"


def test_a_blocked_account_cannot_ask_to_connect(ada: Actor, bob: Actor) -> None:
    services.block(bob, target=ada)

    with pytest.raises(ValidationError) as error:
        services.request_connection(ada, recipient=bob)

    assert refusal(error) == "blocked"


def test_an_overlong_note_is_refused(ada: Actor, bob: Actor) -> None:
    with pytest.raises(ValidationError) as error:
        services.request_connection(ada, recipient=bob, note="x" * 501)

    assert "note" in error.value.message_dict
    assert not Connection.objects.exists()


@pytest.mark.parametrize("who", ["requester", "stranger"])
def test_only_the_recipient_can_accept_or_decline(
    ada: Actor, bob: Actor, make_actor: MakeActor, who: str
) -> None:
    connection = services.request_connection(ada, recipient=bob)
    someone = ada if who == "requester" else make_actor("eve")

    with pytest.raises(Http404):
        services.accept_connection(someone, connection_id=connection.id)
    with pytest.raises(Http404):
        services.decline_connection(someone, connection_id=connection.id)

    assert Connection.objects.get().state == Connection.State.PENDING


def test_a_second_accept_of_the_same_connection_is_refused(ada: Actor, bob: Actor) -> None:
    connection = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=connection.id)

    with pytest.raises(ValidationError) as error:
        services.accept_connection(bob, connection_id=connection.id)

    assert refusal(error) == "connected"
    assert Follow.objects.count() == 2


def test_the_database_allows_one_connection_per_pair_whoever_asked(ada: Actor, bob: Actor) -> None:
    Connection.objects.create(requester=ada, recipient=bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(requester=bob, recipient=ada)


def test_declining_deletes_the_request_without_a_signal(ada: Actor, bob: Actor) -> None:
    connection = services.request_connection(ada, recipient=bob)
    sent: list[dict[str, Any]] = []

    def listen(**kwargs: Any) -> None:
        sent.append(kwargs)

    for signal in (signals.connection_accepted, signals.connection_requested):
        signal.connect(listen, weak=False)
    try:
        services.decline_connection(bob, connection_id=connection.id)
    finally:
        for signal in (signals.connection_accepted, signals.connection_requested):
            signal.disconnect(listen)

    assert not Connection.objects.exists()
    assert sent == []


def test_removing_a_connection_ends_both_follows(ada: Actor, bob: Actor) -> None:
    connection = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=connection.id)

    services.remove_connection(bob, connection_id=connection.id)

    assert not Connection.objects.exists()
    assert not Follow.objects.exists()


def test_the_requester_withdraws_a_pending_request(ada: Actor, bob: Actor) -> None:
    connection = services.request_connection(ada, recipient=bob)

    services.remove_connection(ada, connection_id=connection.id)

    assert not Connection.objects.exists()


def test_a_stranger_cannot_remove_a_connection(
    ada: Actor, bob: Actor, make_actor: MakeActor
) -> None:
    connection = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=connection.id)

    with pytest.raises(Http404):
        services.remove_connection(make_actor("eve"), connection_id=connection.id)


# Blocks and mutes


def test_a_block_removes_everything_between_the_two(
    ada: Actor, bob: Actor, make_actor: MakeActor
) -> None:
    carol = make_actor("carol")
    connection = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=connection.id)
    services.request_connection(ada, recipient=carol)
    mine = services.create_circle(ada, name="Mine")
    theirs = services.create_circle(bob, name="Theirs")
    services.add_circle_members(ada, circle_id=mine.id, actor_ids=[bob.id])
    services.add_circle_members(bob, circle_id=theirs.id, actor_ids=[ada.id])
    bob.is_locked = True
    bob.save(update_fields=["is_locked"])
    services.unfollow(carol, target=bob)
    services.follow(carol, target=bob)

    services.block(bob, target=ada)

    assert not Follow.objects.filter(follower__in=[ada, bob], target__in=[ada, bob]).exists()
    pair = [ada, bob]
    assert not Connection.objects.filter(requester__in=pair, recipient__in=pair).exists()
    assert not CircleMember.objects.exists()
    # Nothing else is touched: ada's request to carol and carol's request to bob stay.
    assert Connection.objects.filter(requester=ada, recipient=carol).exists()
    assert FollowRequest.objects.filter(follower=carol, target=bob).exists()


def test_a_block_removes_a_pending_follow_request(ada: Actor, make_actor: MakeActor) -> None:
    locked = make_actor("locked", is_locked=True)
    services.follow(ada, target=locked)

    services.block(locked, target=ada)

    assert not FollowRequest.objects.exists()


def test_blocking_twice_keeps_one_block_and_unblock_lifts_it(ada: Actor, bob: Actor) -> None:
    services.block(ada, target=bob)
    services.block(ada, target=bob)
    assert Block.objects.count() == 1

    services.unblock(ada, target=bob)

    assert not selectors.is_blocked_either_way(ada, bob)


def test_nobody_can_block_or_mute_themselves(ada: Actor) -> None:
    with pytest.raises(ValidationError):
        services.block(ada, target=ada)
    with pytest.raises(ValidationError):
        services.mute(ada, target=ada)


def test_a_mute_with_a_duration_expires(ada: Actor, bob: Actor) -> None:
    before = timezone.now()
    row = services.mute(ada, target=bob, duration=timedelta(minutes=30), hide_notifications=False)

    assert row.expires_at is not None
    assert (
        before + timedelta(minutes=30) <= row.expires_at <= timezone.now() + timedelta(minutes=30)
    )
    assert row.hide_notifications is False


def test_muting_again_replaces_the_duration(ada: Actor, bob: Actor) -> None:
    services.mute(ada, target=bob, duration=timedelta(minutes=30))
    services.mute(ada, target=bob)

    assert Mute.objects.get().expires_at is None


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(seconds=-5), timedelta(days=400)])
def test_a_mute_duration_out_of_range_is_refused(
    ada: Actor, bob: Actor, duration: timedelta
) -> None:
    with pytest.raises(ValidationError):
        services.mute(ada, target=bob, duration=duration)


def test_unmute_lifts_the_mute(ada: Actor, bob: Actor) -> None:
    services.mute(ada, target=bob)

    services.unmute(ada, target=bob)

    assert selectors.muted_ids(ada) == set()


# Circles


def test_a_circle_name_is_unique_per_owner_whatever_its_case(ada: Actor, bob: Actor) -> None:
    services.create_circle(ada, name="Climbing")
    services.create_circle(bob, name="Climbing")

    with pytest.raises(ValidationError) as error:
        services.create_circle(ada, name="  climbing ")

    assert error.value.message_dict == {"name": ["You already have a circle with this name."]}


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_circle_needs_a_reasonable_name(ada: Actor, name: str) -> None:
    with pytest.raises(ValidationError):
        services.create_circle(ada, name=name)


def test_renaming_a_circle_checks_the_name_again(ada: Actor) -> None:
    services.create_circle(ada, name="One")
    two = services.create_circle(ada, name="Two")

    with pytest.raises(ValidationError):
        services.rename_circle(ada, circle_id=two.id, name="ONE")
    renamed = services.rename_circle(ada, circle_id=two.id, name="Three")

    assert Circle.objects.get(pk=two.id).name == renamed.name == "Three"


def test_only_the_owner_changes_a_circle(ada: Actor, bob: Actor) -> None:
    circle = services.create_circle(ada, name="Mine")

    with pytest.raises(Http404):
        services.rename_circle(bob, circle_id=circle.id, name="Ours")
    with pytest.raises(Http404):
        services.delete_circle(bob, circle_id=circle.id)
    with pytest.raises(Http404):
        services.add_circle_members(bob, circle_id=circle.id, actor_ids=[])

    services.delete_circle(ada, circle_id=circle.id)
    assert not Circle.objects.exists()


def test_only_followed_accounts_can_join_a_circle(
    ada: Actor, bob: Actor, make_actor: MakeActor
) -> None:
    carol = make_actor("carol")
    services.follow(ada, target=bob)
    circle = services.create_circle(ada, name="Mine")

    with pytest.raises(ValidationError):
        services.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id, carol.id])
    assert selectors.circle_member_ids(circle.id) == set()

    services.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])
    services.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])
    assert selectors.circle_member_ids(circle.id) == {bob.id}

    services.remove_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])
    assert selectors.circle_member_ids(circle.id) == set()


# Settings and signals


def test_connections_visibility_accepts_only_the_three_choices(ada: Actor) -> None:
    services.set_connections_visibility(ada, visibility="only_me")
    assert Actor.objects.get(pk=ada.pk).connections_visibility == "only_me"

    with pytest.raises(ValidationError):
        services.set_connections_visibility(ada, visibility="friends")


def test_signals_are_sent_once_the_change_commits(
    ada: Actor, bob: Actor, django_capture_on_commit_callbacks: Any
) -> None:
    sent: list[tuple[str, dict[str, Any]]] = []

    def listener(name: str) -> Callable[..., None]:
        def listen(sender: type, **kwargs: Any) -> None:
            sent.append((name, {k: v for k, v in kwargs.items() if k != "signal"}))

        return listen

    receivers = {
        "follow_created": listener("follow_created"),
        "follow_removed": listener("follow_removed"),
        "blocked": listener("blocked"),
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.follow(ada, target=bob)
            services.block(bob, target=ada)
        assert sent == []
        for callback in callbacks:
            callback()
    finally:
        for name, receiver in receivers.items():
            getattr(signals, name).disconnect(receiver)

    assert sent == [
        ("follow_created", {"follower_id": ada.id, "target_id": bob.id}),
        ("follow_removed", {"follower_id": ada.id, "target_id": bob.id}),
        ("blocked", {"blocker_id": bob.id, "target_id": ada.id}),
    ]
