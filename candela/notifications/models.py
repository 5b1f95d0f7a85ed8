"""Notification rows (one per event per recipient), each person's e-mail settings per kind, and
the read markers Mastodon clients keep (home and notifications).

Every row points to `profiles.Actor`. Rows are written only by `candela.notifications.services`;
mapping to Mastodon JSON lives in `api/`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candela.core.ids import new_id
from candela.graph.models import Connection
from candela.posts.models import Post
from candela.profiles.models import Actor


class NotificationKind(models.TextChoices):
    FOLLOW = "follow", _("New followers")
    FOLLOW_REQUEST = "follow_request", _("Follow requests")
    CONNECTION_REQUEST = "connection_request", _("Connection requests")
    CONNECTION_ACCEPTED = "connection_accepted", _("Accepted connections")
    MENTION = "mention", _("Mentions")
    REPLY = "reply", _("Replies")
    FAVOURITE = "favourite", _("Favourites")
    REACTION = "reaction", _("Reactions")
    REBLOG = "reblog", _("Boosts")


# The kinds that concern a post; the others concern the relationship between two people.
POST_KINDS = frozenset(
    {
        NotificationKind.MENTION,
        NotificationKind.REPLY,
        NotificationKind.FAVOURITE,
        NotificationKind.REACTION,
        NotificationKind.REBLOG,
    }
)
DEFAULT_EMAIL_KINDS = (NotificationKind.MENTION.value, NotificationKind.REPLY.value)


class Notification(models.Model):
    """Something `from_actor` did that concerns `recipient`.

    At most one row per (recipient, kind, from_actor, post, reaction): reacting, unreacting and
    reacting again leaves one notification, and so does following, unfollowing and following
    again.
    """

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    recipient = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    from_actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    # The mention or reply itself, the post reacted to, or the boost (a boost undone deletes
    # its row and, with it, the notification). None for follows and connections.
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The connection asked for or accepted; declining a request deletes it and the notification.
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The emoji of a `reaction`; empty for every other kind.
    reaction = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When the e-mail about it was handed to the mailer: set once, so it is sent once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient_id"),
            # The unread badge on every page is one COUNT over this (partial) index.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["post"], name="notification_post"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "from_actor"],
                condition=Q(post__isnull=True),
                name="notification_unique_without_post",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "from_actor", "post", "reaction"],
                condition=Q(post__isnull=False),
                name="notification_unique_with_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id} from {self.from_actor_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def target_post(self) -> Post | None:
        """The post the notification is about: for a boost, the post boosted."""
        if self.post is None:
            return None
        return self.post.reblog_of if self.post.reblog_of_id is not None else self.post


def default_email_kinds() -> list[str]:
    return list(DEFAULT_EMAIL_KINDS)


class NotificationSettings(models.Model):
    """Which kinds of notification reach `actor` by e-mail too (when still unread after a while).

    No row means the defaults: mentions and replies.
    """

    actor = models.OneToOneField(
        Actor, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings"
    )
    email_kinds = models.JSONField(default=default_email_kinds)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notification settings of {self.actor_id}"


class Marker(models.Model):
    """Mastodon's read marker: where a person stopped reading a timeline, kept for their apps."""

    class Timeline(models.TextChoices):
        HOME = "home", "home"
        NOTIFICATIONS = "notifications", "notifications"

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="markers")
    timeline = models.CharField(max_length=16, choices=Timeline.choices)
    last_read_id = models.BigIntegerField(default=0)
    # Mastodon's optimistic-locking counter: it grows by one with every save.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "timeline"], name="marker_actor_timeline"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.timeline} at {self.last_read_id}"
