"""Every page passes axe-core's WCAG 2.1 A and AA rules, signed out and signed in, in English
and in Finnish (longer words stress layouts and labels)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from candela.api.services import register_application
from candela.graph import services as graph
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
    "/@carol",
    "/@bob/followers",
    "/@bob/connections",
    # Ada has notifications of every sort by then (see member_with_an_app), so the list, its
    # tabs and the unread badge are all checked.
    "/notifications/",
    "/notifications/?filter=follows",
    "/notifications/settings/",
    *(
        f"/network/?tab={tab}"
        for tab in (
            "connections",
            "received",
            "sent",
            "followers",
            "following",
            "follow-requests",
            "blocked",
            "muted",
        )
    ),
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
def member_with_an_app(request: pytest.FixtureRequest, make_user) -> tuple[str, str, list[str]]:
    """Ada, speaking the parameter's language, an app's client id to consent to, the
    thread page of one of her posts (with a comment, a reaction and a link) and her circle on
    the Network page (her network: a connection, a request from Carol, a mute, a block). Made
    before the browser opens: ORM calls while it is open leak a connection (see conftest)."""
    ada = make_user("ada", language=request.param).actor
    bob = make_user("bob").actor
    post = posts.publish_post(
        ada, text="Hello @bob, see https://example.org #candela", visibility="public"
    )
    posts.publish_post(bob, text="A comment", visibility="public", in_reply_to_id=post.id)
    posts.publish_post(ada, text="Behind a warning", visibility="public", spoiler_text="CW")
    posts.react(bob, post_id=post.id, kind="🎉")
    carol, dan = make_user("carol").actor, make_user("dan").actor
    graph.accept_connection(bob, connection_id=graph.request_connection(ada, recipient=bob).id)
    graph.request_connection(carol, recipient=ada, note="Hello from Carol")
    graph.follow(dan, target=ada)
    graph.follow(ada, target=carol)
    graph.mute(ada, target=dan, duration=timedelta(days=1))
    graph.block(ada, target=make_user("eve").actor)
    circle = graph.create_circle(ada, name="Friends")
    graph.add_circle_members(ada, circle_id=circle.id, actor_ids=[bob.id])
    application = register_application(
        name="Ivory", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read", "write"]
    ).application
    circle_page = f"/network/?tab=circles&circle={circle.id}"
    return request.param, application.client_id, [f"/@ada/{post.id}", circle_page]


def test_signed_in_pages_meet_wcag_aa(member_with_an_app: tuple[str, str, list[str]], page: Page):
    language, client_id, pages_with_data = member_with_an_app
    log_in(page, language=language)
    consent = (
        f"/oauth/authorize?response_type=code&client_id={client_id}"
        "&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write"
    )
    pages = [*SIGNED_IN_PAGES, consent, *pages_with_data, "/tags/candela"]
    found = [v for path in pages for v in violations_on(page, path)]
    assert found == []
