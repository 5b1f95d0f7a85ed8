from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candela.graph import services as graph
from candela.posts import selectors, services
from candela.profiles.tests.pictures import png_bytes, upload


def queries_for(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def add_rich_replies(author, root, make_actor, start: int, number: int) -> None:
    """Replies with mentions, hashtags, pictures, reactions and boosts, nested two deep."""
    for n in range(start, start + number):
        other = make_actor(f"other{n}")
        media = services.upload_media(author, file=upload(png_bytes(20, 20)), description="x")
        reply = services.publish_post(
            author,
            text=f"@other{n} #tag{n}",
            visibility="public",
            in_reply_to_id=root.id,
            media_ids=[media.id],
        )
        services.publish_post(other, text="deeper", visibility="public", in_reply_to_id=reply.id)
        services.react(other, post_id=reply.id)
        services.react(other, post_id=reply.id, kind="😂")
        services.boost(other, post_id=reply.id)
        if n == start:
            services.boost(author, post_id=root.id)


def test_thread_page_runs_a_fixed_number_of_queries(ada, make_actor):
    root = services.publish_post(ada, text="root #tag0", visibility="public")
    client = Client()
    client.force_login(ada.user)
    url = f"/@ada/{root.id}"
    add_rich_replies(ada, root, make_actor, 0, 2)
    few = queries_for(lambda: client.get(url))
    add_rich_replies(ada, root, make_actor, 2, 6)
    assert queries_for(lambda: client.get(url)) == few


def test_profile_and_hashtag_pages_run_a_fixed_number_of_queries(ada, make_actor):
    root = services.publish_post(ada, text="root #tag0", visibility="public")
    client = Client()
    client.force_login(make_actor("viewer").user)
    add_rich_replies(ada, root, make_actor, 0, 2)
    few_profile = queries_for(lambda: client.get("/@ada"))
    few_tag = queries_for(lambda: client.get("/tags/tag0"))
    add_rich_replies(ada, root, make_actor, 2, 6)
    for n in range(2, 8):
        services.publish_post(make_actor(f"tagger{n}"), text="#tag0 too", visibility="public")
    assert queries_for(lambda: client.get("/@ada")) == few_profile
    assert queries_for(lambda: client.get("/tags/tag0")) == few_tag


def test_a_hidden_reply_hides_its_subtree(ada, make_actor):
    bob, carol = make_actor("bob"), make_actor("carol")
    root = services.publish_post(ada, text="root", visibility="public")
    hidden = services.publish_post(
        bob, text="@ada only", visibility="direct", in_reply_to_id=root.id
    )
    services.publish_post(
        ada, text="public under hidden", visibility="public", in_reply_to_id=hidden.id
    )
    thread = selectors.thread_for(carol, root)
    assert thread.descendants() == []
    assert [p.text for p in selectors.thread_for(ada, root).descendants()] == [
        "@ada only",
        "public under hidden",
    ]


def test_block_hides_posts_both_ways(ada, make_actor):
    bob = make_actor("bob")
    post = services.publish_post(ada, text="hi", visibility="public")
    graph.block(bob, target=ada)
    assert not selectors.visible_to(selectors.Post.objects.all(), bob).filter(pk=post.pk).exists()
    assert selectors.visible_to(selectors.Post.objects.all(), None).filter(pk=post.pk).exists()


def test_a_boost_of_a_blocked_authors_post_is_hidden(ada, make_actor):
    bob, carol = make_actor("bob"), make_actor("carol")
    post = services.publish_post(ada, text="hi", visibility="public")
    boost = services.boost(bob, post_id=post.id)
    graph.block(carol, target=ada)
    visible = selectors.visible_to(selectors.Post.objects.all(), carol)
    assert not visible.filter(pk=boost.pk).exists()


def test_parse_id_refuses_anything_but_a_positive_64_bit_number():
    assert selectors.parse_id("123") == 123
    for bad in ["", "-1", "0", "1e3", "abc", "9" * 20, str(2**63)]:
        assert selectors.parse_id(bad) is None
