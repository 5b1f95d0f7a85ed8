"""Template context and the navigation badge: the signed-in person's unread notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from candela.notifications import selectors

_CACHE_ATTRIBUTE = "_candela_unread_notifications"


def unread_count(request: HttpRequest) -> int:
    """The signed-in person's unread count, counted at most once per request; 0 when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, _CACHE_ATTRIBUTE):
        setattr(request, _CACHE_ATTRIBUTE, selectors.unread_count_for(user.actor))
    count: int = getattr(request, _CACHE_ATTRIBUTE)
    return count


def notifications(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages that never show the number never count.
    return {"unread_notifications_count": SimpleLazyObject(lambda: unread_count(request))}
