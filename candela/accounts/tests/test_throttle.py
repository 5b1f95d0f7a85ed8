"""Counting failed logins in the cache (whichever cache backend is configured)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from candela.accounts import throttle
from conftest import TEST_PASSWORD


def fail(username: str, ip_address: str, times: int) -> None:
    for _ in range(times):
        throttle.record_login_failure(username, ip_address)


def test_a_username_is_throttled_only_once_it_reaches_the_limit():
    limit = settings.LOGIN_THROTTLE_PER_USERNAME

    fail("ada", "10.0.0.1", limit - 1)
    assert not throttle.is_login_throttled("ada", "10.0.0.1")

    fail("ada", "10.0.0.1", 1)
    assert throttle.is_login_throttled("ada", "10.0.0.1")


def test_failures_count_together_whatever_the_case_of_the_username():
    for index in range(settings.LOGIN_THROTTLE_PER_USERNAME):
        throttle.record_login_failure(["ada", "ADA", "Ada"][index % 3], f"10.0.0.{index}")

    assert throttle.is_login_throttled("aDa", "10.9.9.9")


def test_a_throttled_username_does_not_throttle_another_username_or_address():
    fail("ada", "10.0.0.1", settings.LOGIN_THROTTLE_PER_USERNAME)

    assert not throttle.is_login_throttled("grace", "10.0.0.1")
    assert throttle.is_login_throttled("ada", "10.0.0.2")


def test_an_address_is_throttled_after_its_own_limit_across_usernames():
    for index in range(settings.LOGIN_THROTTLE_PER_IP):
        throttle.record_login_failure(f"guess{index}", "10.6.6.6")

    assert throttle.is_login_throttled("someone-new", "10.6.6.6")
    assert not throttle.is_login_throttled("someone-new", "10.6.6.7")


def test_clearing_a_username_keeps_the_address_count():
    fail("ada", "10.6.6.6", settings.LOGIN_THROTTLE_PER_IP)

    throttle.clear_login_failures("ADA")

    assert throttle.is_login_throttled("ada", "10.6.6.6")
    assert not throttle.is_login_throttled("ada", "10.0.0.1")


@pytest.mark.parametrize("username", ["ada lovelace", "tab\there", "new\nline", "é" * 300, ""])
def test_any_typed_username_can_be_counted(username):
    fail(username, "10.0.0.1", settings.LOGIN_THROTTLE_PER_USERNAME)

    assert throttle.is_login_throttled(username, "10.0.0.2")


def log_in(client, password: str, **headers: str):
    return client.post(
        reverse("accounts:login"), {"username": "ada", "password": password}, **headers
    )


def test_a_successful_login_forgets_earlier_failures_of_that_username(client, member):
    for _ in range(settings.LOGIN_THROTTLE_PER_USERNAME - 1):
        log_in(client, "not-the-password")
    assertRedirects(log_in(client, TEST_PASSWORD), reverse("core:home"))
    client.post(reverse("accounts:logout"))

    for _ in range(settings.LOGIN_THROTTLE_PER_USERNAME - 1):
        log_in(client, "not-the-password")

    assertRedirects(log_in(client, TEST_PASSWORD), reverse("core:home"))


@override_settings(CANDELA_TRUSTED_PROXIES=0, LOGIN_THROTTLE_PER_USERNAME=1000)
def test_a_forged_forwarded_for_header_does_not_dodge_the_address_throttle(client, member):
    for index in range(settings.LOGIN_THROTTLE_PER_IP):
        log_in(client, "not-the-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")

    response = log_in(client, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")

    assertContains(response, "Too many failed attempts.")


@override_settings(CANDELA_TRUSTED_PROXIES=1, LOGIN_THROTTLE_PER_USERNAME=1000)
def test_behind_a_trusted_proxy_each_client_address_is_counted_on_its_own(client, member):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.LOGIN_THROTTLE_PER_IP):
        log_in(client, "not-the-password", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)

    blocked = log_in(client, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assertContains(blocked, "Too many failed attempts.")
    # The client may prepend anything; only the entry the proxy added counts.
    allowed = log_in(
        client, TEST_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7", **proxy
    )
    assertRedirects(allowed, reverse("core:home"))
