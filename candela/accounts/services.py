"""Writes to local logins: sign-up, settings, language, deletion. One transaction each."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from candela.accounts.models import User, username_validator
from candela.accounts.reserved import is_reserved
from candela.accounts.signals import user_created, user_deleting

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def validate_new_username(username: str) -> None:
    """Raises ValidationError when `username` is malformed, reserved or taken (in any case)."""
    username_validator(username)
    if len(username) > 30:
        raise ValidationError(_("A username can have at most 30 characters."), code="too_long")
    if is_reserved(username):
        raise ValidationError(
            _("This username is reserved. Please choose another."), code="reserved"
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is already taken."), code="taken")


def validate_new_email(email: str, *, exclude_user: User | None = None) -> None:
    taken = User.objects.filter(email__iexact=email)
    if exclude_user is not None:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise ValidationError(
            _("An account with this e-mail address already exists."), code="email_taken"
        )


def validate_language(language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise ValidationError(
            _("“%(language)s” is not a supported language.") % {"language": language},
            code="unknown_language",
        )


def create_user(
    *,
    username: str,
    email: str,
    password: str,
    language: str = settings.LANGUAGE_CODE,
    is_staff: bool = False,
) -> User:
    """Creates a login and (through `user_created`) its actor, all or nothing.

    Anyone may call it when registrations are open; raises ValidationError on bad input.
    """
    validate_new_username(username)
    validate_new_email(email)
    validate_language(language)
    user = User(username=username, email=email, language=language)
    validate_password(password, user)
    user.set_password(password)
    user.is_staff = is_staff
    user.is_superuser = is_staff
    with transaction.atomic():
        user.save()
        user_created.send(sender=User, user=user)
    return user


def update_account_settings(user: User, *, email: str, language: str, time_zone: str) -> User:
    """Changes the owner's e-mail, interface language and time zone; raises ValidationError."""
    validate_new_email(email, exclude_user=user)
    validate_language(language)
    user.email = email
    user.language = language
    user.time_zone = time_zone
    with transaction.atomic():
        user.save(update_fields=["email", "language", "time_zone"])
    return user


def set_language(user: User, *, language: str) -> User:
    validate_language(language)
    user.language = language
    with transaction.atomic():
        user.save(update_fields=["language"])
    return user


def delete_account(user: User) -> None:
    """Deletes the owner's login; their actor stays as a tombstone for others' references."""
    with transaction.atomic():
        user_deleting.send(sender=User, user=user)
        user.delete()
