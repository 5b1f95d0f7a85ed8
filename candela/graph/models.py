"""The social graph between actors: follows, follow requests, connections, blocks, mutes, circles.

Every row points to `profiles.Actor`, never to a User. Invariants live in database constraints;
rows are written only by `candela.graph.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Lower
from django.utils.translation import gettext_lazy as _

from candela.core.ids import new_id
from candela.profiles.models import Actor


class Follow(models.Model):
    """An accepted, one-way follow. The id is time-ordered: follower lists paginate by it."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    follower = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="following_set")
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="follower_set")
    # Whether the follower's home feed shows the target's boosts (Mastodon's `reblogs`).
    show_boosts = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The ActivityPub Follow activity's id, once federation exists.
    uri = models.URLField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "target"], name="follow_pair_unique"),
            models.CheckConstraint(condition=~Q(follower=F("target")), name="follow_not_self"),
        ]
        indexes = [
            models.Index(fields=["target", "-id"], name="follow_target_id"),
            # Fan-out reads a target's followers from this index alone (an index-only scan on
            # PostgreSQL, which alone honours `include`), in follower order, instead of
            # fetching one heap page per follower: a 10,000-follower post went from 70 ms to
            # 8 ms of follow scan (bench/README.md).
            models.Index(
                fields=["target", "follower"],
                include=["show_boosts"],
                name="follow_target_follower",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower} -> {self.target}"


class FollowRequest(models.Model):
    """A follow waiting for a locked account's approval."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    follower = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="sent_follow_requests"
    )
    target = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="received_follow_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "target"], name="follow_request_pair_unique"
            ),
            models.CheckConstraint(
                condition=~Q(follower=F("target")), name="follow_request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower} -> {self.target} (requested)"


class Connection(models.Model):
    """A mutual relationship: requested by one side, accepted by the other.

    At most one row exists per unordered pair (a unique index on the smaller and the larger id),
    whatever its state; declining deletes the row.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        CONNECTED = "connected", _("connected")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    requester = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="requested_connections"
    )
    recipient = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="received_connections"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    connected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                name="connection_unordered_pair_unique",
            ),
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="connection_not_self"
            ),
            models.CheckConstraint(
                condition=Q(state="pending", connected_at__isnull=True)
                | Q(state="connected", connected_at__isnull=False),
                name="connection_connected_at_matches_state",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "state"], name="connection_recipient_state"),
            models.Index(fields=["requester", "state"], name="connection_requester_state"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} <-> {self.recipient} ({self.state})"

    @property
    def is_connected(self) -> bool:
        return self.state == self.State.CONNECTED

    def other(self, actor: Actor) -> Actor:
        """The side of the connection that is not `actor`."""
        return self.recipient if self.requester_id == actor.id else self.requester


class Block(models.Model):
    """`blocker` and `target` do not see each other, in either direction."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    blocker = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="blocks")
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "target"], name="block_pair_unique"),
            models.CheckConstraint(condition=~Q(blocker=F("target")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.target}"


class Mute(models.Model):
    """`muter` stops seeing `target`'s posts (and, optionally, notifications) until `expires_at`."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    muter = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mutes")
    target = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="muted_by")
    hide_notifications = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # None: until unmuted.
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "target"], name="mute_pair_unique"),
            models.CheckConstraint(condition=~Q(muter=F("target")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.muter} mutes {self.target}"


class Circle(models.Model):
    """A named, private list of accounts (Mastodon's List): a post audience and a timeline."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    owner = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="circle_owner_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="circle_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "actor"], name="circle_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} in {self.circle}"
