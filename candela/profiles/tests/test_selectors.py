"""Who may see which actor: deleted and suspended ones are hidden; the directory lists the rest."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from candela.accounts.services import delete_account
from candela.profiles.selectors import (
    get_actor_by_acct_for,
    get_local_actor_for,
    list_local_members_for,
)
from candela.profiles.services import PositionInput, update_profile


def suspend(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


def test_a_profile_is_found_by_username_in_any_case(make_user):
    grace = make_user("Grace")

    assert get_local_actor_for(AnonymousUser(), "gRACE") == grace.actor


def test_a_suspended_members_profile_is_hidden_from_members_but_not_from_staff(make_user):
    grace = make_user("grace")
    suspend(grace)

    with pytest.raises(Http404):
        get_local_actor_for(make_user("ada"), "grace")
    with pytest.raises(Http404):
        get_local_actor_for(AnonymousUser(), "grace")
    assert get_local_actor_for(make_user("mod", is_staff=True), "grace") == grace.actor


def test_a_deleted_members_profile_is_hidden_even_from_staff(make_user):
    delete_account(make_user("grace"))

    with pytest.raises(Http404):
        get_local_actor_for(make_user("mod", is_staff=True), "grace")


@pytest.mark.parametrize(
    "acct", ["grace", "@grace", "grace@localhost:8000", "GRACE@LOCALHOST:8000"]
)
def test_a_local_actor_is_found_by_acct_with_or_without_our_domain(make_user, acct):
    grace = make_user("grace")

    assert get_actor_by_acct_for(AnonymousUser(), acct) == grace.actor


@pytest.mark.parametrize("acct", ["grace@elsewhere.example", "", "@"])
def test_an_acct_on_another_server_or_empty_is_not_a_local_actor(make_user, acct):
    make_user("grace")

    with pytest.raises(Http404):
        get_actor_by_acct_for(AnonymousUser(), acct)


def test_the_directory_lists_only_discoverable_active_members_newest_first(make_user):
    viewer = make_user("viewer")
    first = make_user("first")
    second = make_user("second")
    update_profile(make_user("shy").actor, is_discoverable=False)
    suspend(make_user("suspended"))
    delete_account(make_user("gone"))

    listed = list(list_local_members_for(viewer))

    assert listed == [second.actor, first.actor, viewer.actor]


def test_the_directory_search_matches_name_place_and_company_once_each(make_user):
    viewer = make_user("viewer")
    grace = make_user("grace")
    update_profile(
        grace.actor,
        display_name="Grace Hopper",
        location="Arlington",
        positions=[PositionInput(company="US Navy"), PositionInput(company="Navy Reserve")],
    )

    for query in ["hopper", "arling", "navy", "GRACE"]:
        assert list(list_local_members_for(viewer, query=query)) == [grace.actor], query
    assert list(list_local_members_for(viewer, query="nobody")) == []
