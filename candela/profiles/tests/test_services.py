"""Profile writes: what update_profile keeps, normalises and refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candela.accounts.services import create_user, delete_account
from candela.profiles.models import Actor
from candela.profiles.services import (
    MAX_SKILLS,
    PositionInput,
    normalise_skills,
    update_profile,
)
from candela.profiles.tests.pictures import png_bytes, upload
from conftest import TEST_PASSWORD


def test_skills_are_trimmed_and_repeats_in_any_case_dropped_keeping_their_order():
    skills = normalise_skills(["  Django ", "fundraising", "django", "", "  Italian   cooking"])

    assert skills == ["Django", "fundraising", "Italian cooking"]


def test_a_very_long_skill_is_refused():
    with pytest.raises(ValidationError):
        normalise_skills(["x" * 51])


def test_more_skills_than_the_limit_are_refused():
    with pytest.raises(ValidationError):
        normalise_skills([f"skill {n}" for n in range(MAX_SKILLS + 1)])


def test_profile_update_saves_every_given_part(member):
    actor = update_profile(
        member.actor,
        display_name="  Ada Lovelace ",
        bio="Analyst.",
        location="London",
        languages=["en", "fr", "en"],
        skills=["maths", " Maths ", "poetry"],
        is_locked=True,
        positions=[
            PositionInput(company="Analytical Engines", title="Programmer"),
            PositionInput(company="   "),
            PositionInput(company="Royal Society", is_current=False),
        ],
    )

    stored = Actor.objects.get(pk=actor.pk)
    assert stored.display_name == "Ada Lovelace"
    assert stored.bio == "Analyst."
    assert stored.location == "London"
    assert stored.languages == ["en", "fr"]
    assert stored.skills == ["maths", "poetry"]
    assert stored.is_locked is True
    assert [(p.company, p.title, p.is_current) for p in stored.positions.all()] == [
        ("Analytical Engines", "Programmer", True),
        ("Royal Society", "", False),
    ]


def test_parts_left_out_of_an_update_stay_as_they_were(member):
    update_profile(member.actor, display_name="Ada", skills=["maths"], bio="Hello")

    update_profile(member.actor, bio="Changed")

    stored = Actor.objects.get(pk=member.actor.pk)
    assert (stored.display_name, stored.skills, stored.bio) == ("Ada", ["maths"], "Changed")


def test_an_unknown_spoken_language_is_refused_and_nothing_changes(member):
    with pytest.raises(ValidationError) as error:
        update_profile(member.actor, display_name="Changed", languages=["en", "klingon"])

    assert "languages" in error.value.message_dict
    stored = Actor.objects.get(pk=member.actor.pk)
    assert (stored.display_name, stored.languages) == ("", [])


def test_a_new_avatar_replaces_the_old_file_which_is_deleted(
    member, django_capture_on_commit_callbacks
):
    update_profile(member.actor, avatar=upload(png_bytes()))
    first = Actor.objects.get(pk=member.actor.pk).avatar
    assert first.storage.exists(first.name)

    with django_capture_on_commit_callbacks(execute=True):
        update_profile(member.actor, avatar=upload(png_bytes(300, 300)))

    second = Actor.objects.get(pk=member.actor.pk).avatar
    assert second.name != first.name
    assert second.storage.exists(second.name)
    assert not first.storage.exists(first.name)


def test_removing_the_avatar_clears_it(member, django_capture_on_commit_callbacks):
    update_profile(member.actor, avatar=upload(png_bytes()))
    name = Actor.objects.get(pk=member.actor.pk).avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        update_profile(member.actor, remove_avatar=True)

    stored = Actor.objects.get(pk=member.actor.pk)
    assert not stored.avatar
    assert not stored.avatar.storage.exists(name)


def test_deleting_an_account_forgets_the_profile_and_its_pictures(
    member, django_capture_on_commit_callbacks
):
    update_profile(
        member.actor,
        display_name="Ada",
        bio="Bio",
        skills=["maths"],
        avatar=upload(png_bytes()),
        positions=[PositionInput(company="Engines Ltd")],
    )
    actor = Actor.objects.get(pk=member.actor.pk)
    avatar_name = actor.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(member)

    tombstone = Actor.objects.get(pk=actor.pk)
    assert (tombstone.display_name, tombstone.bio, tombstone.skills) == ("", "", [])
    assert not tombstone.positions.exists()
    assert not tombstone.avatar
    assert not actor.avatar.storage.exists(avatar_name)
    assert tombstone.uri == actor.uri


def test_the_handle_of_a_deleted_account_cannot_be_taken_again(make_user):
    delete_account(make_user("grace"))

    with pytest.raises(ValidationError) as error:
        create_user(username="GRACE", email="new@example.org", password=TEST_PASSWORD)

    assert error.value.code == "taken"
    assert Actor.objects.filter(username__iexact="grace").count() == 1
