"""Mastodon's OAuth scopes: the catalogue, what each one implies, and the DOT scopes backend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import BaseScopes

# Every scope a client may ask for, with the sentence the consent page shows for it.
SCOPES: dict[str, Promise] = {
    "read": _("Read all your account data"),
    "write": _("Change all your account data"),
    "follow": _("Manage whom you follow, block and mute"),
    "push": _("Receive push notifications"),
    "profile": _("Read only your basic profile information"),
    "read:accounts": _("See your profile and other people's profiles"),
    "read:blocks": _("See whom you block"),
    "read:bookmarks": _("See your bookmarks"),
    "read:favourites": _("See your favourites"),
    "read:filters": _("See your filters"),
    "read:follows": _("See whom you follow"),
    "read:lists": _("See your lists"),
    "read:mutes": _("See whom you mute"),
    "read:notifications": _("See your notifications"),
    "read:search": _("Search on your behalf"),
    "read:statuses": _("See posts, including your private ones"),
    "write:accounts": _("Change your profile"),
    "write:blocks": _("Block and unblock people and domains"),
    "write:bookmarks": _("Bookmark posts"),
    "write:conversations": _("Mute and delete conversations"),
    "write:favourites": _("Favourite posts"),
    "write:filters": _("Create and change filters"),
    "write:follows": _("Follow and unfollow people"),
    "write:lists": _("Create and change lists"),
    "write:media": _("Upload media files"),
    "write:mutes": _("Mute and unmute people and conversations"),
    "write:notifications": _("Clear your notifications"),
    "write:reports": _("Report other people"),
    "write:statuses": _("Publish and delete posts"),
    "admin:read": _("Read all data on the server (moderators only)"),
    "admin:read:accounts": _("Read sensitive information of all accounts (moderators only)"),
    "admin:read:reports": _("Read sensitive information of all reports (moderators only)"),
    "admin:read:domain_allows": _("Read the allowed domains (moderators only)"),
    "admin:read:domain_blocks": _("Read the blocked domains (moderators only)"),
    "admin:read:ip_blocks": _("Read the blocked IP addresses (moderators only)"),
    "admin:read:email_domain_blocks": _("Read the blocked e-mail domains (moderators only)"),
    "admin:read:canonical_email_blocks": _("Read the blocked e-mail addresses (moderators only)"),
    "admin:write": _("Change all data on the server (moderators only)"),
    "admin:write:accounts": _("Take moderation actions on accounts (moderators only)"),
    "admin:write:reports": _("Take moderation actions on reports (moderators only)"),
    "admin:write:domain_allows": _("Change the allowed domains (moderators only)"),
    "admin:write:domain_blocks": _("Change the blocked domains (moderators only)"),
    "admin:write:ip_blocks": _("Change the blocked IP addresses (moderators only)"),
    "admin:write:email_domain_blocks": _("Change the blocked e-mail domains (moderators only)"),
    "admin:write:canonical_email_blocks": _(
        "Change the blocked e-mail addresses (moderators only)"
    ),
}

DEFAULT_SCOPES = ["read"]

# `follow` predates the granular scopes and still grants these (as on Mastodon).
FOLLOW_IMPLIES = frozenset(
    {"read:follows", "write:follows", "read:blocks", "write:blocks", "read:mutes", "write:mutes"}
)


def _implied(scope: str) -> frozenset[str]:
    """`scope` and every scope it grants: `read` grants `read:accounts`, `admin:read` grants
    `admin:read:accounts`, and so on."""
    children = {name for name in SCOPES if name.startswith(f"{scope}:")}
    if scope == "follow":
        children |= FOLLOW_IMPLIES
    return frozenset({scope, *children})


IMPLIED: dict[str, frozenset[str]] = {name: _implied(name) for name in SCOPES}


def parse_scopes(value: str | Iterable[str] | None) -> list[str]:
    """Splits a space- (or, from query strings, plus-) separated scope list, keeping order."""
    if value is None:
        return []
    parts = value.replace("+", " ").split() if isinstance(value, str) else list(value)
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def unknown_scopes(scopes: Iterable[str]) -> list[str]:
    return [scope for scope in scopes if scope not in SCOPES]


def expand_scopes(scopes: Iterable[str]) -> frozenset[str]:
    """Every scope granted by `scopes`, the implied granular ones included."""
    granted: set[str] = set()
    for scope in scopes:
        granted |= IMPLIED.get(scope, frozenset())
    return frozenset(granted)


def scopes_allow(granted: Iterable[str], required: Iterable[str]) -> bool:
    """True when `granted` covers at least one of `required` (Mastodon's any-of rule)."""
    expanded = expand_scopes(granted)
    return any(scope in expanded for scope in required)


class MastodonScopes(BaseScopes):  # type: ignore[misc]
    """django-oauth-toolkit's view of the catalogue: an application may be granted what it
    registered, and whatever that implies."""

    def get_all_scopes(self) -> dict[str, Promise]:
        return SCOPES

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        if application is None:
            return list(SCOPES)
        return sorted(expand_scopes(parse_scopes(application.scopes)))

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return list(DEFAULT_SCOPES)
