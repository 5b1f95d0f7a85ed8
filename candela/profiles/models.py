"""Actors (the public persona of a local user, or later of a remote account) and their profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from candela.core.ids import new_id


class Actor(models.Model):
    """Everything social points here, never at a User: remote actors will have no user."""

    class ConnectionsVisibility(models.TextChoices):
        """Who may see the list of this actor's connections."""

        EVERYONE = "everyone", _("Everyone")
        CONNECTIONS = "connections", _("My connections")
        ONLY_ME = "only_me", _("Only me")

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor",
    )
    username = models.CharField(max_length=255)
    # Host part of the handle; our own CANDELA_DOMAIN for local actors.
    domain = models.CharField(max_length=255)
    local = models.BooleanField(default=True)
    # The ActivityPub id: stable and absolute, never rebuilt from settings once stored.
    uri = models.URLField(max_length=500, unique=True)
    url = models.URLField(max_length=500, blank=True)

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    # ISO 639-1 codes of the languages this person reads and writes.
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # Free-form skills, kept in the order the person gave them.
    skills = models.JSONField(_("can help with"), default=list, blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    header = models.ImageField(upload_to="headers/", blank=True)

    is_locked = models.BooleanField(_("approve followers by hand"), default=False)
    is_bot = models.BooleanField(_("this is an automated account"), default=False)
    is_discoverable = models.BooleanField(_("suggest this account to others"), default=True)
    connections_visibility = models.CharField(
        _("who can see my connections"),
        max_length=12,
        choices=ConnectionsVisibility.choices,
        default=ConnectionsVisibility.CONNECTIONS,
    )

    public_key_pem = models.TextField(blank=True)
    # Only local actors have one; it signs federation requests later.
    private_key_pem = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the account is deleted: the row stays as a tombstone for others' references.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("username"), Lower("domain"), name="actor_handle_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.handle

    @property
    def acct(self) -> str:
        """Mastodon's `acct`: the bare username for local accounts, user@domain for remote ones."""
        return self.username if self.local else f"{self.username}@{self.domain}"

    @property
    def handle(self) -> str:
        return f"@{self.username}@{self.domain}"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Position(models.Model):
    """Where someone works or worked: company, title, and whether it is current."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="positions")
    company = models.CharField(_("company or organisation"), max_length=120)
    title = models.CharField(_("title"), max_length=120, blank=True)
    is_current = models.BooleanField(_("I work here now"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-is_current", "order", "id"]

    def __str__(self) -> str:
        return f"{self.title} @ {self.company}" if self.title else self.company


class AccountStats(models.Model):
    """What an account's page and Account entity count, kept by database triggers
    (candela/profiles/stats.py): followers, following, live non-direct posts and boosts, and
    when the account last posted."""

    actor = models.OneToOneField(
        Actor, on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    followers_count = models.IntegerField(default=0)
    following_count = models.IntegerField(default=0)
    statuses_count = models.IntegerField(default=0)
    last_status_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.followers_count}/{self.following_count}"
