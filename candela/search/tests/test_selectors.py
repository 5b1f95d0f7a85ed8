"""Accounts and hashtags: ranking, discoverability, blocks, and local URLs."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from candela.graph import services as graph
from candela.posts import services
from candela.profiles.models import Actor, Position
from candela.search import selectors


def usernames(actors: list[Actor]) -> list[str]:
    return [actor.username for actor in actors]


def test_exact_handle_comes_first_then_prefixes_then_the_rest(
    make_actor: Callable[..., Actor],
) -> None:
    viewer = make_actor("viewer")
    make_actor("annabel", display_name="Someone")
    make_actor("zoe", display_name="Ann Example")
    make_actor("marie", bio="", location="Ann Arbor")
    make_actor("ann")
    found = selectors.search_accounts(viewer.user, "ann", limit=10)  # type: ignore[arg-type]
    assert usernames(found) == ["ann", "annabel", "zoe", "marie"]


def test_skills_company_title_and_location_are_searched(
    make_actor: Callable[..., Actor],
) -> None:
    viewer = make_actor("viewer")
    pythonista = make_actor("lena", skills=["Python", "Gardening"], location="Tampere")
    Position.objects.create(actor=pythonista, company="Acme Oy", title="Data engineer")
    for query in ["python", "acme", "data engineer", "tampere", "python acme"]:
        found = selectors.search_accounts(viewer.user, query, limit=10)  # type: ignore[arg-type]
        assert usernames(found) == ["lena"], query
    assert selectors.search_accounts(viewer.user, "python cobol", limit=10) == []  # type: ignore[arg-type]


def test_a_hidden_account_is_found_by_its_exact_handle_only(
    make_actor: Callable[..., Actor],
) -> None:
    viewer = make_actor("viewer")
    make_actor("hermit", is_discoverable=False)
    user = viewer.user
    assert selectors.search_accounts(user, "hermit", limit=10) == []  # type: ignore[arg-type]
    assert selectors.search_accounts(user, "@herm", limit=10) == []  # type: ignore[arg-type]
    for query in ["@hermit", f"hermit@{settings.CANDELA_DOMAIN}", "@HERMIT"]:
        found = selectors.search_accounts(user, query, limit=10)  # type: ignore[arg-type]
        assert usernames(found) == ["hermit"], query


def test_blocked_deleted_and_deactivated_accounts_are_never_found(
    make_actor: Callable[..., Actor],
) -> None:
    viewer = make_actor("viewer")
    blocker = make_actor("ruthblocker")
    blocked = make_actor("ruthblocked")
    gone = make_actor("ruthgone")
    off = make_actor("ruthoff")
    graph.block(blocker, target=viewer)
    graph.block(viewer, target=blocked)
    gone.deleted_at = gone.created_at
    gone.save(update_fields=["deleted_at"])
    assert off.user is not None
    off.user.is_active = False
    off.user.save(update_fields=["is_active"])
    make_actor("ruthok")
    for query in ["ruth", "@ruthblocker", "@ruthblocked", "@ruthgone", "@ruthoff"]:
        found = selectors.search_accounts(viewer.user, query, limit=10)  # type: ignore[arg-type]
        assert set(usernames(found)) <= {"ruthok"}, query


def test_following_keeps_only_followed_accounts(make_actor: Callable[..., Actor]) -> None:
    viewer = make_actor("viewer")
    followed = make_actor("kimfollowed")
    make_actor("kimother")
    graph.follow(viewer, target=followed)
    found = selectors.search_accounts(viewer.user, "kim", limit=10, following=True)  # type: ignore[arg-type]
    assert usernames(found) == ["kimfollowed"]
    assert selectors.search_accounts(AnonymousUser(), "kim", limit=10, following=True) == []


def test_hashtags_by_prefix_only_from_posts_the_viewer_may_see(
    make_actor: Callable[..., Actor],
) -> None:
    author, stranger = make_actor("author"), make_actor("stranger")
    services.publish_post(author, text="#gardening and #garden", visibility="public")
    services.publish_post(author, text="#gardensecret", visibility="direct")
    found = selectors.search_hashtags(stranger.user, "#GARD", limit=10)  # type: ignore[arg-type]
    assert [tag.name for tag in found] == ["garden", "gardening"]
    mine = selectors.search_hashtags(author.user, "garden", limit=10)  # type: ignore[arg-type]
    assert [tag.name for tag in mine] == ["garden", "gardening", "gardensecret"]


def test_a_local_url_resolves_to_its_account_or_post(make_actor: Callable[..., Actor]) -> None:
    author, stranger = make_actor("author"), make_actor("stranger")
    post = services.publish_post(author, text="Hello", visibility="public")
    secret = services.publish_post(author, text="Psst", visibility="direct")
    user = stranger.user
    assert user is not None
    by_profile = selectors.resolve_local_url(user, f"{settings.CANDELA_URL}/@author")
    assert by_profile is not None
    assert usernames(by_profile.accounts) == ["author"]
    by_post = selectors.resolve_local_url(user, post.url)
    assert by_post is not None
    assert by_post.posts == [post]
    hidden = selectors.resolve_local_url(user, secret.url)
    assert hidden is not None
    assert hidden.posts == []
    assert hidden.accounts == []
    assert selectors.resolve_local_url(user, "https://elsewhere.example/@author") is None
