"""The main navigation. Apps add their entry here as their area comes to exist.

An entry may show a count (unread notifications, say): it names a badge, and the app that owns
the number registers a function for it with `register_badge` (in its AppConfig.ready), so that
core never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    needs_login: bool = True
    needs_staff: bool = False
    # The name of a registered badge whose count the entry shows when it is not zero.
    badge: str = ""


BADGES: dict[str, Callable[[HttpRequest], int]] = {}


def register_badge(name: str, count: Callable[[HttpRequest], int]) -> None:
    """Lets an app supply the count of the entries that name the badge `name`."""
    BADGES[name] = count


NAVIGATION = [
    NavItem(_("Home"), "core:home", needs_login=False),
    NavItem(_("Local"), "feed:local", needs_login=False),
    NavItem(_("People"), "profiles:directory"),
    NavItem(_("Network"), "graph:network"),
    NavItem(_("Notifications"), "notifications:list", badge="notifications"),
    NavItem(_("Settings"), "accounts:settings"),
    NavItem(_("Administration"), "admin:index", needs_staff=True),
]


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    is_staff = bool(signed_in and user and user.is_staff)
    items = []
    for item in NAVIGATION:
        if (item.needs_login and not signed_in) or (item.needs_staff and not is_staff):
            continue
        url = reverse(item.url_name)
        count = BADGES[item.badge](request) if item.badge in BADGES else 0
        items.append(
            {
                "label": item.label,
                "url": url,
                "is_current": request.path == url,
                "badge": count,
                "badge_name": item.badge,
            }
        )
    return items
