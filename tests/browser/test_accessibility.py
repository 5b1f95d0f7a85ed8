"""Every page passes axe-core's WCAG 2.1 A and AA rules, signed out and signed in, in English
and in Finnish (longer words stress layouts and labels)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from candela.api.services import register_application
from candela.posts import services as posts
from conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SIGNED_OUT_PAGES = ["/", "/signup/", "/login/", "/password-reset/", "/no-such-page/"]
SIGNED_IN_PAGES = [
    "/",
    "/@ada",
    "/people/",
    "/settings/",
    "/settings/profile/",
    "/settings/password/",
    "/settings/apps/",
    "/settings/delete/",
]


def violations_on(page: Page, path: str) -> list[str]:
    page.goto(path)
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
    ]


def log_in(page: Page, *, language: str) -> None:
    page.goto("/login/")
    page.locator("input[name=username]").fill("ada")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button").click()
    expect(page.locator("header form[action='/logout/']")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_the_checker_reports_a_violation_when_there_is_one(page: Page):
    page.set_content('<html lang="en"><title>x</title><main><img src="a.png"></main></html>')
    results = Axe().run(page, options=WCAG_AA)
    assert "image-alt" in [v["id"] for v in results.response["violations"]]


def test_signed_out_pages_meet_wcag_aa(page: Page):
    found = [v for path in SIGNED_OUT_PAGES for v in violations_on(page, path)]
    assert found == []


@pytest.fixture(params=["en", "fi"])
def member_with_an_app(request: pytest.FixtureRequest, make_user) -> tuple[str, str, str]:
    """Ada, speaking the parameter's language, an app's client id to consent to and the
    thread page of one of her posts (with a comment, a reaction and a link). Made
    before the browser opens: ORM calls while it is open leak a connection (see conftest)."""
    ada = make_user("ada", language=request.param).actor
    bob = make_user("bob").actor
    post = posts.publish_post(
        ada, text="Hello @bob, see https://example.org #candela", visibility="public"
    )
    posts.publish_post(bob, text="A comment", visibility="public", in_reply_to_id=post.id)
    posts.publish_post(ada, text="Behind a warning", visibility="public", spoiler_text="CW")
    posts.react(bob, post_id=post.id, kind="🎉")
    application = register_application(
        name="Ivory", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read", "write"]
    ).application
    return request.param, application.client_id, f"/@ada/{post.id}"


def test_signed_in_pages_meet_wcag_aa(member_with_an_app: tuple[str, str, str], page: Page):
    language, client_id, thread = member_with_an_app
    log_in(page, language=language)
    consent = (
        f"/oauth/authorize?response_type=code&client_id={client_id}"
        "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write"
    )
    pages = [*SIGNED_IN_PAGES, consent, thread, "/tags/candela"]
    found = [v for path in pages for v in violations_on(page, path)]
    assert found == []
