"""Pages that change without reloading (issue 4, item 2): what happens elsewhere reaches an open
page through the streaming server, and a page that lost its connection catches up."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from candela.graph import services as graph
from candela.posts import services as posts
from candela.posts.models import Post
from candela.profiles.models import Actor
from candela.streaming.tests.server import LiveServer
from tests.browser.conftest import in_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SETTLE = 15_000  # ms: a reconnection waits a backoff of one to two seconds first


def session_cookie(actor: Actor) -> str:
    client = Client()
    client.force_login(actor.user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in(page: Page, server: LiveServer, cookie: str) -> None:
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.http}]
    )


@pytest.fixture
def adas_post(ada: Actor, bob: Actor) -> dict[str, Any]:
    """Ada's public post and her signed-in session, made before the browser opens."""
    post = posts.publish_post(ada, text="Thoughts on candles", visibility="public")
    return {"post": post, "path": f"/@ada/{post.id}", "cookie": session_cookie(ada)}


def comment(author: Actor, post: Post, text: str) -> Post:
    return in_thread(
        posts.publish_post, author, text=text, visibility="public", in_reply_to_id=post.id
    )


def open_thread(page: Page, server: LiveServer, adas_post: dict[str, Any], ada: Actor) -> None:
    sign_in(page, server, adas_post["cookie"])
    page.goto(adas_post["path"])
    page.evaluate("window.stillTheSamePage = true")
    server.wait_for_subscribers(f"thread:{adas_post['post'].id}")
    server.wait_for_subscribers(f"timeline:{ada.id}")


def test_comments_reactions_and_the_badge_reach_an_open_post_page(
    adas_post, ada, bob, live, live_page: Page
):
    open_thread(live_page, live, adas_post, ada)
    expect(live_page.get_by_text("No comments yet.")).to_be_visible()

    reply = comment(bob, adas_post["post"], "@ada What a lovely thought")
    replies = live_page.locator("#replies")
    expect(replies.locator(f"#post-{reply.id}")).to_contain_text("What a lovely thought")
    expect(live_page.get_by_text("No comments yet.")).to_have_count(0)
    badge = live_page.locator('[data-live-badge="notifications"] .nav-badge')
    expect(badge).to_have_text("1")

    in_thread(posts.react, bob, post_id=adas_post["post"].id, kind="🎉")
    main_card = live_page.locator(f"#post-{adas_post['post'].id}")
    expect(main_card.get_by_role("button", name="Celebrate")).to_contain_text("1")
    expect(badge).to_have_text("2")

    # A reply to the comment goes under it, in the nested thread.
    answer = comment(ada, reply, "@bob Thank you")
    nested = replies.locator(f"li:has(> #post-{reply.id}) > ol.thread > li > #post-{answer.id}")
    expect(nested).to_contain_text("Thank you")
    expect(replies.locator(f"#post-{answer.id}")).to_have_count(1)

    # The new comment's buttons work (htmx processed it).
    replies.locator(f"#post-{reply.id}").get_by_role("button", name="Favourite").click()
    expect(
        replies.locator(f"#post-{reply.id}").get_by_role("button", name="Favourite")
    ).to_have_attribute("aria-pressed", "true")

    in_thread(posts.edit_post, bob, post_id=reply.id, text="@ada What a bright thought")
    expect(replies.locator(f"#post-{reply.id}")).to_contain_text("What a bright thought")
    in_thread(posts.delete_post, bob, post_id=reply.id)
    # Deleted with a comment under it: a tombstone, as the page shows it after a reload.
    expect(replies.locator(f"#post-{reply.id}")).to_have_text("This post was deleted.")
    assert live_page.evaluate("window.stillTheSamePage") is True


def test_the_home_feed_offers_new_posts_and_inserts_them_once(ada, bob, live, live_page: Page):
    # The browser is open: the database is used from threads that close their connections.
    in_thread(graph.follow, ada, target=bob)
    in_thread(posts.publish_post, bob, text="An older post", visibility="public")
    cookie = in_thread(session_cookie, ada)
    sign_in(live_page, live, cookie)
    live_page.goto("/")
    live.wait_for_subscribers(f"timeline:{ada.id}")
    new_posts = live_page.locator("#new-posts")
    expect(new_posts).to_be_hidden()

    fresh = in_thread(posts.publish_post, bob, text="Fresh off the press", visibility="public")
    expect(new_posts).to_have_text("1 new post")
    in_thread(posts.publish_post, bob, text="And another one", visibility="public")
    expect(new_posts).to_have_text("2 new posts")
    new_posts.click()
    feed = live_page.locator("#posts")
    expect(feed.locator("article").first).to_contain_text("And another one")
    expect(feed.locator(f"#post-{fresh.id}")).to_have_count(1)
    expect(feed.locator("article")).to_have_count(3)
    expect(new_posts).to_be_hidden()

    # Ada's own post shows where she wrote it, not as a new one.
    live_page.get_by_label("What would you like to share?").fill("My own news")
    live_page.get_by_role("button", name="Publish").click()
    expect(feed.locator("article").first).to_contain_text("My own news")
    live_page.wait_for_timeout(500)
    expect(new_posts).to_be_hidden()


def test_a_page_reconnects_after_a_restart_and_shows_what_it_missed(
    adas_post, ada, bob, live, live_page: Page
):
    open_thread(live_page, live, adas_post, ada)
    live.stop()
    missed = comment(bob, adas_post["post"], "@ada Written while you were away")
    live.start()
    expect(live_page.locator(f"#replies #post-{missed.id}")).to_contain_text(
        "Written while you were away", timeout=SETTLE
    )
    expect(live_page.locator('[data-live-badge="notifications"] .nav-badge')).to_have_text("1")

    # Reconnected: live again.
    live.wait_for_subscribers(f"thread:{adas_post['post'].id}")
    later = comment(bob, adas_post["post"], "@ada And now live again")
    expect(live_page.locator(f"#replies #post-{later.id}")).to_contain_text("live again")
    assert live_page.evaluate("window.stillTheSamePage") is True
    assert re.fullmatch(r".*/@ada/\d+", live_page.url)
