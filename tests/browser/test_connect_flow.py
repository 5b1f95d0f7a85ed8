"""Two members connect through the pages: Ada asks Bob with a note from his profile (htmx, no
page load), Bob accepts on his Network page, and each finds the other under Connections."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_members(make_user) -> None:
    """Made before the browser opens: ORM calls while it is open leak a connection."""
    make_user("ada", language="en")
    make_user("bob", language="en")


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.locator("header form[action='/logout/']")).to_be_visible()


def log_out(page: Page) -> None:
    page.locator("header").get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()


def test_two_members_connect_through_the_pages(two_members: None, page: Page):
    log_in(page, "ada")
    page.goto("/@bob")
    page.get_by_text("Connect", exact=True).click()
    page.get_by_label("A note for them (optional)").fill("We met at the Python meetup!")
    # A marker on the window shows that htmx swapped the actions without loading a page.
    page.evaluate("window.stillHere = true")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request to connect was sent to bob.")).to_be_visible()
    expect(page.get_by_text("Request sent")).to_be_visible()
    assert page.evaluate("window.stillHere") is True
    log_out(page)

    log_in(page, "bob")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Network").click()
    page.get_by_role("link", name="Requests received").click()
    expect(page.get_by_text("We met at the Python meetup!")).to_be_visible()
    page.locator("main").get_by_role("button", name=re.compile(r"^Accept")).click()
    expect(page.get_by_text("You are now connected with ada.")).to_be_visible()
    page.get_by_role("link", name="Connections").click()
    expect(page.locator("main").get_by_role("link", name="ada", exact=True)).to_be_visible()
    log_out(page)

    log_in(page, "ada")
    page.goto("/network/?tab=connections")
    expect(page.locator("main").get_by_role("link", name="bob", exact=True)).to_be_visible()
    page.goto("/@bob")
    expect(page.get_by_text("Connected", exact=True)).to_be_visible()
