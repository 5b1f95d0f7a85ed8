"""Home timeline entries: one row per (owner, post) the owner's home feed shows.

An entry holds no time of its own: its sort key is the post's snowflake id (for a boost, the
boost's own id), so a page of a home feed is one range scan of the primary key
(owner, post) read backwards. Rows are written only by `candela.feed.services`.
"""

from __future__ import annotations

from django.db import models

from candela.posts.models import Post
from candela.profiles.models import Actor


class TimelineEntry(models.Model):
    """`post` is in `owner`'s home feed; a boost is the boost post itself (its `reblog_of`
    is the post shown, its author the booster)."""

    pk = models.CompositePrimaryKey("owner_id", "post_id")
    # No foreign-key constraints in the database: entries are derived data written in bulk
    # (a 10,000-follower fan-out would check 20,000 keys); the ORM still cascades deletes.
    # The primary key's index serves every read by owner; no second index on it.
    owner = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    # Indexed: deleting a post removes its entries from every owner's feed.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", db_constraint=False)

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.post_id}"
