"""Notifications made by the real graph and posts services: who gets one, who never does,
deduplication and clean-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from candela.graph import services as graph
from candela.notifications import services
from candela.notifications.models import Marker, Notification, NotificationKind
from candela.notifications.selectors import list_notifications_for
from candela.notifications.tests.conftest import Committed
from candela.posts import services as posts
from candela.posts.models import Post, ReactionKind, Visibility
from candela.profiles.models import Actor

pytestmark = pytest.mark.django_db


def kinds_of(actor: Actor) -> list[tuple[str, int, int | None]]:
    """(kind, from_actor_id, post_id) of each of `actor`'s notifications, oldest first."""
    return list(
        Notification.objects.filter(recipient=actor)
        .order_by("id")
        .values_list("kind", "from_actor_id", "post_id")
    )


def post(author: Actor, committed: Committed, text: str = "Hello", **kwargs: Any) -> Post:
    kwargs.setdefault("visibility", Visibility.PUBLIC)
    with committed():
        return posts.publish_post(author, text=text, **kwargs)


# The graph


def test_a_follow_notifies_the_person_followed_and_nobody_else(ada, bob, committed):
    with committed():
        graph.follow(bob, target=ada)
    assert kinds_of(ada) == [(NotificationKind.FOLLOW, bob.id, None)]
    assert kinds_of(bob) == []


def test_following_unfollowing_and_following_again_leaves_one_notification(ada, bob, committed):
    for _round in range(2):
        with committed():
            graph.follow(bob, target=ada)
        with committed():
            graph.unfollow(bob, target=ada)
    assert len(kinds_of(ada)) == 1


def test_a_locked_account_is_told_of_the_request_then_of_the_follow(make_actor, bob, committed):
    locked = make_actor("lou")
    locked.is_locked = True
    locked.save(update_fields=["is_locked"])
    with committed():
        graph.follow(bob, target=locked)
    assert kinds_of(locked) == [(NotificationKind.FOLLOW_REQUEST, bob.id, None)]
    with committed():
        graph.authorize_follow_request(locked, follower=bob)
    assert [k for k, _a, _p in kinds_of(locked)] == [
        NotificationKind.FOLLOW_REQUEST,
        NotificationKind.FOLLOW,
    ]
    assert kinds_of(bob) == []


def test_a_connection_request_and_its_acceptance_notify_the_other_side_once_each(
    ada, bob, committed
):
    with committed():
        connection = graph.request_connection(bob, recipient=ada, note="Met at the meetup")
    assert kinds_of(ada) == [(NotificationKind.CONNECTION_REQUEST, bob.id, None)]
    assert Notification.objects.get(recipient=ada).connection_id == connection.id
    with committed():
        graph.accept_connection(ada, connection_id=connection.id)
    # The two follows that come with the connection are not told as follows.
    assert kinds_of(bob) == [(NotificationKind.CONNECTION_ACCEPTED, ada.id, None)]
    assert len(kinds_of(ada)) == 1


def test_a_declined_connection_request_takes_its_notification_with_it(ada, bob, committed):
    with committed():
        connection = graph.request_connection(bob, recipient=ada)
    with committed():
        graph.decline_connection(ada, connection_id=connection.id)
    assert kinds_of(ada) == []
    assert kinds_of(bob) == []


# Posts


def test_a_mention_notifies_the_person_mentioned(ada, bob, committed):
    mention = post(bob, committed, "Hi @ada, welcome!")
    assert kinds_of(ada) == [(NotificationKind.MENTION, bob.id, mention.id)]
    assert kinds_of(bob) == []


def test_a_reply_that_also_mentions_the_author_is_one_reply_notification(
    ada, bob, make_actor, committed
):
    cy = make_actor("cy")
    original = post(ada, committed, "A question")
    reply = post(bob, committed, "@ada @cy here is an answer", in_reply_to_id=original.id)
    assert kinds_of(ada) == [(NotificationKind.REPLY, bob.id, reply.id)]
    assert kinds_of(cy) == [(NotificationKind.MENTION, bob.id, reply.id)]


def test_favourites_and_reactions_notify_the_author_each_once(ada, bob, committed):
    original = post(ada, committed)
    for _round in range(2):
        with committed():
            posts.react(bob, post_id=original.id)
        with committed():
            posts.react(bob, post_id=original.id, kind=ReactionKind.HEART)
        with committed():
            posts.unreact(bob, post_id=original.id)
        with committed():
            posts.unreact(bob, post_id=original.id, kind=ReactionKind.HEART)
    assert kinds_of(ada) == [
        (NotificationKind.FAVOURITE, bob.id, original.id),
        (NotificationKind.REACTION, bob.id, original.id),
    ]
    assert Notification.objects.get(kind=NotificationKind.REACTION).reaction == "❤️"


def test_a_boost_notifies_the_author_and_undoing_it_removes_the_notification(ada, bob, committed):
    original = post(ada, committed)
    with committed():
        boost = posts.boost(bob, post_id=original.id)
    assert kinds_of(ada) == [(NotificationKind.REBLOG, bob.id, boost.id)]
    assert Notification.objects.get(recipient=ada).target_post == original
    with committed():
        posts.unboost(bob, post_id=original.id)
    assert kinds_of(ada) == []


def test_nobody_is_notified_of_their_own_actions(ada, committed):
    original = post(ada, committed, "Note to self, @ada")
    post(ada, committed, "Replying to myself", in_reply_to_id=original.id)
    with committed():
        posts.react(ada, post_id=original.id)
    with committed():
        posts.boost(ada, post_id=original.id)
    assert kinds_of(ada) == []


def test_an_edit_notifies_only_the_people_it_newly_mentions(ada, bob, make_actor, committed):
    cy, dee = make_actor("cy"), make_actor("dee")
    mention = post(bob, committed, "Hello @cy")
    Notification.objects.filter(recipient=cy).delete()  # dismissed: must not come back
    with committed():
        posts.edit_post(bob, post_id=mention.id, text="Hello @cy and @dee")
    with committed():
        posts.edit_post(bob, post_id=mention.id, text="Hello @cy, @dee and @ada")
    assert kinds_of(cy) == []
    assert kinds_of(dee) == [(NotificationKind.MENTION, bob.id, mention.id)]
    assert kinds_of(ada) == [(NotificationKind.MENTION, bob.id, mention.id)]


# Who is never notified


def test_blocked_accounts_notify_nobody_either_way(ada, bob, committed):
    with committed():
        graph.block(ada, target=bob)
    post(bob, committed, "Hey @ada")
    original = post(ada, committed, "Hey @bob")
    assert kinds_of(ada) == []
    assert kinds_of(bob) == []
    assert original.id


def test_a_block_removes_what_each_side_was_notified_of_by_the_other(ada, bob, committed):
    ada_post = post(ada, committed)
    post(bob, committed, "Hey @ada")
    with committed():
        posts.react(ada, post_id=post(bob, committed).id)
        posts.react(bob, post_id=ada_post.id)
    assert kinds_of(ada)
    assert kinds_of(bob)
    with committed():
        graph.block(bob, target=ada)
    assert kinds_of(ada) == []
    assert kinds_of(bob) == []


@pytest.mark.parametrize(
    ("hide_notifications", "duration", "notified"),
    [(True, None, False), (False, None, True), (True, timedelta(seconds=1), True)],
)
def test_muting_with_hide_notifications_silences_only_while_it_lasts(
    ada, bob, committed, hide_notifications, duration, notified
):
    with committed():
        mute = graph.mute(ada, target=bob, hide_notifications=hide_notifications, duration=duration)
    if duration is not None:
        mute.expires_at = timezone.now() - timedelta(seconds=1)
        mute.save(update_fields=["expires_at"])
    post(bob, committed, "Hey @ada")
    assert bool(kinds_of(ada)) is notified


# Privacy: a reply reaches the author replied to only if they may see it.

RELATIONS = ("connection", "follower", "circle_member", "stranger")


def _relate(ada: Actor, bob: Actor, relation: str, committed: Committed) -> int | None:
    """Makes `ada` stand in `relation` to `bob` (the replier); returns bob's circle, if any."""
    circle = graph.create_circle(bob, name="Close friends")
    with committed():
        if relation == "connection":
            request = graph.request_connection(bob, recipient=ada)
            graph.accept_connection(ada, connection_id=request.id)
        elif relation == "follower":
            graph.follow(ada, target=bob)
        elif relation == "circle_member":
            graph.follow(bob, target=ada)
            graph.add_circle_members(bob, circle_id=circle.id, actor_ids=[ada.id])
    return circle.id


EXPECTED = {
    Visibility.PUBLIC: set(RELATIONS),
    Visibility.UNLISTED: set(RELATIONS),
    Visibility.CONNECTIONS: {"connection"},
    Visibility.CIRCLE: {"circle_member"},
    Visibility.DIRECT: set(),
}


@pytest.mark.parametrize("visibility", list(EXPECTED))
@pytest.mark.parametrize("relation", RELATIONS)
def test_a_reply_notifies_its_parent_author_only_when_they_may_see_it(
    ada, bob, committed, visibility, relation
):
    circle_id = _relate(ada, bob, relation, committed)
    Notification.objects.all().delete()
    original = post(ada, committed, "What do you think?")
    reply = post(
        bob,
        committed,
        "I think so",
        visibility=visibility,
        in_reply_to_id=original.id,
        circle_id=circle_id if visibility == Visibility.CIRCLE else None,
    )
    expected = (
        [(NotificationKind.REPLY, bob.id, reply.id)] if relation in EXPECTED[visibility] else []
    )
    assert kinds_of(ada) == expected


@pytest.mark.parametrize("visibility", list(EXPECTED))
def test_a_mention_always_reaches_the_person_mentioned_who_may_see_it(
    ada, bob, committed, visibility
):
    circle = graph.create_circle(bob, name="Friends")
    mention = post(
        bob,
        committed,
        "Hey @ada",
        visibility=visibility,
        circle_id=circle.id if visibility == Visibility.CIRCLE else None,
    )
    assert kinds_of(ada) == [(NotificationKind.MENTION, bob.id, mention.id)]


def test_a_notification_whose_post_becomes_hidden_leaves_the_list(ada, bob, committed):
    circle = graph.create_circle(bob, name="Friends")
    with committed():
        graph.follow(bob, target=ada)
        graph.add_circle_members(bob, circle_id=circle.id, actor_ids=[ada.id])
    original = post(ada, committed, "Question")
    post(
        bob,
        committed,
        "Answer",
        visibility=Visibility.CIRCLE,
        circle_id=circle.id,
        in_reply_to_id=original.id,
    )
    assert list_notifications_for(ada).filter(kind=NotificationKind.REPLY).count() == 1
    graph.remove_circle_members(bob, circle_id=circle.id, actor_ids=[ada.id])
    assert list_notifications_for(ada).filter(kind=NotificationKind.REPLY).count() == 0


# Deletion


def test_deleting_a_post_removes_its_notifications_tombstone_or_not(ada, bob, committed):
    mention = post(bob, committed, "Hey @ada")
    with committed():
        posts.react(ada, post_id=mention.id)  # a reaction keeps a tombstone
    assert kinds_of(ada)
    assert kinds_of(bob)
    with committed():
        posts.delete_post(bob, post_id=mention.id)
    assert Post.objects.get(pk=mention.id).is_deleted
    assert kinds_of(ada) == []
    assert kinds_of(bob) == []


# Reading


def test_mark_all_read_stops_at_the_id_given_and_moves_the_marker(ada, bob, make_actor, committed):
    first = post(bob, committed, "@ada one")
    second = post(make_actor("cy"), committed, "@ada two")
    older = Notification.objects.get(post=first)
    newer = Notification.objects.get(post=second)
    assert services.mark_all_read(ada, up_to_id=older.id) == 1
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.is_read
    assert not newer.is_read
    assert Marker.objects.get(actor=ada, timeline="notifications").last_read_id == older.id


def test_saving_the_notifications_marker_marks_read_and_never_moves_back(ada, bob, committed):
    post(bob, committed, "@ada one")
    newest = Notification.objects.get(recipient=ada)
    saved = services.save_markers(ada, notifications=newest.id, home=5)
    assert saved["notifications"].version == 1
    assert Notification.objects.get(pk=newest.id).is_read
    again = services.save_markers(ada, notifications=1)
    assert again["notifications"].last_read_id == newest.id
    assert again["notifications"].version == 2


def test_dismiss_and_clear_touch_only_the_recipients_own(ada, bob, committed):
    post(bob, committed, "@ada hi")
    post(ada, committed, "@bob hi")
    mine = Notification.objects.get(recipient=ada)
    theirs = Notification.objects.get(recipient=bob)
    with pytest.raises(Http404):
        services.dismiss(ada, notification_id=theirs.id)
    services.dismiss(ada, notification_id=mine.id)
    assert kinds_of(ada) == []
    services.clear(ada)
    assert len(kinds_of(bob)) == 1
