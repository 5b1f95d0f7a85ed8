"""The home page's feed, the local timeline and a circle's feed, with and without htmx."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from candela.accounts.models import User
from candela.feed.tests.conftest import Committed
from candela.graph import services as graph
from candela.posts import services as posts
from candela.profiles.models import Actor

HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_visitor_gets_the_welcome_page(db: object) -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert b'id="posts"' not in response.content


def test_a_new_member_sees_the_compose_form_and_an_empty_state(
    make_user: Callable[..., User],
) -> None:
    response = signed_in(make_user("ada")).get("/")
    page = response.content.decode()
    assert 'id="compose"' in page
    assert "Your home feed is empty for now." in page
    assert 'href="/people' in page or "profiles" in page


def test_the_home_page_shows_followed_posts_with_load_more(
    make_user: Callable[..., User], committed: Committed
) -> None:
    reader, author = make_user("reader"), make_user("author")
    with committed():
        graph.follow(reader.actor, target=author.actor)
        ids = [
            posts.publish_post(author.actor, text=f"Note {n}", visibility="public").id
            for n in range(23)
        ]
    client = signed_in(reader)
    page = client.get("/").content.decode()
    assert "Note 22" in page
    assert "Note 3" in page
    assert "Note 2<" not in page
    assert f'href="?max_id={ids[3]}"' in page
    assert 'hx-get="?max_id=' in page
    # Without htmx the link loads the whole page, older posts included.
    older = client.get(f"/?max_id={ids[3]}").content.decode()
    assert "<html" in older
    assert "Note 2" in older
    assert "Note 22" not in older
    # With htmx, only the next cards, without another "Load more" at the end.
    partial = client.get(f"/?max_id={ids[3]}", **HTMX).content.decode()
    assert "<html" not in partial
    assert "Note 0" in partial
    assert "Load more" not in partial


@pytest.mark.parametrize("max_id", ["abc", "-1", "99999999999999999999999"])
def test_a_malformed_max_id_reads_as_the_first_page(
    make_user: Callable[..., User], max_id: str
) -> None:
    response = signed_in(make_user("ada")).get(f"/?max_id={max_id}")
    assert response.status_code == 200


def test_the_local_timeline_shows_public_posts_to_anyone(
    make_actor: Callable[..., Actor], committed: Committed
) -> None:
    author = make_actor("author")
    with committed():
        posts.publish_post(author, text="For everyone", visibility="public")
        posts.publish_post(author, text="For friends", visibility="connections")
    page = Client().get("/local/").content.decode()
    assert "For everyone" in page
    assert "For friends" not in page


def test_the_local_timeline_has_an_empty_state(db: object) -> None:
    assert "Nobody has posted in public yet." in Client().get("/local/").content.decode()


def test_a_circle_feed_shows_its_members_posts_to_its_owner_only(
    make_user: Callable[..., User], committed: Committed
) -> None:
    owner, member, other = make_user("olga"), make_user("mia"), make_user("otto")
    with committed():
        graph.follow(owner.actor, target=member.actor)
        graph.follow(owner.actor, target=other.actor)
        circle = graph.create_circle(owner.actor, name="Neighbours")
        graph.add_circle_members(owner.actor, circle_id=circle.id, actor_ids=[member.actor.id])
        posts.publish_post(member.actor, text="From the circle", visibility="public")
        posts.publish_post(other.actor, text="From elsewhere", visibility="public")
    url = f"/network/circles/{circle.id}/feed"
    page = signed_in(owner).get(url).content.decode()
    assert "Neighbours" in page
    assert "From the circle" in page
    assert "From elsewhere" not in page
    assert signed_in(other).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_navigation_links_to_the_local_timeline(db: object) -> None:
    assert 'href="/local/"' in Client().get("/local/").content.decode()


def test_the_home_feed_answers_the_posts_newer_than_its_newest_for_the_live_button(
    make_user: Callable[..., User], committed: Committed
) -> None:
    ada, bob = make_user("ada"), make_user("bob")
    graph.follow(ada.actor, target=bob.actor)
    with committed():
        first = posts.publish_post(bob.actor, text="Seen", visibility="public")
    client = signed_in(ada)
    page = client.get("/").content.decode()
    assert f'data-newest="{first.id}"' in page
    assert 'data-one="%(count)s new post" data-other="%(count)s new posts"' in page
    with committed():
        second = posts.publish_post(bob.actor, text="New", visibility="public")
        own = posts.publish_post(ada.actor, text="Mine", visibility="public")
    newer = client.get(f"/?min_id={first.id}", **HTMX).content.decode()
    assert newer.startswith(f'<div data-newest="{own.id}" data-new-keys="{second.id}">')
    assert "New" in newer
    assert "Mine" in newer
    assert "Seen" not in newer
    assert "<html" not in newer


def test_the_live_button_text_is_translated_with_its_plural_forms(
    make_user: Callable[..., User],
) -> None:
    page = signed_in(make_user("ada", language="fr")).get("/").content.decode()
    assert 'data-one="%(count)s nouveau message" data-other="%(count)s nouveaux messages"' in page
