"""Posts (with comments as replies and boosts as rows pointing at a post), their edit history,
mentions, hashtags, media attachments, reactions and idempotency keys.

Every row points to `profiles.Actor`. Rows are written only by `candela.posts.services`; the
audience rule lives in `candela.posts.selectors`. Mapping to Mastodon JSON lives in `api/`.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candela.core.ids import new_id
from candela.graph.models import Circle
from candela.profiles.models import Actor


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    UNLISTED = "unlisted", _("Unlisted")
    CONNECTIONS = "connections", _("Connections")
    CIRCLE = "circle", _("Circle")
    DIRECT = "direct", _("Mentioned people only")


class ReactionKind(models.TextChoices):
    """`favourite` is Mastodon's favourite; the emoji are Candela's fixed reaction set."""

    FAVOURITE = "favourite", _("Favourite")
    HEART = "❤️", _("Love")
    THUMBS_UP = "👍", _("Thumbs up")
    PARTY = "🎉", _("Celebrate")
    LAUGH = "😂", _("Laugh")
    SURPRISE = "😮", _("Surprise")
    THANKS = "🙏", _("Thanks")


# The Post counter of each kind of reaction, kept by the reaction services.
REACTION_COUNT_FIELDS: dict[str, str] = {
    ReactionKind.FAVOURITE: "favourites_count",
    ReactionKind.HEART: "heart_count",
    ReactionKind.THUMBS_UP: "thumbs_up_count",
    ReactionKind.PARTY: "party_count",
    ReactionKind.LAUGH: "laugh_count",
    ReactionKind.SURPRISE: "surprise_count",
    ReactionKind.THANKS: "thanks_count",
}
EMOJI_KINDS = [kind for kind in ReactionKind if kind != ReactionKind.FAVOURITE]
EMOJI_NAMES = [kind.value for kind in EMOJI_KINDS]


class Post(models.Model):
    """A post, a comment (`in_reply_to` set) or a boost (`reblog_of` set, no text of its own)."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    author = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="posts")
    # The ActivityPub id: stable and absolute, never rebuilt from settings once stored.
    uri = models.URLField(max_length=500, unique=True)
    url = models.URLField(max_length=500, blank=True)
    local = models.BooleanField(default=True)

    # What the author typed; `content` is its HTML, rendered and sanitised once by the service.
    text = models.TextField(blank=True)
    content = models.TextField(blank=True)
    visibility = models.CharField(max_length=12, choices=Visibility.choices)
    # The audience of a `circle` post, read at read time: joining the circle later grants access.
    circle = models.ForeignKey(
        Circle, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    # Kept apart from `in_reply_to` so that the API needs no join for `in_reply_to_account_id`.
    in_reply_to_account = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The top post of the thread (None for a top-level post): one query loads a whole thread.
    thread_root = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reblog_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reblogs"
    )
    # ISO 639-1 code, given by the author or detected; empty when neither knew.
    language = models.CharField(max_length=8, blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    sensitive = models.BooleanField(default=False)

    # Counters kept by the services, so that lists need no aggregate per post; one per kind
    # of reaction (REACTION_COUNT_FIELDS).
    replies_count = models.PositiveIntegerField(default=0)
    reblogs_count = models.PositiveIntegerField(default=0)
    favourites_count = models.PositiveIntegerField(default=0)
    heart_count = models.PositiveIntegerField(default=0)
    thumbs_up_count = models.PositiveIntegerField(default=0)
    party_count = models.PositiveIntegerField(default=0)
    laugh_count = models.PositiveIntegerField(default=0)
    surprise_count = models.PositiveIntegerField(default=0)
    thanks_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When anything a rendering shows last changed after publishing (an edit, a picture's alt
    # text): with the id it keys the cached Status (candela.api.mastodon.status_entities).
    changed_at = models.DateTimeField(null=True, blank=True)
    # Set when the post is deleted while others' rows still refer to it: a tombstone.
    deleted_at = models.DateTimeField(null=True, blank=True)

    mentioned_actors = models.ManyToManyField(Actor, through="Mention", related_name="mentioned_in")
    hashtags: models.ManyToManyField[Hashtag, PostHashtag] = models.ManyToManyField(
        "Hashtag", through="PostHashtag", related_name="posts"
    )

    class Meta:
        indexes = [
            models.Index(fields=["author", "-id"], name="post_author_id"),
            models.Index(fields=["thread_root"], name="post_thread_root"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "reblog_of"],
                condition=models.Q(reblog_of__isnull=False, deleted_at__isnull=True),
                name="post_one_boost_per_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} {self.id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_reblog(self) -> bool:
        return self.reblog_of_id is not None

    def reaction_counts(self) -> dict[str, int]:
        """The count of each emoji reaction (the favourites have their own counter)."""
        return {kind.value: getattr(self, REACTION_COUNT_FIELDS[kind]) for kind in EMOJI_KINDS}


class PostEdit(models.Model):
    """One version of a post, the original included, kept once the post is first edited."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    text = models.TextField(blank=True)
    content = models.TextField(blank=True)
    spoiler_text = models.CharField(max_length=500, blank=True)
    sensitive = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.post_id} at {self.created_at}"


class Mention(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "actor"], name="mention_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} in {self.post_id}"


class Hashtag(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    # Stored as first written; unique whatever the case.
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("name"), name="hashtag_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.name}"


class PostHashtag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    hashtag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hashtag", "post"], name="post_hashtag_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.hashtag_id}"


class MediaAttachment(models.Model):
    """An uploaded image: verified, stripped of metadata, at most 1920 px, with a preview.

    Belongs to its uploader until a post of theirs attaches it.
    """

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    owner = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="media")
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="media"
    )
    file = models.ImageField(upload_to="attachments/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    preview = models.ImageField(
        upload_to="attachments/previews/",
        width_field="preview_width",
        height_field="preview_height",
    )
    preview_width = models.PositiveIntegerField(default=0)
    preview_height = models.PositiveIntegerField(default=0)
    file_size = models.PositiveIntegerField(default=0)
    # The alt text.
    description = models.TextField(max_length=1500, blank=True)
    # Mastodon's focal point, each from -1.0 to 1.0 (0, 0 is the centre).
    focus_x = models.FloatField(default=0.0)
    focus_y = models.FloatField(default=0.0)
    # Order within the post.
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"media {self.id}"


class Reaction(models.Model):
    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "actor", "kind"], name="reaction_unique"),
        ]
        indexes = [models.Index(fields=["actor", "kind", "-id"], name="reaction_actor_kind_id")]

    def __str__(self) -> str:
        return f"{self.actor} {self.kind} {self.post_id}"


class IdempotencyKey(models.Model):
    """Mastodon's `Idempotency-Key`: the same key from the same actor within an hour returns
    the post the first request made instead of publishing twice."""

    id = models.BigIntegerField(primary_key=True, default=new_id, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key
