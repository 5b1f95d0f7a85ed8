"""Writes to actors and profiles. One transaction each; only the owner edits their profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candela.accounts.models import User
from candela.profiles.images import AVATAR, HEADER, ImageKind, process_uploaded_image
from candela.profiles.keys import generate_key_pair
from candela.profiles.languages import SPOKEN_LANGUAGE_CODES
from candela.profiles.models import Actor, Position

MAX_SKILLS = 20
MAX_SKILL_LENGTH = 50
MAX_POSITIONS = 10


@dataclass(frozen=True)
class PositionInput:
    company: str
    title: str = ""
    is_current: bool = True


def local_actor_uri(username: str) -> str:
    return f"{settings.CANDELA_URL}/users/{username}"


def create_local_actor(user: User) -> Actor:
    """Creates the actor of a new local user; called inside `create_user`'s transaction.

    Raises ValidationError when the handle is still held by a deleted account's tombstone.
    """
    if Actor.objects.filter(
        local=True, username__iexact=user.username, domain__iexact=settings.CANDELA_DOMAIN
    ).exists():
        raise ValidationError(_("This username is already taken."), code="taken")
    private_pem, public_pem = generate_key_pair()
    return Actor.objects.create(
        user=user,
        username=user.username,
        domain=settings.CANDELA_DOMAIN,
        local=True,
        uri=local_actor_uri(user.username),
        url=f"{settings.CANDELA_URL}/@{user.username}",
        private_key_pem=private_pem,
        public_key_pem=public_pem,
    )


def normalise_skills(skills: list[str]) -> list[str]:
    """Trims, drops empties and case-insensitive repeats; raises ValidationError past the limits."""
    kept: list[str] = []
    seen: set[str] = set()
    for raw in skills:
        skill = " ".join(raw.split())
        if not skill or skill.casefold() in seen:
            continue
        if len(skill) > MAX_SKILL_LENGTH:
            raise ValidationError(
                _("Each skill can have at most %(count)d characters.")
                % {"count": MAX_SKILL_LENGTH},
                code="skill_too_long",
            )
        seen.add(skill.casefold())
        kept.append(skill)
    if len(kept) > MAX_SKILLS:
        raise ValidationError(
            _("You can list at most %(count)d skills.") % {"count": MAX_SKILLS},
            code="too_many_skills",
        )
    return kept


def validate_spoken_languages(languages: list[str]) -> list[str]:
    unknown = [code for code in languages if code not in SPOKEN_LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            ngettext(
                "Unknown language code: %(codes)s.",
                "Unknown language codes: %(codes)s.",
                len(unknown),
            )
            % {"codes": ", ".join(unknown)},
            code="unknown_language",
        )
    return list(dict.fromkeys(languages))


def update_profile(
    actor: Actor,
    *,
    display_name: str | None = None,
    bio: str | None = None,
    location: str | None = None,
    languages: list[str] | None = None,
    skills: list[str] | None = None,
    is_locked: bool | None = None,
    is_bot: bool | None = None,
    is_discoverable: bool | None = None,
    avatar: UploadedFile[bytes] | None = None,
    remove_avatar: bool = False,
    header: UploadedFile[bytes] | None = None,
    remove_header: bool = False,
    positions: list[PositionInput] | None = None,
) -> Actor:
    """Changes the given parts of the owner's profile (None leaves a part as it is), all or nothing.

    Images are verified, stripped of metadata and resized first. Raises ValidationError on bad
    input; the HTML form and the Mastodon API both call it.
    """
    changes: dict[str, object] = {}
    if display_name is not None:
        if len(display_name) > 100:
            raise ValidationError(
                {"display_name": _("A display name can have at most 100 characters.")}
            )
        changes["display_name"] = display_name.strip()
    if bio is not None:
        if len(bio) > 2000:
            raise ValidationError({"bio": _("Your bio can have at most 2,000 characters.")})
        changes["bio"] = bio.strip()
    if location is not None:
        changes["location"] = location.strip()[:100]
    if languages is not None:
        changes["languages"] = _for_field("languages", validate_spoken_languages, languages)
    if skills is not None:
        changes["skills"] = _for_field("skills", normalise_skills, skills)
    if positions is not None and len(positions) > MAX_POSITIONS:
        raise ValidationError(
            {"positions": _("You can list at most %(count)d positions.") % {"count": MAX_POSITIONS}}
        )
    flags: tuple[tuple[str, bool | None], ...] = (
        ("is_locked", is_locked),
        ("is_bot", is_bot),
        ("is_discoverable", is_discoverable),
    )
    for name, flag in flags:
        if flag is not None:
            changes[name] = flag
    images = {
        "avatar": _for_field("avatar", _new_image, avatar, remove_avatar, AVATAR),
        "header": _for_field("header", _new_image, header, remove_header, HEADER),
    }
    replaced = []
    for field_name, new_file in images.items():
        if new_file is None:
            continue
        field = getattr(actor, field_name)
        if field.name:
            replaced.append(field.name)
        if new_file is REMOVED:
            changes[field_name] = ""
        else:
            field.save(new_file.name, new_file, save=False)
            changes[field_name] = field.name
    for field_name, new_value in changes.items():
        setattr(actor, field_name, new_value)
    storage = actor.avatar.storage
    with transaction.atomic():
        actor.save(update_fields=[*changes, "updated_at"])
        if positions is not None:
            _replace_positions(actor, positions)
        for name in replaced:
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]
    return actor


REMOVED = ContentFile(b"", name="removed")
T = TypeVar("T")


def _for_field(field_name: str, check: Callable[..., T], *args: Any) -> T:
    """Runs `check`, naming `field_name` in any ValidationError it raises (forms and API)."""
    try:
        return check(*args)
    except ValidationError as error:
        raise ValidationError({field_name: error.messages}) from error


def _new_image(
    upload: UploadedFile[bytes] | None, remove: bool, kind: ImageKind
) -> ContentFile[bytes] | None:
    """The processed replacement image, REMOVED, or None when the image stays as it is."""
    if upload is not None:
        return process_uploaded_image(upload, kind)
    return REMOVED if remove else None


def _replace_positions(actor: Actor, positions: list[PositionInput]) -> None:
    actor.positions.all().delete()
    Position.objects.bulk_create(
        Position(
            actor=actor,
            company=p.company.strip()[:120],
            title=p.title.strip()[:120],
            is_current=p.is_current,
            order=index,
        )
        for index, p in enumerate(positions)
        if p.company.strip()
    )


def tombstone_actor(actor: Actor) -> Actor:
    """Keeps the row (its URI and handle stay taken) and forgets everything personal."""
    images = [f.name for f in (actor.avatar, actor.header) if f.name]
    storage = actor.avatar.storage
    actor.display_name = ""
    actor.bio = ""
    actor.location = ""
    actor.languages = []
    actor.skills = []
    actor.avatar = ""
    actor.header = ""
    actor.private_key_pem = ""
    actor.deleted_at = timezone.now()
    with transaction.atomic():
        actor.save()
        actor.positions.all().delete()
        for name in images:
            transaction.on_commit(lambda name=name: storage.delete(name))  # type: ignore[misc]
    return actor
