"""Template helpers for showing people: their avatar, or the default one."""

from __future__ import annotations

from django import template
from django.templatetags.static import static

from candela.profiles.models import Actor

register = template.Library()

DEFAULT_AVATAR = "candela/default-avatar.png"


@register.simple_tag
def avatar_url(actor: Actor) -> str:
    return actor.avatar.url if actor.avatar else static(DEFAULT_AVATAR)
