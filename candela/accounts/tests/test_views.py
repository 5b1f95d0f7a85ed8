"""Sign-up, login, logout, settings, language, password and deletion pages, through HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from candela.accounts.models import User
from candela.core.tests.translations import html_lang
from candela.profiles.models import Actor
from conftest import TEST_PASSWORD

NEW_PASSWORD = "another-long-passphrase-2"


def signup_data(**overrides: str) -> dict[str, str]:
    return {
        "username": "grace",
        "email": "grace@example.org",
        "password": TEST_PASSWORD,
        "language": "en",
        **overrides,
    }


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# Sign-up


def test_sign_up_creates_a_logged_in_member_and_opens_the_profile_editor(client, db):
    response = client.post(reverse("accounts:signup"), signup_data(language="de"))

    assertRedirects(response, reverse("profiles:edit"))
    user = User.objects.get(username="grace")
    assert user.email == "grace@example.org"
    assert user.language == "de"
    assert user.check_password(TEST_PASSWORD)
    assert user.actor.username == "grace"
    assert int(client.session["_auth_user_id"]) == user.pk
    page = client.get(reverse("profiles:edit"))
    assert page.status_code == 200
    assert html_lang(page) == "de"


def test_sign_up_with_a_username_taken_in_another_case_is_refused(client, make_user):
    make_user("grace")

    response = client.post(
        reverse("accounts:signup"), signup_data(username="GRACE", email="other@example.org")
    )

    assertContains(response, "This username is already taken.")
    assert User.objects.count() == 1
    assert Actor.objects.count() == 1
    assert not is_logged_in(client)


def test_sign_up_with_an_e_mail_already_in_use_is_refused(client, make_user):
    make_user("grace", email="grace@example.org")

    response = client.post(
        reverse("accounts:signup"), signup_data(username="hopper", email="Grace@Example.org")
    )

    assertContains(response, "An account with this e-mail address already exists.")
    assert not User.objects.filter(username="hopper").exists()
    assert Actor.objects.count() == 1


@pytest.mark.parametrize("username", ["admin", "Settings", "people"])
def test_sign_up_with_a_reserved_username_is_refused(client, db, username):
    response = client.post(reverse("accounts:signup"), signup_data(username=username))

    assertContains(response, "This username is reserved.")
    assert not User.objects.exists()


def test_sign_up_with_an_unknown_language_is_refused(client, db):
    response = client.post(reverse("accounts:signup"), signup_data(language="xx"))

    assertContains(response, "Select a valid choice.")
    assert not User.objects.exists()


def test_sign_up_with_a_weak_password_is_refused(client, db):
    response = client.post(reverse("accounts:signup"), signup_data(password="12345678"))

    assertContains(response, "This password is too common.")
    assert not User.objects.exists()


def test_sign_up_with_the_handle_of_a_deleted_account_is_refused(client, make_user):
    client.force_login(make_user("grace"))
    client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD})

    response = client.post(
        reverse("accounts:signup"), signup_data(username="Grace", email="new@example.org")
    )

    assert response.status_code == 200
    assertContains(response, "This username is already taken.")
    assert not User.objects.exists()
    assert Actor.objects.filter(username__iexact="grace").count() == 1


def test_signed_in_member_visiting_sign_up_is_sent_home(client, member):
    client.force_login(member)

    response = client.get(reverse("accounts:signup"))

    assertRedirects(response, reverse("core:home"))


@override_settings(CANDELA_REGISTRATIONS_OPEN=False)
def test_sign_up_is_refused_when_registrations_are_closed(client, db):
    response = client.post(reverse("accounts:signup"), signup_data())

    assertContains(response, "Registrations are closed", status_code=403)
    assert not User.objects.exists()


# Login and logout


def log_in(client, username: str, password: str, ip_address: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip_address,
    )


@pytest.mark.parametrize("typed", ["ada", "ADA", "Ada"])
def test_member_can_log_in_with_the_username_in_any_case(client, member, typed):
    response = log_in(client, typed, TEST_PASSWORD)

    assertRedirects(response, reverse("core:home"))
    assert int(client.session["_auth_user_id"]) == member.pk


def test_login_with_a_wrong_password_is_refused(client, member):
    response = log_in(client, "ada", "not-the-password")

    assertContains(response, "Please enter a correct username and password.")
    assert not is_logged_in(client)


def test_sixth_login_for_a_username_is_refused_after_five_failures_even_with_the_right_password(
    client, member
):
    for _ in range(settings.LOGIN_THROTTLE_PER_USERNAME):
        assertContains(log_in(client, "ada", "not-the-password"), "Please enter a correct")

    response = log_in(client, "Ada", TEST_PASSWORD, ip_address="10.9.9.9")

    assertContains(response, "Too many failed attempts.")
    assert not is_logged_in(client)


def test_failed_logins_for_one_username_do_not_lock_out_another_member(client, make_user):
    make_user("ada")
    make_user("grace")
    for _ in range(settings.LOGIN_THROTTLE_PER_USERNAME):
        log_in(client, "ada", "not-the-password")

    response = log_in(client, "grace", TEST_PASSWORD)

    assertRedirects(response, reverse("core:home"))


def test_many_failed_logins_from_one_address_block_only_that_address(client, member):
    for number in range(settings.LOGIN_THROTTLE_PER_IP):
        log_in(client, f"guess{number}", "not-the-password", ip_address="10.6.6.6")

    blocked = log_in(client, "ada", TEST_PASSWORD, ip_address="10.6.6.6")
    assertContains(blocked, "Too many failed attempts.")
    assert not is_logged_in(client)

    allowed = log_in(client, "ada", TEST_PASSWORD, ip_address="10.0.0.2")
    assertRedirects(allowed, reverse("core:home"))


def test_login_with_a_username_containing_spaces_is_refused_politely(client, member):
    response = log_in(client, "ada lovelace", "not-the-password")

    assertContains(response, "Please enter a correct username and password.")


def test_logout_is_refused_over_get(client, member):
    client.force_login(member)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 405
    assert is_logged_in(client)


def test_logout_by_post_ends_the_session(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:logout"), follow=True)

    assertRedirects(response, reverse("core:home"))
    assertContains(response, "You have logged out.")
    assert not is_logged_in(client)


# Settings, language and time zone


@pytest.mark.parametrize(
    "url_name",
    [
        "accounts:settings",
        "accounts:password_change",
        "accounts:delete",
        "profiles:edit",
        "profiles:directory",
    ],
)
def test_anonymous_visitor_is_sent_to_log_in(client, db, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assertRedirects(response, f"{reverse('accounts:login')}?next={url}")


def test_member_changes_language_and_time_zone_and_the_next_page_follows_them(client, member):
    client.force_login(member)
    joined_at = datetime(2024, 3, 1, 23, 30, tzinfo=UTC)
    Actor.objects.filter(pk=member.actor.pk).update(created_at=joined_at)

    response = client.post(
        reverse("accounts:settings"),
        {"email": "ada@example.org", "language": "fi", "time_zone": "Europe/Helsinki"},
    )

    assertRedirects(response, reverse("accounts:settings"), fetch_redirect_response=False)
    member.refresh_from_db()
    assert (member.language, member.time_zone) == ("fi", "Europe/Helsinki")
    page = client.get(reverse("profiles:detail", args=["ada"]))
    assert html_lang(page) == "fi"
    assert page["Content-Language"] == "fi"
    # 23:30 UTC on 1 March is already 2 March in Helsinki.
    assertContains(page, "2. maaliskuuta 2024")


def test_member_cannot_take_the_e_mail_address_of_another_account(client, make_user):
    make_user("grace", email="grace@example.org")
    ada = make_user("ada")
    client.force_login(ada)

    response = client.post(
        reverse("accounts:settings"),
        {"email": "GRACE@example.org", "language": "en", "time_zone": "UTC"},
    )

    assertContains(response, "An account with this e-mail address already exists.")
    ada.refresh_from_db()
    assert ada.email == "ada@example.org"


def test_language_switcher_sets_a_cookie_for_an_anonymous_visitor(client, db):
    response = client.post(reverse("accounts:language"), {"language": "fi", "next": "/login/"})

    assertRedirects(response, "/login/", fetch_redirect_response=False)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fi"
    page = client.get("/login/")
    assert html_lang(page) == "fi"
    assert page["Content-Language"] == "fi"


def test_language_switcher_saves_the_members_language(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:language"), {"language": "it", "next": "/"}, follow=True
    )

    member.refresh_from_db()
    assert member.language == "it"
    assert html_lang(response) == "it"
    # The saved language wins on another device too, where no cookie was ever set.
    other_device = type(client)()
    other_device.force_login(member)
    assert html_lang(other_device.get("/")) == "it"


@pytest.mark.parametrize("language", ["xx", "", "<b>fi</b>"])
def test_language_switcher_refuses_an_unknown_language_with_a_message(client, member, language):
    client.force_login(member)

    response = client.post(
        reverse("accounts:language"), {"language": language, "next": "/"}, follow=True
    )

    assert response.status_code == 200
    assertContains(response, "is not a supported language.")
    assertNotContains(response, "<b>fi</b>")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    member.refresh_from_db()
    assert member.language == "en"


def test_language_switcher_refuses_an_unknown_language_for_an_anonymous_visitor(client, db):
    response = client.post(reverse("accounts:language"), {"language": "xx"}, follow=True)

    assertContains(response, "“xx” is not a supported language.")
    assert html_lang(response) == "en"


def test_language_switcher_does_not_redirect_to_another_site(client, db):
    response = client.post(
        reverse("accounts:language"), {"language": "de", "next": "https://evil.example/"}
    )

    assertRedirects(response, reverse("core:home"), fetch_redirect_response=False)


# Passwords


def test_member_changes_password_and_only_the_new_one_works(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    assertRedirects(response, reverse("accounts:settings"))
    assertContains(response, "Your password has been changed.")
    assert is_logged_in(client)
    client.post(reverse("accounts:logout"))
    assertContains(log_in(client, "ada", TEST_PASSWORD), "Please enter a correct")
    assertRedirects(log_in(client, "ada", NEW_PASSWORD), reverse("core:home"))


def test_password_change_with_a_wrong_old_password_is_refused(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password(TEST_PASSWORD)


def reset_link_from(message) -> str:
    match = re.search(r"https?://testserver(/password-reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_e_mail_link_sets_a_new_password(client, member):
    response = client.post(reverse("accounts:password_reset"), {"email": "ADA@example.org"})

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "Choose a new password for Candela"
    assert "Hello @ada," in message.body

    form_page = client.get(reset_link_from(message), follow=True)
    assertContains(form_page, "new_password1")
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assertRedirects(done, reverse("accounts:login"))
    assertContains(done, "Your password has been set.")
    assertRedirects(log_in(client, "ada", NEW_PASSWORD), reverse("core:home"))


def test_password_reset_link_works_only_once(client, member):
    client.post(reverse("accounts:password_reset"), {"email": "ada@example.org"})
    link = reset_link_from(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assertContains(again, "This link is no longer valid")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, member):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assertRedirects(response, reverse("accounts:password_reset_done"))
    assert mail.outbox == []


def test_password_reset_e_mail_is_written_in_the_members_language(client, make_user):
    make_user("hans", email="hans@example.org", language="de")

    client.post(
        reverse("accounts:password_reset"),
        {"email": "hans@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert mail.outbox[0].subject == "Neues Passwort für Candela wählen"
    assert mail.outbox[0].body.startswith("Hallo @hans,")


# Account deletion


def test_account_deletion_needs_the_current_password(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:delete"), {"password": "not-the-password"})

    assertContains(response, "This is not your current password.")
    assert User.objects.filter(pk=member.pk).exists()
    assert is_logged_in(client)


def test_deleting_the_account_logs_out_and_leaves_a_tombstone_with_no_profile_page(client, member):
    actor_id = member.actor.pk
    client.force_login(member)
    assert client.get(reverse("profiles:detail", args=["ada"])).status_code == 200

    response = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD}, follow=True)

    assertRedirects(response, reverse("core:home"))
    assertContains(response, "Your account has been deleted.")
    assert not is_logged_in(client)
    assert not User.objects.filter(pk=member.pk).exists()
    tombstone = Actor.objects.get(pk=actor_id)
    assert tombstone.deleted_at is not None
    assert tombstone.user is None
    assert client.get(reverse("profiles:detail", args=["ada"])).status_code == 404
