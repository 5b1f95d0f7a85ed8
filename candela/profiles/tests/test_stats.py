"""Account counts are kept by database triggers: every write path moves them, and they always
equal a recount from the rows themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import connection

from candela.accounts.services import delete_account
from candela.graph import services as graph
from candela.posts import services as posts
from candela.profiles import stats
from candela.profiles.models import AccountStats, Actor


def _counts(actor: Actor) -> tuple[int, int, int]:
    row = AccountStats.objects.get(actor=actor)
    return row.followers_count, row.following_count, row.statuses_count


def _all_counts() -> dict[int, tuple[int, int, int, object]]:
    return {
        row.actor_id: (
            row.followers_count,
            row.following_count,
            row.statuses_count,
            row.last_status_at,
        )
        for row in AccountStats.objects.all()
    }


def _matches_a_recount() -> bool:
    kept = _all_counts()
    with connection.cursor() as cursor:
        for statement in stats.RECOUNT:
            cursor.execute(statement)
    return kept == _all_counts()


def test_a_new_account_starts_at_zero(make_actor: Callable[..., Actor]) -> None:
    ada = make_actor("ada")
    assert _counts(ada) == (0, 0, 0)
    assert AccountStats.objects.get(actor=ada).last_status_at is None


def test_follows_move_both_sides_and_a_block_takes_them_back(
    make_actor: Callable[..., Actor],
) -> None:
    ada, bob, cy = make_actor("ada"), make_actor("bob"), make_actor("cy")
    graph.follow(ada, target=bob)
    graph.follow(bob, target=ada)
    graph.follow(cy, target=bob)
    assert _counts(bob) == (2, 1, 0)
    assert _counts(ada) == (1, 1, 0)
    graph.unfollow(cy, target=bob)
    assert _counts(bob) == (1, 1, 0)
    assert _counts(cy) == (0, 0, 0)
    graph.block(ada, target=bob)
    assert _counts(ada) == (0, 0, 0)
    assert _counts(bob) == (0, 0, 0)
    assert _matches_a_recount()


def test_live_posts_and_boosts_count_direct_and_deleted_ones_do_not(
    make_actor: Callable[..., Actor],
) -> None:
    ada, bob = make_actor("ada"), make_actor("bob")
    first = posts.publish_post(ada, text="Hello", visibility="public")
    posts.publish_post(ada, text=f"Just you @{bob.username}", visibility="direct")
    later = posts.publish_post(ada, text="Later", visibility="connections")
    boost = posts.boost(bob, post_id=first.id)
    assert _counts(ada)[2] == 2
    assert _counts(bob)[2] == 1
    assert AccountStats.objects.get(actor=ada).last_status_at == later.created_at
    assert AccountStats.objects.get(actor=bob).last_status_at == boost.created_at
    posts.unboost(bob, post_id=first.id)
    posts.delete_post(ada, post_id=later.id)
    assert _counts(ada)[2] == 1
    assert _counts(bob)[2] == 0
    # As on Mastodon, deleting the latest post leaves when the account last posted.
    assert AccountStats.objects.get(actor=ada).last_status_at == later.created_at


def test_an_older_post_does_not_move_the_last_status_back(
    make_actor: Callable[..., Actor],
) -> None:
    ada = make_actor("ada")
    newest = posts.publish_post(ada, text="Now", visibility="public")
    older = posts.publish_post(ada, text="Backdated", visibility="public")
    older.created_at = newest.created_at - timedelta(days=3)
    older.save(update_fields=["created_at"])
    posts.publish_post(ada, text="Imported", visibility="public").delete()
    assert AccountStats.objects.get(actor=ada).last_status_at >= newest.created_at
    assert _counts(ada)[2] == 2


def test_deleting_an_account_keeps_the_counts_equal_to_a_recount(
    make_actor: Callable[..., Actor],
) -> None:
    ada, bob = make_actor("ada"), make_actor("bob")
    graph.follow(ada, target=bob)
    graph.follow(bob, target=ada)
    posts.publish_post(ada, text="Goodbye", visibility="public")
    assert ada.user is not None
    delete_account(ada.user)
    assert _matches_a_recount()
