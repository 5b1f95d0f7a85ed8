"""A member posts from the home page, comments on a thread and reacts, all without a full
page load (htmx), and the content warning hides the text until opened."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from candela.posts import services
from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_posts_comments_and_reacts_without_reloading(member, page: Page):
    page.goto("/login/")
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button").click()

    # A marker on the window survives htmx swaps but not a page load.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("What would you like to share?").fill("Hello from the browser #htmx")
    page.get_by_role("button", name="Publish").click()
    card = page.locator("#posts article").first
    expect(card).to_contain_text("Hello from the browser")
    expect(page.get_by_label("What would you like to share?")).to_have_value("")
    assert page.evaluate("window.stillTheSamePage") is True

    card.get_by_role("button", name="Celebrate").click()
    expect(
        page.locator("#posts article").first.get_by_role("button", name="Celebrate")
    ).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stillTheSamePage") is True

    page.locator("#posts article").first.locator("a.post-time").click()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Your comment").fill("A first comment")
    page.get_by_role("button", name="Comment", exact=True).click()
    expect(page.locator("#replies")).to_contain_text("A first comment")
    assert page.evaluate("window.stillTheSamePage") is True


@pytest.fixture
def post_behind_a_warning(make_user) -> str:
    """Made before the browser opens (see conftest): the thread page's path."""
    ada = make_user("ada", language="en").actor
    post = services.publish_post(
        ada, text="The hidden part", visibility="public", spoiler_text="Spoilers"
    )
    return f"/@ada/{post.id}"


def test_content_warning_hides_the_text_until_opened(post_behind_a_warning: str, page: Page):
    page.goto(post_behind_a_warning)
    expect(page.get_by_text("The hidden part")).to_be_hidden()
    page.get_by_text("Spoilers").click()
    expect(page.get_by_text("The hidden part")).to_be_visible()
