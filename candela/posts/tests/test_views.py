from __future__ import annotations

import pytest
from django.test import Client

from candela.posts import services
from candela.posts.models import MediaAttachment, Post, Reaction
from candela.profiles.tests.pictures import png_bytes, upload


@pytest.fixture
def ada_client(make_user):
    user = make_user("ada")
    client = Client()
    client.force_login(user)
    return client, user.actor


def test_home_shows_the_compose_form_to_members(ada_client):
    client, _actor = ada_client
    response = client.get("/")
    assert 'action="/posts/new"' in response.content.decode()


def test_plain_post_publishes_and_redirects_to_the_thread(ada_client):
    client, _actor = ada_client
    response = client.post("/posts/new", {"text": "Hello #world", "visibility": "public"})
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/@ada/{post.id}" or response["Location"] == "/"
    page = client.get(f"/@ada/{post.id}")
    assert "Hello" in page.content.decode()


def test_htmx_post_answers_with_the_form_and_the_new_card(ada_client):
    client, _actor = ada_client
    response = client.post(
        "/posts/new", {"text": "Live", "visibility": "public"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#posts"' in body
    assert "Live" in body


def test_htmx_comment_is_appended_to_the_thread(ada_client):
    client, actor = ada_client
    root = services.publish_post(actor, text="root", visibility="public")
    response = client.post(
        "/posts/new",
        {"text": "a comment", "visibility": "public", "in_reply_to": str(root.id)},
        HTTP_HX_REQUEST="true",
    )
    assert 'hx-swap-oob="beforeend:#replies"' in response.content.decode()
    assert Post.objects.filter(in_reply_to=root).count() == 1


def test_too_long_post_shows_a_message_and_writes_nothing(ada_client, settings):
    settings.CANDELA_MAX_POST_CHARS = 5
    client, _actor = ada_client
    response = client.post(
        "/posts/new", {"text": "far too long", "visibility": "public"}, HTTP_HX_REQUEST="true"
    )
    assert "at most 5 characters" in response.content.decode()
    assert not Post.objects.exists()


def test_react_toggles_with_htmx(ada_client):
    client, actor = ada_client
    post = services.publish_post(actor, text="x", visibility="public")
    url = f"/@ada/{post.id}/react"
    response = client.post(url, {"kind": "🎉"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    client.post(url, {"kind": "🎉", "undo": "1"}, HTTP_HX_REQUEST="true")
    assert not Reaction.objects.exists()


def test_boost_and_delete(ada_client):
    client, actor = ada_client
    post = services.publish_post(actor, text="x", visibility="public")
    client.post(f"/@ada/{post.id}/boost")
    assert Post.objects.filter(reblog_of=post).count() == 1
    client.post(f"/@ada/{post.id}/boost", {"undo": "1"})
    assert not Post.objects.filter(reblog_of=post).exists()
    response = client.post(f"/@ada/{post.id}/delete", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not Post.objects.filter(pk=post.pk).exists()


def test_edit_page_changes_the_text(ada_client):
    client, actor = ada_client
    post = services.publish_post(actor, text="before", visibility="public")
    response = client.post(f"/@ada/{post.id}/edit", {"text": "after", "spoiler_text": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.text == "after"


def test_malformed_and_wrong_author_ids_are_404(ada_client, make_user):
    client, actor = ada_client
    make_user("bob")
    post = services.publish_post(actor, text="x", visibility="public")
    assert client.get("/@ada/notanid").status_code == 404
    assert client.get("/@ada/99999999999999999999999").status_code == 404
    assert client.get(f"/@bob/{post.id}").status_code == 404


def test_profile_and_hashtag_pages_list_posts_with_empty_states(ada_client):
    client, actor = ada_client
    assert "No posts to show yet." in client.get("/@ada").content.decode()
    assert "No public posts" in client.get("/tags/nothing").content.decode()
    services.publish_post(actor, text="tagged #candela", visibility="public")
    assert "tagged" in client.get("/@ada").content.decode()
    assert "tagged" in Client().get("/tags/Candela").content.decode()


def test_thread_page_shows_nested_comments_and_tombstones(ada_client, make_user):
    client, actor = ada_client
    bob = make_user("bob").actor
    root = services.publish_post(actor, text="root", visibility="public")
    middle = services.publish_post(bob, text="middle", visibility="public", in_reply_to_id=root.id)
    services.publish_post(actor, text="leaf", visibility="public", in_reply_to_id=middle.id)
    services.delete_post(bob, post_id=middle.id)
    body = client.get(f"/@ada/{root.id}").content.decode()
    assert "This post was deleted." in body
    assert "leaf" in body


def test_compose_takes_up_to_four_pictures_with_alt_text(ada_client):
    client, _actor = ada_client
    response = client.post(
        "/posts/new",
        {
            "text": "",
            "visibility": "public",
            "image_1": upload(png_bytes(30, 30), "a.png"),
            "description_1": "first",
            "image_3": upload(png_bytes(30, 30), "b.png"),
            "description_3": "third",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert [m.description for m in post.media.all()] == ["first", "third"]
    page = client.get(f"/@ada/{post.id}").content.decode()
    assert 'alt="first"' in page


def test_a_refused_post_keeps_no_uploaded_picture(ada_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client, _actor = ada_client
    client.post(
        "/posts/new",
        {"text": "x", "visibility": "circle", "image_1": upload(png_bytes(30, 30), "a.png")},
    )
    assert not Post.objects.exists()
    assert not MediaAttachment.objects.exists()
    media_root = settings.MEDIA_ROOT / "attachments"
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_comment_form_mentions_the_author_and_keeps_the_audience(ada_client, make_user):
    client, _actor = ada_client
    bob = make_user("bob").actor
    post = services.publish_post(bob, text="@ada hi", visibility="connections")
    body = client.get(f"/@bob/{post.id}").content.decode()
    assert "@bob </textarea>" in body
    assert '<option value="connections" selected>' in body


def _post_with_pictures(actor, count):
    media = [
        services.upload_media(actor, file=upload(png_bytes(40, 30)), description=f"Old {n}")
        for n in range(1, count + 1)
    ]
    return services.publish_post(
        actor, text="Pictures", visibility="public", media_ids=[m.id for m in media]
    ), media


def test_edit_page_keeps_removes_describes_and_adds_pictures(ada_client):
    client, actor = ada_client
    post, (first, second) = _post_with_pictures(actor, 2)
    page = client.get(f"/@ada/{post.id}/edit").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Old 1" in page
    assert "Keep picture 2" in page
    response = client.post(
        f"/@ada/{post.id}/edit",
        {
            "text": "Pictures, edited",
            "spoiler_text": "",
            f"keep_{first.id}": "on",
            f"alt_{first.id}": "A clearer description",
            f"alt_{second.id}": "Old 2",
            "image_3": upload(png_bytes(50, 40), "new.png"),
            "description_3": "The new one",
        },
    )
    assert response.status_code == 302
    shown = list(post.media.order_by("position"))
    assert shown[0].id == first.id
    assert [m.description for m in shown] == ["A clearer description", "The new one"]
    assert MediaAttachment.objects.get(pk=second.pk).post_id is None
    post.refresh_from_db()
    assert post.text == "Pictures, edited"
    assert post.changed_at is not None


def test_a_refused_edit_changes_no_picture_and_stores_no_file(ada_client):
    client, actor = ada_client
    post, (first,) = _post_with_pictures(actor, 1)
    before = MediaAttachment.objects.count()
    response = client.post(
        f"/@ada/{post.id}/edit",
        {
            "text": "x" * 6000,
            "spoiler_text": "",
            f"keep_{first.id}": "on",
            f"alt_{first.id}": "Changed",
            "image_2": upload(png_bytes(50, 40), "new.png"),
        },
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert MediaAttachment.objects.count() == before
    first.refresh_from_db()
    assert first.description == "Old 1"
    assert first.post_id == post.id


def test_live_partials_answer_a_posts_card_actions_and_comments(ada_client, make_user):
    client, ada = ada_client
    bob = make_user("bob").actor
    root = services.publish_post(ada, text="root", visibility="public")
    reply = services.publish_post(bob, text="a reply", visibility="public", in_reply_to_id=root.id)
    services.react(bob, post_id=root.id, kind="🎉")

    card = client.get(f"/posts/{reply.id}/card").content.decode()
    assert f'id="post-{reply.id}" data-in-reply-to="{root.id}"' in card
    assert "a reply" in card
    actions = client.get(f"/posts/{root.id}/actions").content.decode()
    assert actions.lstrip().startswith('<footer class="post-actions">')
    assert 'aria-label="Celebrate: 1"' in actions
    replies = client.get(f"/@ada/{root.id}/replies").content.decode()
    assert f'id="post-{reply.id}"' in replies
    assert "<html" not in replies


def test_live_partials_follow_the_audience_rules(ada_client, make_user):
    client, _ada = ada_client
    bob = make_user("bob").actor
    private = services.publish_post(bob, text="only for connections", visibility="connections")
    assert client.get(f"/posts/{private.id}/card").status_code == 404
    assert client.get(f"/posts/{private.id}/actions").status_code == 404
    assert client.get(f"/@bob/{private.id}/replies").status_code == 404


def test_the_thread_page_names_its_thread_for_live_updates(ada_client):
    client, ada = ada_client
    root = services.publish_post(ada, text="root", visibility="public")
    reply = services.publish_post(ada, text="reply", visibility="public", in_reply_to_id=root.id)
    page = client.get(f"/@ada/{reply.id}").content.decode()
    assert f'data-live-thread="{root.id}" data-live-post="{reply.id}"' in page
    assert 'id="live-tombstone"' in page
    assert "candela/live.js" in page
