"""The main navigation. Apps add their entry here as their area comes to exist."""

from __future__ import annotations

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


NAVIGATION = [
    NavItem(_("Home"), "core:home", needs_login=False),
    NavItem(_("People"), "profiles:directory"),
    NavItem(_("Network"), "graph:network"),
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
        items.append({"label": item.label, "url": url, "is_current": request.path == url})
    return items
