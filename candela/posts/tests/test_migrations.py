"""Data migrations of posts, run against today's models."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from candela.posts import services
from candela.posts.models import REACTION_COUNT_FIELDS, Post, Reaction

reaction_counts = import_module("candela.posts.migrations.0003_reaction_counts")


def test_the_reaction_counts_migration_counts_the_reactions_that_exist(ada, bob):
    post = services.publish_post(ada, text="x", visibility="public")
    for actor in (ada, bob):
        for kind in ("favourite", "🎉", "❤️"):
            services.react(actor, post_id=post.id, kind=kind)
    services.unreact(bob, post_id=post.id, kind="❤️")
    Post.objects.filter(pk=post.pk).update(**dict.fromkeys(REACTION_COUNT_FIELDS.values(), 0))
    # The function reads the models it is given and uses no schema editor.
    reaction_counts.count_reactions(apps, None)
    post.refresh_from_db()
    assert reaction_counts.COUNT_FIELDS == REACTION_COUNT_FIELDS
    for kind, field in REACTION_COUNT_FIELDS.items():
        assert getattr(post, field) == Reaction.objects.filter(post=post, kind=kind).count(), kind
    assert (post.favourites_count, post.party_count, post.heart_count) == (2, 2, 1)
