from __future__ import annotations

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import override_settings

from candela.graph import services as graph
from candela.posts import services
from candela.posts.models import (
    REACTION_COUNT_FIELDS,
    Hashtag,
    Mention,
    Post,
    PostEdit,
    Reaction,
    ReactionKind,
    Visibility,
)
from candela.profiles.tests.pictures import jpeg_with_metadata, png_bytes, upload


def test_publish_renders_links_mentions_and_hashtags_and_records_them(ada, bob):
    post = services.publish_post(
        ada,
        text="Hello @bob and @nobody, see https://example.org/x. #Django #django #1",
        visibility=Visibility.PUBLIC,
    )
    assert 'href="https://example.org/x"' in post.content
    assert 'class="u-url mention"' in post.content
    assert "/@bob" in post.content
    assert "@nobody" in post.content
    assert "/@nobody" not in post.content
    assert 'href="http://testserver/tags/django"' in post.content or "/tags/django" in post.content
    assert list(post.mentioned_actors.all()) == [bob]
    assert [t.name for t in post.hashtags.all()] == ["Django"]
    assert post.uri.endswith(f"/users/ada/statuses/{post.id}")
    assert post.local is True


def test_publish_escapes_markup(ada):
    post = services.publish_post(ada, text="<script>alert(1)</script>", visibility="public")
    assert "<script>" not in post.content
    assert "&lt;script&gt;" in post.content


def test_mention_with_our_own_domain_is_local(ada, bob, settings):
    post = services.publish_post(
        ada, text=f"hi @bob@{settings.CANDELA_DOMAIN}", visibility="public"
    )
    assert list(post.mentioned_actors.all()) == [bob]


@override_settings(CANDELA_MAX_POST_CHARS=10)
def test_over_long_post_is_refused_and_nothing_is_written(ada):
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="x" * 11, visibility="public")
    assert not Post.objects.exists()


def test_empty_post_without_media_is_refused(ada):
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="   ", visibility="public")


def test_unknown_visibility_is_refused(ada):
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="x", visibility="friends")


def test_language_is_detected_when_not_given(ada):
    post = services.publish_post(
        ada, text="Bonjour à tous, comment allez-vous aujourd'hui ?", visibility="public"
    )
    assert post.language == "fr"
    short = services.publish_post(ada, text="ok", visibility="public")
    assert short.language == ""


def test_given_language_must_be_known(ada):
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="hello", visibility="public", language="xx")


def test_reply_to_a_hidden_post_is_refused_like_a_missing_one(ada, bob):
    secret = services.publish_post(ada, text="secret", visibility="direct")
    with pytest.raises(Http404):
        services.publish_post(bob, text="reply", visibility="public", in_reply_to_id=secret.id)


def test_reply_counts_and_threads(ada, bob):
    root = services.publish_post(ada, text="root", visibility="public")
    reply = services.publish_post(bob, text="r", visibility="public", in_reply_to_id=root.id)
    deeper = services.publish_post(ada, text="d", visibility="public", in_reply_to_id=reply.id)
    root.refresh_from_db()
    assert root.replies_count == 1
    assert reply.thread_root_id == root.id
    assert deeper.thread_root_id == root.id
    assert deeper.in_reply_to_account_id == bob.id


def test_circle_must_be_the_authors_own(ada, bob):
    circle = graph.create_circle(bob, name="Bob's")
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="x", visibility="circle", circle_id=circle.id)
    mine = graph.create_circle(ada, name="Mine")
    post = services.publish_post(ada, text="x", visibility="circle", circle_id=mine.id)
    assert post.circle == mine


def test_idempotency_key_returns_the_same_post(ada):
    first = services.publish_post(ada, text="once", visibility="public", idempotency_key="k1")
    again = services.publish_post(ada, text="once", visibility="public", idempotency_key="k1")
    assert first.id == again.id
    assert Post.objects.count() == 1


def test_edit_keeps_history_and_updates_mentions_and_tags(ada, bob):
    post = services.publish_post(ada, text="hi @bob #one", visibility="public")
    edited = services.edit_post(ada, post_id=post.id, text="hi #two")
    assert edited.edited_at is not None
    assert [e.text for e in PostEdit.objects.filter(post=post)] == ["hi @bob #one", "hi #two"]
    assert not Mention.objects.filter(post=post).exists()
    assert [t.name for t in edited.hashtags.all()] == ["two"]
    with pytest.raises(Http404):
        services.edit_post(bob, post_id=post.id, text="mine now")


def test_delete_without_references_removes_the_row(ada):
    post = services.publish_post(ada, text="bye", visibility="public")
    services.delete_post(ada, post_id=post.id)
    assert not Post.objects.filter(pk=post.pk).exists()


def test_delete_with_a_reply_keeps_a_tombstone(ada, bob):
    post = services.publish_post(ada, text="bye", visibility="public")
    services.publish_post(bob, text="r", visibility="public", in_reply_to_id=post.id)
    services.delete_post(ada, post_id=post.id)
    post.refresh_from_db()
    assert post.deleted_at is not None
    assert post.text == ""
    assert post.content == ""


def test_only_author_or_staff_deletes(ada, bob, make_user):
    post = services.publish_post(ada, text="x", visibility="public")
    with pytest.raises(PermissionDenied):
        services.delete_post(bob, post_id=post.id)
    staff = make_user("mod", is_staff=True).actor
    services.delete_post(staff, post_id=post.id)
    assert not Post.objects.filter(pk=post.pk).exists()


def test_reacting_twice_is_idempotent(ada, bob):
    post = services.publish_post(ada, text="x", visibility="public")
    services.react(bob, post_id=post.id, kind="favourite")
    services.react(bob, post_id=post.id, kind="favourite")
    services.react(bob, post_id=post.id, kind="🎉")
    post.refresh_from_db()
    assert post.favourites_count == 1
    assert Reaction.objects.filter(post=post).count() == 2
    services.unreact(bob, post_id=post.id, kind="favourite")
    post.refresh_from_db()
    assert post.favourites_count == 0
    with pytest.raises(ValidationError):
        services.react(bob, post_id=post.id, kind="💩")


def test_reaction_counters_stay_equal_to_a_count_of_the_reactions(ada, bob, make_actor):
    post = services.publish_post(ada, text="x", visibility="public")
    boost = services.boost(bob, post_id=post.id)
    people = [ada, bob, make_actor("cy"), make_actor("dee")]
    moves = random.Random(3)
    for _ in range(200):
        actor, kind = moves.choice(people), moves.choice(ReactionKind.values)
        # Through the boost or the post itself: a reaction to a boost goes to the post.
        target = moves.choice([post, boost])
        if moves.random() < 0.6:
            services.react(actor, post_id=target.id, kind=kind)
        else:
            services.unreact(actor, post_id=target.id, kind=kind)
    post.refresh_from_db()
    boost.refresh_from_db()
    for kind, field in REACTION_COUNT_FIELDS.items():
        assert getattr(post, field) == Reaction.objects.filter(post=post, kind=kind).count(), kind
        assert getattr(boost, field) == 0
    assert Reaction.objects.filter(post=post).count() > 0


def test_boost_only_public_posts_once(ada, bob):
    post = services.publish_post(ada, text="x", visibility="public")
    first = services.boost(bob, post_id=post.id)
    assert services.boost(bob, post_id=post.id) == first
    post.refresh_from_db()
    assert post.reblogs_count == 1
    own = services.boost(ada, post_id=post.id)
    assert own.reblog_of_id == post.id
    limited = services.publish_post(ada, text="x", visibility="connections")
    with pytest.raises(PermissionDenied):
        services.boost(ada, post_id=limited.id)
    services.unboost(bob, post_id=post.id)
    post.refresh_from_db()
    assert post.reblogs_count == 1


def test_upload_media_strips_metadata_resizes_and_attaches_once(ada, bob):
    media = services.upload_media(
        ada, file=upload(jpeg_with_metadata(3000, 1000), "photo.jpg"), description="A field"
    )
    assert (media.width, media.height) == (1920, 640)
    assert max(media.preview_width, media.preview_height) == 400
    with media.file.open("rb") as handle:
        assert b"SpyCam" not in handle.read()
    post = services.publish_post(ada, text="", visibility="public", media_ids=[media.id])
    assert list(post.media.all()) == [media]
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="again", visibility="public", media_ids=[media.id])
    other = services.upload_media(bob, file=upload(png_bytes()))
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="theirs", visibility="public", media_ids=[other.id])


def test_upload_refuses_a_non_image_and_a_long_description(ada):
    with pytest.raises(ValidationError):
        services.upload_media(ada, file=upload(b"not an image", "x.png"))
    with pytest.raises(ValidationError):
        services.upload_media(ada, file=upload(png_bytes()), description="x" * 1501)


def test_at_most_four_media(ada):
    ids = [services.upload_media(ada, file=upload(png_bytes(20, 20))).id for _ in range(5)]
    with pytest.raises(ValidationError):
        services.publish_post(ada, text="many", visibility="public", media_ids=ids)


def test_hashtags_are_unique_whatever_the_case(ada):
    services.publish_post(ada, text="#Python", visibility="public")
    services.publish_post(ada, text="#python", visibility="public")
    assert Hashtag.objects.count() == 1


def test_deleting_a_post_removes_its_pictures_once_committed(
    ada, django_capture_on_commit_callbacks
):
    media = services.upload_media(ada, file=upload(png_bytes(30, 30)))
    post = services.publish_post(ada, text="pic", visibility="public", media_ids=[media.id])
    storage, name = media.file.storage, media.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_post(ada, post_id=post.id)
    assert not storage.exists(name)


@override_settings(CANDELA_MAX_POST_CHARS=30)
def test_urls_count_as_23_characters_and_mentions_without_their_domain(ada, bob):
    long_url = "https://example.org/" + "a" * 200
    post = services.publish_post(ada, text=f"see {long_url}", visibility="public")
    assert long_url in post.content
    services.publish_post(ada, text="@bob@far.example.org " + "x" * 20, visibility="public")
