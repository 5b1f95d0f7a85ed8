import pytest
from django.core.exceptions import ValidationError

from candela.accounts.models import User
from candela.accounts.services import create_user, delete_account
from candela.profiles.models import Actor
from conftest import TEST_PASSWORD


def test_new_member_gets_a_local_actor_with_absolute_uri_and_key_pair(make_user):
    user = make_user("grace")
    actor = user.actor
    assert actor.local is True
    assert actor.uri == "http://localhost:8000/users/grace"
    assert actor.handle == "@grace@localhost:8000"
    assert "BEGIN PUBLIC KEY" in actor.public_key_pem
    assert "BEGIN PRIVATE KEY" in actor.private_key_pem


def test_usernames_are_unique_whatever_their_case(make_user):
    make_user("Grace")
    with pytest.raises(ValidationError) as error:
        make_user("grace", email="other@example.org")
    assert error.value.code == "taken"
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["admin", "Settings", "WELL_KNOWN"])
def test_reserved_usernames_are_refused(db, username):
    with pytest.raises(ValidationError):
        create_user(username=username, email="x@example.org", password=TEST_PASSWORD)
    assert not User.objects.exists()


def test_weak_password_creates_nothing(db):
    with pytest.raises(ValidationError):
        create_user(username="linus", email="l@example.org", password="123")
    assert not User.objects.exists()
    assert not Actor.objects.exists()


def test_deleting_an_account_keeps_a_tombstone_actor(make_user):
    user = make_user("grace")
    actor_id = user.actor.pk
    delete_account(user)
    tombstone = Actor.objects.get(pk=actor_id)
    assert tombstone.deleted_at is not None
    assert tombstone.user is None
    assert tombstone.private_key_pem == ""
    assert not User.objects.filter(username="grace").exists()
