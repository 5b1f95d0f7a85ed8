"""Writes to posts, reactions, boosts and media. One transaction each; the signals in
`candela.posts.signals` go out only once it has committed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from candela.core.ids import new_id
from candela.graph import selectors as graph
from candela.posts import live, rendering, selectors
from candela.posts.languages import detect_language
from candela.posts.models import (
    REACTION_COUNT_FIELDS,
    Hashtag,
    IdempotencyKey,
    MediaAttachment,
    Mention,
    Post,
    PostEdit,
    PostHashtag,
    Reaction,
    ReactionKind,
    Visibility,
)
from candela.posts.signals import post_deleted, post_edited, post_published, post_reacted
from candela.profiles.images import encode_image, load_uploaded_image
from candela.profiles.languages import SPOKEN_LANGUAGE_CODES
from candela.profiles.models import Actor

MAX_MEDIA = 4
MAX_SPOILER_CHARS = 500
MAX_DESCRIPTION_CHARS = 1500
MEDIA_MAX_SIDE = 1920
PREVIEW_MAX_SIDE = 400
IDEMPOTENCY_WINDOW = timedelta(hours=1)
BOOSTABLE = (Visibility.PUBLIC, Visibility.UNLISTED)


def _send_on_commit(signal: Signal, **kwargs: Any) -> None:
    transaction.on_commit(lambda: signal.send(sender=Post, **kwargs))


def _post_uri(author: Actor, post_id: int) -> str:
    return f"{settings.CANDELA_URL}/users/{author.username}/statuses/{post_id}"


def _post_url(author: Actor, post_id: int) -> str:
    return f"{settings.CANDELA_URL}/@{author.username}/{post_id}"


def _validate_text(text: str, spoiler_text: str, *, has_media: bool) -> None:
    limit = settings.CANDELA_MAX_POST_CHARS
    length = rendering.counted_length(text)
    if length > limit:
        raise ValidationError(
            {
                "text": ngettext(
                    "A post can have at most %(limit)d character (this one has %(count)d).",
                    "A post can have at most %(limit)d characters (this one has %(count)d).",
                    limit,
                )
                % {"limit": limit, "count": length}
            },
            code="too_long",
        )
    if len(spoiler_text) > MAX_SPOILER_CHARS:
        raise ValidationError(
            {
                "spoiler_text": _("A content warning can have at most %(limit)d characters.")
                % {"limit": MAX_SPOILER_CHARS}
            },
            code="too_long",
        )
    if not text.strip() and not has_media:
        raise ValidationError({"text": _("Write something or add a picture.")}, code="blank")


def _language(text: str, language: str | None) -> str:
    if language:
        code = language.strip().lower()
        if code not in SPOKEN_LANGUAGE_CODES:
            raise ValidationError(
                {"language": _("Unknown language code: %(code)s.") % {"code": language}},
                code="invalid",
            )
        return code
    return detect_language(text)


def _mentioned_actors(text: str) -> dict[str, Actor]:
    """Local, live accounts the text mentions, by lower-case username. Mentions of unknown or
    remote accounts stay plain text: nobody to link to or to notify (no error, as on Mastodon)."""
    usernames = {u.lower() for u, domain in rendering.parse(text).mentions if not domain}
    if not usernames:
        return {}
    actors = (
        Actor.objects.annotate(lower=Lower("username"))
        .filter(lower__in=usernames, local=True, deleted_at__isnull=True)
        .filter(user__is_active=True)
    )
    return {actor.username.lower(): actor for actor in actors}


def _render(text: str) -> tuple[str, dict[str, Actor], list[str]]:
    """The HTML, the mentioned accounts and the hashtags of `text`."""
    actors = _mentioned_actors(text)

    def mention_url(username: str, domain: str) -> str | None:
        actor = actors.get(username.lower()) if not domain else None
        return (actor.url or actor.uri) if actor is not None else None

    return rendering.render(text, mention_url), actors, rendering.parse(text).hashtags


def _hashtags(names: list[str]) -> list[Hashtag]:
    tags = []
    for name in names:
        existing = Hashtag.objects.filter(name__iexact=name).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = Hashtag.objects.create(name=name)
            except IntegrityError:
                # Another post created it meanwhile.
                existing = Hashtag.objects.get(name__iexact=name)
        tags.append(existing)
    return tags


def _set_mentions_and_tags(post: Post, actors: dict[str, Actor], tag_names: list[str]) -> None:
    Mention.objects.filter(post=post).exclude(actor_id__in=[a.id for a in actors.values()]).delete()
    existing = set(Mention.objects.filter(post=post).values_list("actor_id", flat=True))
    Mention.objects.bulk_create(
        [Mention(post=post, actor=a) for a in actors.values() if a.id not in existing]
    )
    tags = _hashtags(tag_names)
    PostHashtag.objects.filter(post=post).exclude(hashtag_id__in=[t.id for t in tags]).delete()
    tagged = set(PostHashtag.objects.filter(post=post).values_list("hashtag_id", flat=True))
    PostHashtag.objects.bulk_create(
        [PostHashtag(post=post, hashtag=t) for t in tags if t.id not in tagged]
    )


def _media_for(
    author: Actor, media_ids: Sequence[int], *, post: Post | None = None
) -> list[MediaAttachment]:
    """The author's own media, in the order given, not attached to another post."""
    if len(media_ids) > MAX_MEDIA:
        raise ValidationError(
            {
                "media_ids": ngettext(
                    "A post can have at most %(count)d picture.",
                    "A post can have at most %(count)d pictures.",
                    MAX_MEDIA,
                )
                % {"count": MAX_MEDIA}
            },
            code="too_many",
        )
    unique_ids = list(dict.fromkeys(media_ids))
    found = {
        m.id: m
        for m in MediaAttachment.objects.select_for_update().filter(id__in=unique_ids, owner=author)
        if m.post_id is None or (post is not None and m.post_id == post.id)
    }
    if len(found) != len(unique_ids):
        raise ValidationError(
            {
                "media_ids": _(
                    "One of these pictures cannot be attached: "
                    "it is not yours, or it is already in another post."
                )
            },
            code="invalid",
        )
    return [found[i] for i in unique_ids]


@transaction.atomic
def publish_post(
    author: Actor,
    *,
    text: str,
    visibility: str,
    circle_id: int | None = None,
    in_reply_to_id: int | None = None,
    media_ids: Sequence[int] = (),
    spoiler_text: str = "",
    sensitive: bool = False,
    language: str | None = None,
    idempotency_key: str | None = None,
) -> Post:
    """Publishes a post (a comment when `in_reply_to_id` is set) as `author`.

    Raises ValidationError for bad input (too long, empty, unknown visibility, a circle or
    media that is not the author's), Http404 when the post replied to is missing or hidden
    from the author. The same `idempotency_key` within an hour returns the first post.
    """
    if idempotency_key:
        earlier = (
            IdempotencyKey.objects.filter(
                actor=author,
                key=idempotency_key,
                created_at__gte=timezone.now() - IDEMPOTENCY_WINDOW,
            )
            .select_related("post")
            .first()
        )
        if earlier is not None and not earlier.post.is_deleted:
            return earlier.post
        IdempotencyKey.objects.filter(actor=author, key=idempotency_key).delete()
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see this post.")}, code="invalid")
    text = text.strip()
    spoiler_text = spoiler_text.strip()
    _validate_text(text, spoiler_text, has_media=bool(media_ids))
    circle = None
    if visibility == Visibility.CIRCLE:
        if circle_id is None:
            raise ValidationError({"circle": _("Choose one of your circles.")}, code="required")
        try:
            circle = graph.get_circle_for(author, circle_id)
        except Http404 as missing:
            raise ValidationError(
                {"circle": _("Choose one of your circles.")}, code="invalid"
            ) from missing
    parent = None
    if in_reply_to_id is not None:
        parent = selectors.get_post_for(author, in_reply_to_id)
        if parent.reblog_of is not None:
            parent = parent.reblog_of
    media = _media_for(author, media_ids)
    content, actors, tag_names = _render(text)
    post_id = new_id()
    post = Post.objects.create(
        id=post_id,
        author=author,
        uri=_post_uri(author, post_id),
        url=_post_url(author, post_id),
        local=True,
        text=text,
        content=content,
        visibility=visibility,
        circle=circle,
        in_reply_to=parent,
        in_reply_to_account_id=parent.author_id if parent else None,
        thread_root_id=(parent.thread_root_id or parent.id) if parent else None,
        language=_language(text, language),
        spoiler_text=spoiler_text,
        sensitive=sensitive or bool(spoiler_text),
    )
    _set_mentions_and_tags(post, actors, tag_names)
    for position, attachment in enumerate(media):
        attachment.post = post
        attachment.position = position
        attachment.save(update_fields=["post", "position"])
    if parent is not None:
        Post.objects.filter(pk=parent.pk).update(replies_count=F("replies_count") + 1)
    if idempotency_key:
        IdempotencyKey.objects.create(actor=author, key=idempotency_key, post=post)
    # Live events before the signal: its receivers queue tasks, a round trip each.
    live.published(post)
    _send_on_commit(post_published, post_id=post.id)
    return post


def publish_post_with_uploads(
    author: Actor,
    *,
    uploads: Sequence[tuple[UploadedFile[bytes], str]],
    text: str,
    visibility: str,
    circle_id: int | None = None,
    in_reply_to_id: int | None = None,
    spoiler_text: str = "",
) -> Post:
    """`publish_post` for a form that sends its pictures along, as (file, alt text) pairs: the
    pictures and the post are written together or not at all, and the stored files of a
    refused post are removed again. Raises what `upload_media` and `publish_post` raise."""
    with _uploaded(author, uploads) as uploaded:
        return publish_post(
            author,
            text=text,
            visibility=visibility,
            circle_id=circle_id,
            in_reply_to_id=in_reply_to_id,
            media_ids=[media.id for media in uploaded],
            spoiler_text=spoiler_text,
        )


@contextmanager
def _uploaded(
    author: Actor, uploads: Sequence[tuple[UploadedFile[bytes], str]]
) -> Iterator[list[MediaAttachment]]:
    """The uploads stored as the author's media, inside a transaction with what the block
    writes: if the block fails, nothing is written and the stored files are removed again."""
    uploaded: list[MediaAttachment] = []
    try:
        with transaction.atomic():
            for file, description in uploads:
                uploaded.append(upload_media(author, file=file, description=description))
            yield uploaded
    except BaseException:
        for media in uploaded:
            for stored in (media.file, media.preview):
                if stored.name:
                    stored.storage.delete(stored.name)
        raise


def edit_post_with_uploads(
    author: Actor,
    *,
    post_id: int,
    text: str,
    spoiler_text: str,
    kept: Sequence[tuple[int, str]],
    uploads: Sequence[tuple[UploadedFile[bytes], str]],
) -> Post:
    """`edit_post` for the edit form: the pictures kept, as (media id, alt text) pairs in
    order, then the new ones, as (file, alt text) pairs; the rest leave the post. All written
    together or not at all. Raises what `update_media`, `upload_media` and `edit_post` raise."""
    post = selectors.get_own_post(author, post_id)
    with _uploaded(author, uploads) as uploaded:
        for media_id, description in kept:
            update_media(author, media_id=media_id, description=description)
        return edit_post(
            author,
            post_id=post.id,
            text=text,
            spoiler_text=spoiler_text,
            sensitive=post.sensitive and not post.spoiler_text,
            language=post.language or None,
            media_ids=[media_id for media_id, _alt in kept] + [media.id for media in uploaded],
        )


@transaction.atomic
def edit_post(
    author: Actor,
    *,
    post_id: int,
    text: str,
    spoiler_text: str = "",
    sensitive: bool = False,
    language: str | None = None,
    media_ids: Sequence[int] | None = None,
) -> Post:
    """Changes the text (and content warning, language, pictures) of the author's own post,
    keeping every version. Raises Http404 for someone else's post, ValidationError for bad
    input. Visibility and the post replied to cannot change."""
    post = selectors.get_own_post(author, post_id)
    if post.reblog_of_id is not None:
        raise Http404(str(post_id))
    media = _media_for(author, media_ids, post=post) if media_ids is not None else None
    text = text.strip()
    spoiler_text = spoiler_text.strip()
    has_media = bool(media) if media is not None else post.media.exists()
    _validate_text(text, spoiler_text, has_media=has_media)
    now = timezone.now()
    if not post.edits.exists():
        PostEdit.objects.create(
            post=post,
            text=post.text,
            content=post.content,
            spoiler_text=post.spoiler_text,
            sensitive=post.sensitive,
            created_at=post.created_at,
        )
    content, actors, tag_names = _render(text)
    post.text = text
    post.content = content
    post.spoiler_text = spoiler_text
    post.sensitive = sensitive or bool(spoiler_text)
    post.language = _language(text, language)
    post.edited_at = post.changed_at = now
    post.save(
        update_fields=[
            "text",
            "content",
            "spoiler_text",
            "sensitive",
            "language",
            "edited_at",
            "changed_at",
        ]
    )
    PostEdit.objects.create(
        post=post,
        text=text,
        content=content,
        spoiler_text=post.spoiler_text,
        sensitive=post.sensitive,
        created_at=now,
    )
    _set_mentions_and_tags(post, actors, tag_names)
    if media is not None:
        MediaAttachment.objects.filter(post=post).exclude(id__in=[m.id for m in media]).update(
            post=None
        )
        for position, attachment in enumerate(media):
            attachment.post = post
            attachment.position = position
            attachment.save(update_fields=["post", "position"])
    _send_on_commit(post_edited, post_id=post.id)
    live.edited(post)
    return selectors.get_own_post(author, post.id)


@transaction.atomic
def delete_post(actor: Actor, *, post_id: int) -> None:
    """Deletes a post (or undoes a boost) as its author or as staff.

    A post that others' replies, boosts or reactions refer to stays as a tombstone (no text,
    no pictures); any other post is removed. Raises Http404 when the post is missing or
    hidden, PermissionDenied when `actor` may not delete it.
    """
    post = selectors.get_post_for(actor, post_id)
    is_staff = actor.user is not None and actor.user.is_staff
    if post.author_id != actor.id and not is_staff:
        raise PermissionDenied(_("You can only delete your own posts."))
    live.deleted(post)
    if post.reblog_of_id is not None:
        Post.objects.filter(pk=post.reblog_of_id).update(reblogs_count=F("reblogs_count") - 1)
        post.delete()
        _send_on_commit(post_deleted, post_id=post_id, author_id=post.author_id)
        return
    if post.in_reply_to_id is not None:
        Post.objects.filter(pk=post.in_reply_to_id, replies_count__gt=0).update(
            replies_count=F("replies_count") - 1
        )
    is_referred_to = (
        Post.objects.filter(in_reply_to=post).exists()
        or Post.objects.filter(reblog_of=post).exists()
        or Reaction.objects.filter(post=post).exists()
    )
    _delete_files_on_commit(list(post.media.all()))
    if is_referred_to:
        post.media.all().delete()
        post.mentions.all().delete()
        PostHashtag.objects.filter(post=post).delete()
        post.edits.all().delete()
        post.text = post.content = post.spoiler_text = ""
        post.deleted_at = timezone.now()
        post.save(update_fields=["text", "content", "spoiler_text", "deleted_at"])
    else:
        post.delete()
    _send_on_commit(post_deleted, post_id=post_id, author_id=post.author_id)


def _delete_files_on_commit(media: list[MediaAttachment]) -> None:
    """Pictures leave the storage only once their rows are gone for good (no rollback)."""
    files = [(f.storage, f.name) for m in media for f in (m.file, m.preview) if f.name]

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def _target_of(actor: Actor, post_id: int) -> Post:
    """The post a reaction or boost applies to: a boost stands for the post it boosts."""
    post = selectors.get_post_for(actor, post_id)
    return post.reblog_of if post.reblog_of is not None else post


def _count_reaction(post: Post, kind: str, delta: int) -> None:
    """Moves the post's counter of `kind` by `delta`, in the transaction that added or removed
    the reaction row. Only the request whose INSERT or DELETE took effect gets here (a second
    one meets the unique constraint or deletes nothing), and `F() + delta` adds up concurrent
    reactions instead of one overwriting another."""
    field = REACTION_COUNT_FIELDS[kind]
    Post.objects.filter(pk=post.pk).update(**{field: F(field) + delta})


@transaction.atomic
def react(actor: Actor, *, post_id: int, kind: str = ReactionKind.FAVOURITE) -> Post:
    """Adds `actor`'s reaction to a post they may see. Reacting twice with the same kind changes
    nothing (idempotent, like Mastodon's favourite). Raises Http404 for a hidden post,
    ValidationError for a kind outside the fixed set."""
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("This reaction is not available.")}, code="invalid")
    post = _target_of(actor, post_id)
    _reaction, created = Reaction.objects.get_or_create(post=post, actor=actor, kind=kind)
    if created:
        _count_reaction(post, kind, 1)
        _send_on_commit(post_reacted, post_id=post.id, actor_id=actor.id, kind=kind)
        live.reacted(post)
    return post


@transaction.atomic
def unreact(actor: Actor, *, post_id: int, kind: str = ReactionKind.FAVOURITE) -> Post:
    """Removes `actor`'s reaction, if any. Raises Http404 for a hidden post."""
    post = _target_of(actor, post_id)
    deleted, _rows = Reaction.objects.filter(post=post, actor=actor, kind=kind).delete()
    if deleted:
        _count_reaction(post, kind, -1)
        live.reacted(post)
    return post


@transaction.atomic
def boost(actor: Actor, *, post_id: int, visibility: str = Visibility.PUBLIC) -> Post:
    """Boosts a public or unlisted post `actor` may see (their own included, as on Mastodon)
    and returns the boost; boosting again returns the same boost. Raises Http404 for a hidden
    post, PermissionDenied for a post whose audience is limited."""
    post = _target_of(actor, post_id)
    if post.visibility not in BOOSTABLE:
        raise PermissionDenied(_("Only public posts can be boosted."))
    if visibility not in BOOSTABLE:
        visibility = Visibility.PUBLIC
    existing = Post.objects.filter(author=actor, reblog_of=post, deleted_at__isnull=True).first()
    if existing is not None:
        return existing
    boost_id = new_id()
    created = Post.objects.create(
        id=boost_id,
        author=actor,
        uri=f"{_post_uri(actor, boost_id)}/activity",
        url=_post_url(actor, boost_id),
        local=True,
        visibility=visibility,
        reblog_of=post,
    )
    Post.objects.filter(pk=post.pk).update(reblogs_count=F("reblogs_count") + 1)
    _send_on_commit(post_published, post_id=created.id)
    return created


@transaction.atomic
def unboost(actor: Actor, *, post_id: int) -> Post:
    """Undoes `actor`'s boost of a post, if any, and returns the post. Raises Http404 for a
    hidden post."""
    post = _target_of(actor, post_id)
    mine = Post.objects.filter(author=actor, reblog_of=post, deleted_at__isnull=True)
    for existing in mine:
        existing.delete()
        Post.objects.filter(pk=post.pk, reblogs_count__gt=0).update(
            reblogs_count=F("reblogs_count") - 1
        )
        _send_on_commit(post_deleted, post_id=existing.id, author_id=actor.id)
    return post


def _description(description: str) -> str:
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ValidationError(
            {
                "description": _("A description can have at most %(limit)d characters.")
                % {"limit": MAX_DESCRIPTION_CHARS}
            },
            code="too_long",
        )
    return description.strip()


def parse_focus(focus: str) -> tuple[float, float]:
    """Mastodon's focal point "x,y", each from -1.0 to 1.0; raises ValidationError."""
    try:
        x_text, y_text = focus.split(",")
        x, y = float(x_text), float(y_text)
    except ValueError as error:
        raise ValidationError(
            {"focus": _("A focal point is two numbers from -1 to 1, such as 0.5,-0.2.")},
            code="invalid",
        ) from error
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        raise ValidationError(
            {"focus": _("A focal point is two numbers from -1 to 1, such as 0.5,-0.2.")},
            code="invalid",
        )
    return x, y


def upload_media(
    owner: Actor, *, file: UploadedFile[bytes], description: str = "", focus: str | None = None
) -> MediaAttachment:
    """Stores a picture for a post `owner` will write: verified, stripped of metadata, at most
    1920 px on its longer side, with a 400 px preview. Raises ValidationError for a file that
    is not an image or is too large, or a description over 1,500 characters."""
    description = _description(description)
    x, y = parse_focus(focus) if focus else (0.0, 0.0)
    try:
        image, has_alpha = load_uploaded_image(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}, code="invalid") from error
    full = image.copy()
    full.thumbnail((MEDIA_MAX_SIDE, MEDIA_MAX_SIDE), Image.Resampling.LANCZOS)
    preview = ImageOps.contain(
        image, (PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE), Image.Resampling.LANCZOS
    )
    full_file = encode_image(full, has_alpha=has_alpha)
    preview_file = encode_image(preview, has_alpha=has_alpha)
    with transaction.atomic():
        media = MediaAttachment(
            owner=owner,
            description=description,
            focus_x=x,
            focus_y=y,
            file_size=full_file.size,
        )
        media.file.save(full_file.name or "media.jpg", full_file, save=False)
        media.preview.save(preview_file.name or "preview.jpg", preview_file, save=False)
        media.save()
    return media


def get_own_media(owner: Actor, media_id: object) -> MediaAttachment:
    """The owner's own picture, or Http404."""
    number = selectors.parse_id(media_id)
    media = MediaAttachment.objects.filter(owner=owner, pk=number).first() if number else None
    if media is None:
        raise Http404(str(media_id))
    return media


@transaction.atomic
def update_media(
    owner: Actor, *, media_id: int, description: str | None = None, focus: str | None = None
) -> MediaAttachment:
    """Changes the alt text or focal point of the owner's own picture (attached or not).
    Raises Http404 for someone else's, ValidationError for bad input."""
    media = get_own_media(owner, media_id)
    fields = []
    if description is not None:
        media.description = _description(description)
        fields.append("description")
    if focus is not None:
        media.focus_x, media.focus_y = parse_focus(focus)
        fields += ["focus_x", "focus_y"]
    if fields:
        with transaction.atomic():
            media.save(update_fields=fields)
            if media.post_id is not None:
                Post.objects.filter(pk=media.post_id).update(changed_at=timezone.now())
    return media
