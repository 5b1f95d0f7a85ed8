"""Lists and relationships: who sees which connections, blocks hiding people, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404

from candela.core.pagination import PageParams, paginate
from candela.graph import selectors, services
from candela.profiles.models import Actor
from candela.profiles.selectors import attach_stats

MakeActor = Callable[..., Actor]

VIEWERS = ["owner", "connection", "follower", "stranger", "anonymous"]
# Who sees the owner's connections, for each setting.
SEES = {
    "everyone": {"owner", "connection", "follower", "stranger", "anonymous"},
    "connections": {"owner", "connection"},
    "only_me": {"owner"},
}


@pytest.mark.parametrize("viewer_kind", VIEWERS)
@pytest.mark.parametrize("visibility", list(SEES))
def test_connections_visibility_decides_who_sees_the_list(
    make_actor: MakeActor, visibility: str, viewer_kind: str
) -> None:
    owner = make_actor("olga", connections_visibility=visibility)
    friend, follower, stranger = make_actor("fred"), make_actor("fanny"), make_actor("sam")
    request = services.request_connection(friend, recipient=owner)
    services.accept_connection(owner, connection_id=request.id)
    services.follow(follower, target=owner)
    viewer = {
        "owner": owner,
        "connection": friend,
        "follower": follower,
        "stranger": stranger,
        "anonymous": None,
    }[viewer_kind]

    shown = [row.other(owner) for row in selectors.list_connections_for(viewer, owner)]

    assert shown == ([friend] if viewer_kind in SEES[visibility] else [])
    assert selectors.can_see_connections(viewer, owner) is (viewer_kind in SEES[visibility])


def test_a_blocked_viewer_sees_no_connections_even_when_everyone_may(
    make_actor: MakeActor,
) -> None:
    owner = make_actor("olga", connections_visibility="everyone")
    blocked = make_actor("bert")
    services.block(owner, target=blocked)

    assert not selectors.can_see_connections(blocked, owner)


def test_followers_lists_leave_out_people_blocking_the_viewer(make_actor: MakeActor) -> None:
    owner, viewer, fan, hater = (make_actor(n) for n in ("olga", "vera", "fanny", "hugo"))
    services.follow(fan, target=owner)
    services.follow(hater, target=owner)
    services.block(hater, target=viewer)

    shown = [row.follower for row in selectors.list_followers_for(viewer, owner)]

    assert shown == [fan]
    assert {row.follower for row in selectors.list_followers_for(None, owner)} == {fan, hater}


def test_following_lists_show_the_targets_newest_first(make_actor: MakeActor) -> None:
    owner, first, second = make_actor("olga"), make_actor("fia"), make_actor("sid")
    services.follow(owner, target=first)
    services.follow(owner, target=second)

    assert [row.target for row in selectors.list_following_for(None, owner)] == [second, first]


def test_requests_split_into_received_and_sent(make_actor: MakeActor) -> None:
    me, asker, asked = make_actor("mia"), make_actor("ash"), make_actor("asa")
    services.request_connection(asker, recipient=me)
    services.request_connection(me, recipient=asked)

    received = selectors.list_connections_by_state(me, state="pending")
    sent = selectors.list_connections_by_state(me, state="requested")

    assert [row.requester for row in received] == [asker]
    assert [row.recipient for row in sent] == [asked]


def test_relationship_reports_every_side(make_actor: MakeActor) -> None:
    me, other = make_actor("mia"), make_actor("otto", is_locked=True)
    services.follow(other, target=me)
    services.follow(me, target=other)
    services.mute(me, target=other, hide_notifications=False)
    services.request_connection(other, recipient=me, note="Hello")

    seen = selectors.relationship(me, other)

    assert seen.following is False
    assert seen.requested is True
    assert seen.followed_by is True
    assert seen.muting is True
    assert seen.muting_notifications is False
    assert seen.connection == "pending"
    assert seen.connection_note == "Hello"
    assert selectors.relationship(other, me).connection == "requested"


def test_relationship_of_a_blocked_account(make_actor: MakeActor) -> None:
    me, other = make_actor("mia"), make_actor("otto")
    services.block(other, target=me)

    assert selectors.relationship(me, other).blocked_by is True
    assert selectors.relationship(other, me).blocking is True


@pytest.mark.parametrize("size", [1, 8])
def test_relationships_take_the_same_queries_for_any_number_of_accounts(
    make_actor: MakeActor, django_assert_num_queries: Any, size: int
) -> None:
    me = make_actor("mia")
    others = [make_actor(f"o{n}") for n in range(size)]
    for other in others:
        services.follow(me, target=other)

    with django_assert_num_queries(6):
        selectors.relationships(me, [other.id for other in others])


@pytest.mark.parametrize("size", [1, 6])
def test_a_followers_page_takes_the_same_queries_whatever_its_size(
    make_actor: MakeActor, django_assert_num_queries: Any, size: int
) -> None:
    owner = make_actor("olga")
    for n in range(size):
        services.follow(make_actor(f"f{n}"), target=owner)

    # The page with the actors and their positions, then their counts.
    with django_assert_num_queries(3):
        page = paginate(selectors.list_followers_for(None, owner), PageParams(limit=40))
        actors = [row.follower for row in page]
        attach_stats(actors)
        assert [list(actor.positions.all()) for actor in actors] == [[]] * size
        assert [(a.stats.followers_count, a.stats.following_count) for a in actors] == [
            (0, 1)
        ] * size


def test_circles_list_with_member_counts(make_actor: MakeActor) -> None:
    owner, friend = make_actor("olga"), make_actor("fred")
    services.follow(owner, target=friend)
    b = services.create_circle(owner, name="b")
    services.create_circle(owner, name="A")
    services.add_circle_members(owner, circle_id=b.id, actor_ids=[friend.id])

    circles = list(selectors.list_circles_for(owner))

    assert [(c.name, c.member_count) for c in circles] == [("A", 0), ("b", 1)]  # type: ignore[attr-defined]
    assert [m.actor for m in selectors.list_circle_members_for(owner, b.id)] == [friend]


def test_member_list_leaves_out_people_blocked_either_way(make_actor: MakeActor) -> None:
    ada, bob, carol, dan = (make_actor(name) for name in ("ada", "bob", "carol", "dan"))
    services.block(ada, target=bob)
    services.block(carol, target=ada)
    assert set(selectors.list_members_for(ada.user).values_list("username", flat=True)) == {
        "ada",
        "dan",
    }
    assert selectors.list_members_for(dan.user).count() == 4


def test_member_list_keeps_the_directory_search(make_actor: MakeActor) -> None:
    ada = make_actor("ada")
    make_actor("bob", location="Lyon")
    found = selectors.list_members_for(ada.user, query="lyon")
    assert list(found.values_list("username", flat=True)) == ["bob"]


def test_circle_candidates_are_followed_people_not_yet_in_the_circle(
    make_actor: MakeActor,
) -> None:
    owner = make_actor("olga")
    inside, outside, stranger = make_actor("ines"), make_actor("otto"), make_actor("sam")
    services.follow(owner, target=inside)
    services.follow(owner, target=outside)
    services.follow(stranger, target=owner)
    circle = services.create_circle(owner, name="Friends")
    services.add_circle_members(owner, circle_id=circle.id, actor_ids=[inside.id])
    assert list(selectors.list_circle_candidates_for(owner, circle.id)) == [outside]
    with pytest.raises(Http404):
        selectors.list_circle_candidates_for(stranger, circle.id)


def test_connection_count_counts_accepted_connections_only(make_actor: MakeActor) -> None:
    owner, friend, asker = make_actor("olga"), make_actor("fred"), make_actor("ask")
    row = services.request_connection(friend, recipient=owner)
    services.accept_connection(owner, connection_id=row.id)
    services.request_connection(asker, recipient=owner)
    assert selectors.connection_count(owner) == 1
