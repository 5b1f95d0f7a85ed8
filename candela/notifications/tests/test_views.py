"""The notifications page through HTTP: sentences and links, tabs, "Load more" with and without
htmx, mark all read, the empty state, the unread badge, and the e-mail settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from candela.graph import services as graph
from candela.notifications import selectors, views
from candela.notifications.models import Notification, NotificationKind
from candela.notifications.tests.conftest import Committed
from candela.posts import services as posts
from candela.posts.models import ReactionKind, Visibility
from candela.profiles.models import Actor

pytestmark = pytest.mark.django_db


def signed_in(client: Client, actor: Actor) -> Client:
    assert actor.user is not None
    client.force_login(actor.user)
    return client


def mention(author: Actor, committed: Committed, text: str = "Hello @ada") -> int:
    with committed():
        post = posts.publish_post(author, text=text, visibility=Visibility.PUBLIC)
    return post.id


def test_the_page_needs_a_sign_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_empty_page_says_what_will_appear_here(client, ada):
    response = signed_in(client, ada).get("/notifications/")
    assertContains(response, "Nothing new yet.")
    assertNotContains(response, "Mark all as read")


def test_each_kind_reads_as_a_sentence_linking_to_the_person_and_the_post(
    client, ada, bob, committed
):
    with committed():
        graph.follow(bob, target=ada)
    post_id = mention(bob, committed, "Lunch tomorrow, @ada?")
    with committed():
        mine = posts.publish_post(ada, text="My post", visibility=Visibility.PUBLIC)
        posts.react(bob, post_id=mine.id, kind=ReactionKind.PARTY)
    response = signed_in(client, ada).get("/notifications/")
    assertContains(response, '<a href="/@bob">bob</a> followed you.')
    assertContains(response, '<a href="/@bob">bob</a> mentioned you in a post.')
    assertContains(response, '<a href="/@bob">bob</a> reacted to your post with 🎉.')
    assertContains(response, "Lunch tomorrow, @ada?")
    opened = Notification.objects.get(post_id=post_id)
    assertContains(response, f'href="/notifications/{opened.id}/"')
    redirect = client.get(f"/notifications/{opened.id}/")
    assert redirect["Location"] == f"/@bob/{post_id}"
    opened.refresh_from_db()
    assert opened.is_read


def test_the_sentences_are_translated(client, make_actor, bob, committed):
    ada = make_actor("ada", language="de")
    mention(bob, committed)
    response = signed_in(client, ada).get("/notifications/", HTTP_ACCEPT_LANGUAGE="de")
    assertContains(response, "hat dich in einem Beitrag erwähnt.")


def test_someone_elses_notification_cannot_be_opened(client, ada, bob, committed):
    mention(bob, committed, "Hello @bob")  # bob is not notified of himself
    mention(ada, committed, "Hello @bob")
    theirs = Notification.objects.get(recipient=bob)
    assert signed_in(client, ada).get(f"/notifications/{theirs.id}/").status_code == 404


@pytest.mark.parametrize(
    ("tab", "shown", "hidden"),
    [
        ("mentions", "mentioned you", "followed you"),
        ("follows", "followed you", "mentioned you"),
        ("reactions", "favourited your post", "followed you"),
        ("all", "followed you", "nothing-hidden"),
    ],
)
def test_each_tab_shows_its_kinds_only(client, ada, bob, committed, tab, shown, hidden):
    with committed():
        graph.follow(bob, target=ada)
        mine = posts.publish_post(ada, text="Mine", visibility=Visibility.PUBLIC)
        posts.react(bob, post_id=mine.id)
    mention(bob, committed)
    response = signed_in(client, ada).get(f"/notifications/?filter={tab}")
    assertContains(response, shown)
    assertNotContains(response, hidden)
    assertContains(response, f'href="?filter={tab}" aria-current="page"')


def test_an_empty_tab_has_its_own_message(client, ada, bob, committed):
    mention(bob, committed)
    response = signed_in(client, ada).get("/notifications/?filter=follows")
    assertContains(response, "Nothing of this kind yet.")


def test_load_more_serves_the_next_page_whole_or_as_an_htmx_fragment(
    client, ada, bob, committed, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    ids = [mention(bob, committed, f"Message {n} for @ada") for n in range(3)]
    signed_in(client, ada)
    first = client.get("/notifications/")
    assertContains(first, "Message 2")
    assertContains(first, "Message 1")
    assertNotContains(first, "Message 0")
    oldest_shown = Notification.objects.get(post_id=ids[1]).id
    assertContains(first, f'hx-get="?filter=all&amp;max_id={oldest_shown}"')
    assertContains(first, f'href="?filter=all&amp;max_id={oldest_shown}"')

    plain = client.get(f"/notifications/?filter=all&max_id={oldest_shown}")
    assertContains(plain, "<html", status_code=200)
    assertContains(plain, "Message 0")

    fragment = client.get(
        f"/notifications/?filter=all&max_id={oldest_shown}", HTTP_HX_REQUEST="true"
    )
    assertNotContains(fragment, "<html")
    assertContains(fragment, "Message 0")
    assertNotContains(fragment, "Message 1")
    assertNotContains(fragment, "Load more")


def test_mark_all_read_leaves_newer_notifications_unread(client, ada, bob, committed):
    mention(bob, committed, "First @ada")
    signed_in(client, ada)
    page = client.get("/notifications/")
    up_to = page.context["page"].newest_key
    mention(bob, committed, "Second @ada")  # arrives while the page is open
    response = client.post("/notifications/read", {"up_to_id": up_to}, follow=True)
    assertContains(response, "All caught up")
    assert selectors.unread_count_for(ada) == 1


def test_the_navigation_shows_the_unread_count_as_a_badge(client, ada, bob, make_actor, committed):
    signed_in(client, ada)
    home = client.get("/notifications/")
    assertNotContains(home, 'class="nav-badge"')
    mention(bob, committed)
    mention(make_actor("cy"), committed)
    response = client.get("/people/")
    assertContains(
        response,
        'Notifications<span data-live-badge="notifications"> '
        '<span class="nav-badge" aria-hidden="true">2</span>'
        '<span class="visually-hidden">(2 unread)</span>',
    )
    client.post("/notifications/read")
    assertNotContains(client.get("/people/"), 'class="nav-badge"')


def test_the_page_runs_a_fixed_number_of_queries(client, ada, bob, make_actor, committed):
    signed_in(client, ada)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        return len(queries)

    mention(bob, committed)
    few = count()
    for n in range(4):
        other = make_actor(f"friend{n}")
        with committed():
            graph.follow(other, target=ada)
            graph.request_connection(other, recipient=ada)
        mention(other, committed, f"Hi @ada from {n}")
        with committed():
            mine = posts.publish_post(ada, text=f"Mine {n}", visibility=Visibility.PUBLIC)
            posts.react(other, post_id=mine.id)
            posts.boost(other, post_id=mine.id)
    assert Notification.objects.filter(recipient=ada).count() > 15
    assert count() == few


def test_email_settings_are_shown_with_the_defaults_and_saved(client, ada):
    signed_in(client, ada)
    page = client.get("/notifications/settings/")
    assertContains(page, 'value="mention" id="id_email_kinds_4" checked', html=False)
    response = client.post(
        "/notifications/settings/", {"email_kinds": ["follow", "reply"]}, follow=True
    )
    assertContains(response, "Your e-mail settings are saved.")
    assert selectors.email_kinds_for(ada) == {NotificationKind.FOLLOW, NotificationKind.REPLY}


def test_email_settings_refuse_an_unknown_kind(client, ada):
    response = signed_in(client, ada).post("/notifications/settings/", {"email_kinds": ["spam"]})
    assert response.status_code == 200
    assertContains(response, "spam")
    assert selectors.email_kinds_for(ada) == {NotificationKind.MENTION, NotificationKind.REPLY}


def test_the_account_settings_link_to_the_email_settings(client, ada):
    response = signed_in(client, ada).get("/settings/")
    assertContains(response, 'href="/notifications/settings/"')


def test_requests_lead_to_the_network_tab_where_they_are_answered(
    client, ada, bob, make_actor, committed
):
    ada.is_locked = True
    ada.save(update_fields=["is_locked"])
    with committed():
        graph.follow(bob, target=ada)
        graph.request_connection(make_actor("cy"), recipient=ada)
    signed_in(client, ada)
    assertContains(client.get("/notifications/"), "Answer the request", count=2)
    for kind, tab in [
        (NotificationKind.FOLLOW_REQUEST, "follow-requests"),
        (NotificationKind.CONNECTION_REQUEST, "received"),
    ]:
        notification = Notification.objects.get(recipient=ada, kind=kind)
        response = client.get(f"/notifications/{notification.id}/")
        assert response["Location"] == f"/network/?tab={tab}"


def test_the_badge_alone_answers_the_unread_count_for_live_pages(client, ada, bob, committed):
    signed_in(client, ada)
    assert client.get("/notifications/badge").content.decode() == ""
    mention(bob, committed)
    badge = client.get("/notifications/badge").content.decode()
    assert '<span class="nav-badge" aria-hidden="true">1</span>' in badge
    assert "(1 unread)" in badge
