"""The privacy matrix for posts (issue 3, item 8): for a post of each visibility, each kind of
viewer sees it, or not, on every surface that shows posts, in the HTML pages and the API.

The post is a reply in someone else's public thread, so the thread surfaces (the thread page
and the API's context of the thread's first post) show whether a hidden reply stays hidden.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from candela.accounts.models import User
from candela.api.services import register_application
from candela.graph import services as graph
from candela.posts import services
from candela.profiles.models import Actor
from tests.audience import AUDIENCE, VIEWERS, VISIBILITIES, place_viewers

SURFACES = [
    "post_page",
    "thread_page",
    "profile_page",
    "hashtag_page",
    "api_show",
    "api_context",
    "api_account_statuses",
]


def expected(visibility: str, viewer: str) -> dict[str, bool]:
    sees = viewer in AUDIENCE[visibility]
    row = dict.fromkeys(SURFACES, sees)
    row["hashtag_page"] = sees and visibility == "public"
    return row


def token_for(user: User, application: Any) -> str:
    value = secrets.token_urlsafe(30)
    get_access_token_model().objects.create(
        user=user,
        application=application,
        token=value,
        scope="read write",
        expires=timezone.now() + timedelta(days=1),
    )
    return value


@pytest.fixture
def world(make_user: Callable[..., User]) -> dict[str, Any]:
    users = {name: make_user(name) for name in [*VIEWERS[:-1], "host"]}
    actors: dict[str, Actor] = {name: user.actor for name, user in users.items()}
    circle = place_viewers(actors)
    app = register_application(
        name="Matrix", redirect_uris=["urn:ietf:wg:oauth:2.0:oob"], scopes=["read", "write"]
    ).application
    clients = {name: Client() for name in VIEWERS}
    api = {name: Client() for name in VIEWERS}
    for name, user in users.items():
        if name in clients:
            clients[name].force_login(user)
            api[name] = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, app)}")
    root = services.publish_post(actors["host"], text="A public thread", visibility="public")
    return {"actors": actors, "circle": circle, "root": root, "clients": clients, "api": api}


def publish(world: dict[str, Any], visibility: str) -> Any:
    return services.publish_post(
        world["actors"]["author"],
        text=f"marker-{visibility} for @mentioned #matrix{visibility}",
        visibility=visibility,
        circle_id=world["circle"].id if visibility == "circle" else None,
        in_reply_to_id=world["root"].id,
    )


def observe(world: dict[str, Any], viewer: str, post: Any) -> dict[str, bool]:
    page, api = world["clients"][viewer], world["api"][viewer]
    marker = post.text.split()[0]
    root = world["root"]
    author = world["actors"]["author"]

    def shows(url: str) -> bool:
        response = page.get(url)
        return response.status_code == 200 and marker in response.content.decode()

    context = api.get(f"/api/v1/statuses/{root.id}/context").json()
    listing_response = api.get(f"/api/v1/accounts/{author.id}/statuses")
    # A block makes the whole account a 404.
    listing = listing_response.json() if listing_response.status_code == 200 else []
    return {
        "post_page": page.get(f"/@author/{post.id}").status_code == 200,
        "thread_page": shows(f"/@host/{root.id}"),
        "profile_page": shows("/@author"),
        "hashtag_page": shows(f"/tags/matrix{post.visibility}"),
        "api_show": api.get(f"/api/v1/statuses/{post.id}").status_code == 200,
        "api_context": str(post.id) in [s["id"] for s in context["descendants"]],
        "api_account_statuses": str(post.id) in [s["id"] for s in listing],
    }


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_each_viewer_sees_exactly_the_posts_meant_for_them(
    world: dict[str, Any], visibility: str, viewer: str
) -> None:
    post = publish(world, visibility)
    assert observe(world, viewer, post) == expected(visibility, viewer)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_deleted_post_is_seen_by_nobody(world: dict[str, Any], viewer: str) -> None:
    post = publish(world, "public")
    services.delete_post(world["actors"]["author"], post_id=post.id)
    assert observe(world, viewer, post) == dict.fromkeys(SURFACES, False)


def test_a_circle_post_follows_the_circle_at_read_time(world: dict[str, Any]) -> None:
    post = publish(world, "circle")
    stranger = world["actors"]["stranger"]
    graph.follow(world["actors"]["author"], target=stranger)
    graph.add_circle_members(
        world["actors"]["author"], circle_id=world["circle"].id, actor_ids=[stranger.id]
    )
    assert observe(world, "stranger", post) == expected("circle", "circle_member")
