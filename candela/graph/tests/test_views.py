"""The graph's pages through HTTP: relationship actions on a profile (with and without htmx),
the block rule on profiles, the directory and lists, the Network page and its actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection as db_connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from candela.graph import selectors, services
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

HX = {"HTTP_HX_REQUEST": "true"}
MakeActor = Callable[..., Actor]


def signed_in(client: Client, actor: Actor) -> Client:
    client.force_login(actor.user)
    return client


def flashes(response) -> list[str]:
    """The messages this response's request added (not those still queued from before)."""
    return [str(m) for m in get_messages(response.wsgi_request)._queued_messages]


def act(client: Client, action: str, username: str, data=None, **headers):
    return client.post(reverse(f"graph:{action}", args=[username]), data or {}, **headers)


@pytest.fixture
def bob(make_actor: MakeActor) -> Actor:
    return make_actor("bob", display_name="Bob Stone")


# The profile page


def test_profile_shows_counts_and_actions_to_another_member(client, ada, bob):
    services.follow(bob, target=ada)
    page = signed_in(client, ada).get("/@bob")
    assertContains(page, "0 followers")
    assertContains(page, "1 following")
    assertContains(page, "0 connections")
    assertContains(page, 'id="relationship-actions"')
    assertContains(page, reverse("graph:follow", args=["bob"]))
    assertContains(page, reverse("graph:connect", args=["bob"]))


def test_own_profile_has_no_relationship_actions(client, ada):
    page = signed_in(client, ada).get("/@ada")
    assertNotContains(page, 'id="relationship-actions"')
    assertContains(page, reverse("graph:connections", args=["ada"]))


def test_anonymous_visitor_is_asked_to_log_in_to_connect(client, ada):
    page = client.get("/@ada")
    assertContains(page, "Log in to connect")
    assertNotContains(page, 'id="relationship-actions"')


def test_connection_count_links_to_the_list_only_when_visible(client, ada, bob, make_actor):
    carol = make_actor("carol")
    services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=Connection.objects.get().id)
    page = signed_in(client, carol).get("/@ada")
    assertContains(page, "1 connection")
    assertNotContains(page, reverse("graph:connections", args=["ada"]))
    page = signed_in(client, bob).get("/@ada")
    assertContains(page, reverse("graph:connections", args=["ada"]))


@pytest.mark.parametrize("direction", ["viewer_blocks", "viewer_is_blocked"])
def test_a_block_either_way_hides_the_profile(client, ada, bob, direction):
    if direction == "viewer_blocks":
        services.block(ada, target=bob)
    else:
        services.block(bob, target=ada)
    assert signed_in(client, ada).get("/@bob").status_code == 404


def test_unknown_username_is_404(client, ada):
    assert signed_in(client, ada).get("/@nobody").status_code == 404
    assert act(client, "follow", "nobody").status_code == 404


@pytest.mark.parametrize("direction", ["viewer_blocks", "viewer_is_blocked"])
def test_the_directory_leaves_out_people_blocked_either_way(client, ada, bob, direction):
    services.block(ada, target=bob) if direction == "viewer_blocks" else services.block(
        bob, target=ada
    )
    page = signed_in(client, ada).get("/people/")
    assertNotContains(page, "@bob")
    assertContains(page, "@ada")


# Relationship actions, without and with htmx


def test_follow_without_htmx_redirects_back_with_a_message(client, ada, bob):
    response = act(signed_in(client, ada), "follow", "bob")
    assert response.status_code == 302
    assert response["Location"] == "/@bob"
    assert flashes(response) == ["You now follow Bob Stone."]
    assert selectors.is_following(ada, bob)


def test_follow_with_htmx_answers_with_the_actions_partial(client, ada, bob):
    response = act(signed_in(client, ada), "follow", "bob", **HX)
    assert response.status_code == 200
    assertTemplateUsed(response, "graph/_relationship_actions.html")
    assertNotContains(response, "<html")
    assertContains(response, "You now follow Bob Stone.")
    assertContains(response, "Unfollow")
    assert selectors.is_following(ada, bob)


def test_following_a_locked_account_asks_and_can_be_cancelled(client, ada, make_actor):
    make_actor("lou", is_locked=True)
    response = act(signed_in(client, ada), "follow", "lou", **HX)
    assertContains(response, "You asked to follow lou.")
    assertContains(response, "Follow requested")
    assert FollowRequest.objects.filter(follower=ada).exists()
    response = act(client, "unfollow", "lou")
    assert response.status_code == 302
    assert not FollowRequest.objects.exists()


def test_unfollow(client, ada, bob):
    services.follow(ada, target=bob)
    response = act(signed_in(client, ada), "unfollow", "bob")
    assert flashes(response) == ["You no longer follow Bob Stone."]
    assert not Follow.objects.exists()


def test_connect_with_a_note_then_the_other_side_accepts_on_the_profile(client, ada, bob):
    response = act(signed_in(client, ada), "connect", "bob", {"note": "Met at PyCon"}, **HX)
    assertContains(response, "Your request to connect was sent to Bob Stone.")
    assertContains(response, "Request sent")
    assert Connection.objects.get().note == "Met at PyCon"

    page = signed_in(client, bob).get("/@ada")
    assertContains(page, "Met at PyCon")
    response = act(client, "accept", "ada")
    assert flashes(response) == ["You are now connected with ada."]
    assert selectors.are_connected(ada, bob)


def test_connecting_twice_says_so_instead_of_failing(client, ada, bob):
    act(signed_in(client, ada), "connect", "bob")
    response = act(client, "connect", "bob")
    assert response.status_code == 302
    assert flashes(response) == ["You have already asked to connect."]
    response = act(client, "connect", "bob", **HX)
    assert response.status_code == 200
    assertContains(response, "You have already asked to connect.")
    assert Connection.objects.count() == 1


def test_an_overlong_note_is_refused_with_a_message(client, ada, bob):
    response = act(signed_in(client, ada), "connect", "bob", {"note": "x" * 501})
    assert response.status_code == 302
    assert "at most 500 characters" in flashes(response)[0]
    assert not Connection.objects.exists()


def test_decline_withdraw_and_remove_on_the_profile(client, ada, bob, make_actor):
    services.request_connection(bob, recipient=ada)
    response = act(signed_in(client, ada), "decline", "bob", **HX)
    assertContains(response, "You declined the request from Bob Stone.")
    assert not Connection.objects.exists()

    services.request_connection(ada, recipient=bob)
    response = act(client, "remove-connection", "bob")
    assert flashes(response) == ["You withdrew your request to connect with Bob Stone."]
    assert not Connection.objects.exists()

    row = services.request_connection(ada, recipient=bob)
    services.accept_connection(bob, connection_id=row.id)
    response = act(client, "remove-connection", "bob")
    assert flashes(response) == ["You are no longer connected with Bob Stone."]
    assert not Connection.objects.exists()
    assert not Follow.objects.exists()


def test_accepting_without_a_request_is_404(client, ada, bob):
    assert act(signed_in(client, ada), "accept", "bob").status_code == 404
    services.request_connection(ada, recipient=bob)
    # Ada's own request is not hers to accept.
    assert act(client, "accept", "bob").status_code == 404


def test_block_and_unblock(client, ada, bob):
    services.follow(ada, target=bob)
    response = act(signed_in(client, ada), "block", "bob")
    assert response["Location"] == reverse("graph:network") + "?tab=blocked"
    assert flashes(response) == ["You blocked Bob Stone."]
    assert Block.objects.filter(blocker=ada, target=bob).exists()
    assert not Follow.objects.exists()

    response = act(client, "unblock", "bob", **HX)
    assertContains(response, "You unblocked Bob Stone.")
    assert not Block.objects.exists()


def test_blocking_with_htmx_offers_unblock(client, ada, bob):
    response = act(signed_in(client, ada), "block", "bob", **HX)
    assertContains(response, "You blocked Bob Stone.")
    assertContains(response, reverse("graph:unblock", args=["bob"]))


def test_blocking_oneself_is_a_message_not_an_error(client, ada):
    response = act(signed_in(client, ada), "block", "ada")
    assert response.status_code == 302
    assert flashes(response) == ["You cannot block yourself."]
    assert not Block.objects.exists()


def test_someone_who_blocked_you_is_404_to_every_action(client, ada, bob):
    services.block(bob, target=ada)
    for action in ("follow", "connect", "mute", "block"):
        assert act(signed_in(client, ada), action, "bob").status_code == 404


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("", None),
        ("3600", timedelta(hours=1)),
        ("86400", timedelta(days=1)),
        ("604800", timedelta(days=7)),
    ],
)
def test_mute_for_each_duration(client, ada, bob, duration, expected):
    response = act(signed_in(client, ada), "mute", "bob", {"duration": duration})
    assert flashes(response) == ["You muted Bob Stone."]
    mute = Mute.objects.get()
    if expected is None:
        assert mute.expires_at is None
    else:
        assert mute.expires_at is not None
        assert abs(mute.expires_at - timezone.now() - expected) < timedelta(minutes=1)


def test_an_invalid_mute_duration_is_a_message(client, ada, bob):
    response = act(signed_in(client, ada), "mute", "bob", {"duration": "99"}, **HX)
    assert response.status_code == 200
    assertContains(response, "Choose how long to mute this person.")
    assert not Mute.objects.exists()


def test_unmute_with_htmx(client, ada, bob):
    services.mute(ada, target=bob, duration=timedelta(hours=1))
    assertContains(signed_in(client, ada).get("/@bob"), "Muted until")
    response = act(client, "unmute", "bob", **HX)
    assertContains(response, "You unmuted Bob Stone.")
    assert not Mute.objects.exists()


def test_actions_need_a_post_and_a_login(client, ada, bob):
    assert act(client, "follow", "bob").status_code == 302  # to the login page
    assert not Follow.objects.exists()
    assert signed_in(client, ada).get(reverse("graph:follow", args=["bob"])).status_code == 405


def test_next_must_stay_on_this_site(client, ada, bob):
    response = act(signed_in(client, ada), "follow", "bob", {"next": "https://evil.example/"})
    assert response["Location"] == "/@bob"
    response = act(client, "unfollow", "bob", {"next": "/network/?tab=following"})
    assert response["Location"] == "/network/?tab=following"


# Someone's lists


@pytest.mark.parametrize("kind", ["connections", "followers", "following"])
def test_lists_of_someone_who_blocked_you_are_404(client, ada, bob, kind):
    services.block(bob, target=ada)
    assert signed_in(client, ada).get(f"/@bob/{kind}").status_code == 404


def test_lists_leave_out_people_the_viewer_blocked(client, ada, bob, make_actor):
    carol = make_actor("carol")
    services.follow(bob, target=carol)
    services.follow(ada, target=carol)
    services.block(ada, target=bob)
    page = signed_in(client, ada).get("/@carol/followers")
    assertContains(page, "@ada")
    assertNotContains(page, "@bob")


def test_lists_say_when_empty(client, ada):
    assertContains(signed_in(client, ada).get("/@ada/followers"), "Nobody follows ada yet.")


@pytest.mark.parametrize("visibility", ["everyone", "connections", "only_me"])
@pytest.mark.parametrize("viewer_kind", ["owner", "connection", "stranger", "anonymous", "blocked"])
def test_connections_list_follows_the_owners_setting(client, make_actor, visibility, viewer_kind):
    owner = make_actor("olga", connections_visibility=visibility)
    friend = make_actor("friend")
    row = services.request_connection(owner, recipient=friend)
    services.accept_connection(friend, connection_id=row.id)
    viewer = {
        "owner": owner,
        "connection": friend,
        "stranger": make_actor("stranger"),
        "anonymous": None,
        "blocked": make_actor("blocked"),
    }[viewer_kind]
    if viewer_kind == "blocked":
        services.block(owner, target=viewer)
    if viewer is not None:
        client.force_login(viewer.user)
    response = client.get("/@olga/connections")
    if viewer_kind == "blocked":
        assert response.status_code == 404
        return
    may_see = (
        viewer_kind == "owner"
        or visibility == "everyone"
        or (visibility == "connections" and viewer_kind == "connection")
    )
    assert response.status_code == 200
    if may_see:
        assertContains(response, '<a href="/@friend">friend</a>')
    else:
        assertNotContains(response, '<a href="/@friend">friend</a>')
        assertContains(response, "has chosen not to show their connections to you")


# The Network page


def fill_network(me: Actor, make_actor: MakeActor, n: int, prefix: str) -> Circle:
    """`n` of everything the Network page lists, around `me`."""
    circle = services.create_circle(me, name=f"{prefix} circle")
    for i in range(n):
        friend, asker, asked = (make_actor(f"{prefix}{kind}{i}") for kind in "fqs")
        row = services.request_connection(me, recipient=friend)
        services.accept_connection(friend, connection_id=row.id)
        services.request_connection(asker, recipient=me, note="hello")
        services.request_connection(me, recipient=asked)
        services.follow(asker, target=me)
        services.follow(me, target=asked)
        services.add_circle_members(me, circle_id=circle.id, actor_ids=[friend.id])
        services.block(me, target=make_actor(f"{prefix}b{i}"))
        services.mute(me, target=make_actor(f"{prefix}m{i}"), duration=timedelta(days=1))
        FollowRequest.objects.create(follower=make_actor(f"{prefix}r{i}"), target=me)
    return circle


TABS = [
    "connections",
    "received",
    "sent",
    "followers",
    "following",
    "follow-requests",
    "blocked",
    "muted",
    "circles",
]


@pytest.mark.parametrize("tab", TABS)
def test_every_network_tab_has_an_empty_state(client, ada, tab):
    response = signed_in(client, ada).get(f"/network/?tab={tab}")
    assert response.status_code == 200
    assertContains(response, 'class="empty-state"')


def test_the_follow_requests_tab_explains_itself_to_an_open_account(client, ada):
    assertContains(
        signed_in(client, ada).get("/network/?tab=follow-requests"), "Your account is open"
    )


@pytest.mark.parametrize("tab", TABS)
def test_each_network_tab_runs_a_fixed_number_of_queries(client, make_actor, tab):
    me = make_actor("mia")
    small = fill_network(me, make_actor, 1, "s")
    signed_in(client, me)

    def count(url: str) -> int:
        with CaptureQueriesContext(db_connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = f"/network/?tab={tab}" + (f"&circle={small.id}" if tab == "circles" else "")
    few = count(url)
    big = fill_network(me, make_actor, 4, "b")
    services.add_circle_members(
        me, circle_id=small.id, actor_ids=big.memberships.values_list("actor_id", flat=True)
    )
    assert count(url) == few


def test_network_lists_show_each_person(client, make_actor):
    me = make_actor("mia")
    circle = fill_network(me, make_actor, 2, "p")
    signed_in(client, me)
    assertContains(client.get("/network/?tab=connections"), "@pf1")
    assertContains(client.get("/network/?tab=received"), "@pq0")
    assertContains(client.get("/network/?tab=sent"), "@ps1")
    assertContains(client.get("/network/?tab=followers"), "@pq1")
    assertContains(client.get("/network/?tab=following"), "@ps0")
    assertContains(client.get("/network/?tab=follow-requests"), "@pr0")
    assertContains(client.get("/network/?tab=blocked"), "@pb1")
    muted = client.get("/network/?tab=muted")
    assertContains(muted, "@pm0")
    assertContains(muted, "Muted until")
    assertContains(client.get(f"/network/?tab=circles&circle={circle.id}"), "@pf0")


def test_network_lists_are_paginated(client, make_actor):
    me = make_actor("mia")
    for i in range(25):
        services.follow(me, target=make_actor(f"f{i}"))
    page = signed_in(client, me).get("/network/?tab=following")
    assertContains(page, "Page 1 of 2")
    assertContains(signed_in(client, me).get("/network/?tab=following&page=2"), "Page 2 of 2")


def test_network_needs_a_login(client):
    assert client.get("/network/").status_code == 302


def test_accept_and_decline_requests_from_the_network_page(client, ada, bob, make_actor):
    carol = make_actor("carol")
    to_accept = services.request_connection(bob, recipient=ada)
    to_decline = services.request_connection(carol, recipient=ada)
    signed_in(client, ada)
    response = client.post(reverse("graph:connection_accept", args=[to_accept.id]))
    assert response["Location"] == "/network/?tab=received"
    assert flashes(response) == ["You are now connected with Bob Stone."]
    response = client.post(reverse("graph:connection_decline", args=[to_decline.id]))
    assert flashes(response) == ["You declined the request from carol."]
    assert list(Connection.objects.values_list("state", flat=True)) == ["connected"]


def test_accepting_twice_is_a_message(client, ada, bob):
    row = services.request_connection(bob, recipient=ada)
    signed_in(client, ada).post(reverse("graph:connection_accept", args=[row.id]))
    response = client.post(reverse("graph:connection_accept", args=[row.id]))
    assert flashes(response) == ["You are already connected."]


def test_another_persons_request_id_is_404(client, ada, bob, make_actor):
    row = services.request_connection(bob, recipient=make_actor("carol"))
    signed_in(client, ada)
    for answer in ("accept", "decline", "remove"):
        assert client.post(reverse(f"graph:connection_{answer}", args=[row.id])).status_code == 404
    assert client.post(reverse("graph:connection_accept", args=[123456])).status_code == 404
    assert Connection.objects.filter(state="pending").count() == 1


def test_withdraw_from_the_network_page(client, ada, bob):
    row = services.request_connection(ada, recipient=bob)
    response = signed_in(client, ada).post(reverse("graph:connection_remove", args=[row.id]))
    assert response["Location"] == "/network/?tab=sent"
    assert not Connection.objects.exists()


def test_authorize_and_reject_follow_requests(client, make_actor, bob):
    lou = make_actor("lou", is_locked=True)
    services.follow(bob, target=lou)
    carol = make_actor("carol")
    services.follow(carol, target=lou)
    signed_in(client, lou)
    response = client.post(reverse("graph:follow_request_authorize", args=[bob.id]))
    assert flashes(response) == ["Bob Stone can now follow you."]
    response = client.post(reverse("graph:follow_request_reject", args=[carol.id]))
    assert flashes(response) == ["You declined the follow request from carol."]
    assert selectors.is_following(bob, lou)
    assert not selectors.is_following(carol, lou)
    assert not FollowRequest.objects.exists()
    # No such request (any more): 404, not a 500.
    assert client.post(reverse("graph:follow_request_reject", args=[carol.id])).status_code == 404


def test_setting_who_can_see_my_connections(client, ada):
    response = signed_in(client, ada).post(
        reverse("graph:connections_visibility"), {"connections_visibility": "only_me"}
    )
    assert flashes(response) == ["Saved: who can see your connections."]
    assert Actor.objects.get(pk=ada.pk).connections_visibility == "only_me"
    response = client.post(reverse("graph:connections_visibility"), {"connections_visibility": "x"})
    assert flashes(response) == ["Choose who can see your connections."]


def test_circles_create_rename_fill_empty_and_delete(client, ada, bob, make_actor):
    services.follow(ada, target=bob)
    stranger = make_actor("stranger")
    signed_in(client, ada)
    response = client.post(reverse("graph:circle_create"), {"name": "Lyon"})
    circle = Circle.objects.get()
    assert response["Location"] == f"/network/?tab=circles&circle={circle.id}"
    assert flashes(response) == ["Circle “Lyon” created."]
    assert flashes(client.post(reverse("graph:circle_create"), {"name": "lyon"})) == [
        "You already have a circle with this name."
    ]
    assert flashes(client.post(reverse("graph:circle_create"), {"name": "  "})) != []

    client.post(reverse("graph:circle_rename", args=[circle.id]), {"name": "Lyon friends"})
    assert Circle.objects.get().name == "Lyon friends"

    page = client.get(f"/network/?tab=circles&circle={circle.id}")
    assertContains(page, f'<option value="{bob.id}">')
    response = client.post(reverse("graph:circle_member_add", args=[circle.id]), {"actor": bob.id})
    assert flashes(response) == ["Bob Stone is now in this circle."]
    response = client.post(
        reverse("graph:circle_member_add", args=[circle.id]), {"actor": stranger.id}
    )
    assert flashes(response) == ["You can only add people you follow to a circle."]
    response = client.post(reverse("graph:circle_member_add", args=[circle.id]), {"actor": "x"})
    assert flashes(response) == ["Choose someone you follow."]
    assert list(CircleMember.objects.values_list("actor_id", flat=True)) == [bob.id]

    client.post(reverse("graph:circle_member_remove", args=[circle.id, bob.id]))
    assert not CircleMember.objects.exists()
    response = client.post(reverse("graph:circle_delete", args=[circle.id]))
    assert flashes(response) == ["Circle deleted."]
    assert not Circle.objects.exists()


def test_another_persons_circle_is_404(client, ada, bob):
    circle = services.create_circle(bob, name="Mine")
    signed_in(client, ada)
    assert client.get(f"/network/?tab=circles&circle={circle.id}").status_code == 404
    for name, args in [
        ("graph:circle_rename", [circle.id]),
        ("graph:circle_delete", [circle.id]),
        ("graph:circle_member_add", [circle.id]),
        ("graph:circle_member_remove", [circle.id, ada.id]),
    ]:
        assert (
            client.post(reverse(name, args=args), {"name": "x", "actor": ada.id}).status_code == 404
        )
    assert Circle.objects.get().name == "Mine"


def test_network_is_in_the_navigation(client, ada):
    assertContains(signed_in(client, ada).get("/"), 'href="/network/"')


@pytest.mark.parametrize("kind", ["connections", "followers", "following"])
def test_someones_lists_run_a_fixed_number_of_queries(client, make_actor, kind):
    olga = make_actor("olga", connections_visibility="everyone")
    viewer = make_actor("vic")
    signed_in(client, viewer)

    def add(n: int, prefix: str) -> None:
        for i in range(n):
            other = make_actor(f"{prefix}{i}")
            row = services.request_connection(olga, recipient=other)
            services.accept_connection(other, connection_id=row.id)

    def count() -> int:
        with CaptureQueriesContext(db_connection) as queries:
            assert client.get(f"/@olga/{kind}").status_code == 200
        return len(queries)

    add(1, "a")
    few = count()
    add(5, "b")
    assert count() == few


def test_the_profile_page_runs_a_fixed_number_of_queries(client, make_actor):
    olga = make_actor("olga")
    signed_in(client, make_actor("vic"))

    def count() -> int:
        with CaptureQueriesContext(db_connection) as queries:
            assert client.get("/@olga").status_code == 200
        return len(queries)

    few = count()
    for i in range(5):
        other = make_actor(f"p{i}")
        services.request_connection(other, recipient=olga)
        services.follow(other, target=olga)
    assert count() == few
