"""A newcomer signs up, fills in their profile, logs out and in, and switches to Finnish."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_up_edits_profile_logs_out_and_in_and_switches_to_finnish(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()

    page.get_by_label("Username").fill("grace")
    page.get_by_label("E-mail address").fill("grace@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Language").first.select_option("en")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/settings/profile/$"))
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()
    page.get_by_label("Display name").fill("Grace Hopper")
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(r"/@grace$"))
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Username").fill("GRACE")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome back, Grace Hopper")).to_be_visible()

    footer = page.locator("footer")
    footer.get_by_label("Language").select_option(label="Suomi")
    footer.get_by_role("button").click()

    expect(page.locator("html")).to_have_attribute("lang", "fi")
    # Saved in the member's settings, not only in a cookie.
    page.goto("/settings/")
    expect(page.locator("main select[name=language]")).to_have_value("fi")
    # Candela's own Finnish strings, from candela/locale/fi (base.html's button and navigation).
    expect(page.locator("header").get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="Asetukset")).to_be_visible()
