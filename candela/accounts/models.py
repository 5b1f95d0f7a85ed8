"""Local logins. The public persona of a user is their actor (see `candela.profiles`)."""

from __future__ import annotations

import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 30

username_validator = RegexValidator(
    r"^[A-Za-z0-9_]+\Z",
    _("Use only letters, digits and underscores."),
)

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


class CandelaUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Logins are case-insensitive, as are usernames themselves.
        return self.get(username__iexact=username)


class User(AbstractUser):
    username = models.CharField(
        _("username"),
        max_length=USERNAME_MAX_LENGTH,
        unique=True,
        validators=[username_validator],
        help_text=_("Up to 30 letters, digits and underscores. This is your handle."),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )

    objects: ClassVar[CandelaUserManager] = CandelaUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
