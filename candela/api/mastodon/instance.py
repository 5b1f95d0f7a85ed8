"""/api/v1/instance and /api/v2/instance: what apps read before and after logging in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.templatetags.static import static
from django.utils import timezone

import candela
from candela.api.http import ApiRequest, api_view
from candela.api.mastodon.entities import DEFAULT_HEADER, absolute_url
from candela.profiles.selectors import visible_actors

# The Mastodon API level Candela answers like; clients gate features on it (Mastodon.py
# parses the first three numbers), so it stays parseable.
MASTODON_COMPATIBILITY = "4.3.0"
VERSION = f"{MASTODON_COMPATIBILITY} (compatible; Candela {candela.__version__})"
API_VERSIONS = {"mastodon": 2, "candela": 1}
MAX_MEDIA_ATTACHMENTS = 4
IMAGE_MIME_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
POLLS = {
    "max_options": 4,
    "max_characters_per_option": 50,
    "min_expiration": 300,
    "max_expiration": 2_629_746,
}


def streaming_url() -> str:
    if settings.CANDELA_STREAMING_URL:
        return str(settings.CANDELA_STREAMING_URL)
    parts = urlsplit(settings.CANDELA_URL)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}"


def _local_people() -> Any:
    return visible_actors(AnonymousUser()).filter(local=True)


def _active_month() -> int:
    since = timezone.now() - timedelta(days=28)
    return int(_local_people().filter(user__last_login__gte=since).count())


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _media_limits() -> dict[str, Any]:
    return {
        "supported_mime_types": IMAGE_MIME_TYPES,
        "description_limit": 1500,
        "image_size_limit": settings.CANDELA_MAX_IMAGE_BYTES,
        "image_matrix_limit": 40_000_000,
        "video_size_limit": 0,
        "video_frame_rate_limit": 0,
        "video_matrix_limit": 0,
    }


def _statuses_limits() -> dict[str, int]:
    return {
        "max_characters": settings.CANDELA_MAX_POST_CHARS,
        "max_media_attachments": MAX_MEDIA_ATTACHMENTS,
        "characters_reserved_per_url": 23,
    }


@api_view(scopes=None)
def instance_v2(request: ApiRequest) -> dict[str, Any]:
    thumbnail = absolute_url(static(DEFAULT_HEADER))
    return {
        "domain": settings.CANDELA_DOMAIN,
        "title": settings.CANDELA_INSTANCE_NAME,
        "version": VERSION,
        # The AGPL source link; empty until the project publishes one (CANDELA_SOURCE_URL).
        "source_url": getattr(settings, "CANDELA_SOURCE_URL", ""),
        "description": settings.CANDELA_INSTANCE_DESCRIPTION,
        "usage": {"users": {"active_month": _active_month()}},
        "thumbnail": {"url": thumbnail, "blurhash": None, "versions": {"@1x": thumbnail}},
        "icon": [],
        "languages": _languages(),
        "configuration": {
            "urls": {"streaming": streaming_url(), "status": None},
            "vapid": {"public_key": ""},
            "accounts": {"max_featured_tags": 0, "max_pinned_statuses": 0},
            "statuses": _statuses_limits(),
            "media_attachments": _media_limits(),
            "polls": POLLS,
            "translation": {"enabled": False},
        },
        "registrations": {
            "enabled": settings.CANDELA_REGISTRATIONS_OPEN,
            "approval_required": False,
            "message": None,
            "url": None,
        },
        "api_versions": API_VERSIONS,
        "contact": {"email": settings.CANDELA_CONTACT_EMAIL, "account": None},
        "rules": [],
    }


@api_view(scopes=None)
def instance_v1(request: ApiRequest) -> dict[str, Any]:
    return {
        "uri": settings.CANDELA_DOMAIN,
        "title": settings.CANDELA_INSTANCE_NAME,
        "short_description": settings.CANDELA_INSTANCE_DESCRIPTION,
        "description": settings.CANDELA_INSTANCE_DESCRIPTION,
        "email": settings.CANDELA_CONTACT_EMAIL,
        "version": VERSION,
        "urls": {"streaming_api": streaming_url()},
        "stats": {"user_count": _local_people().count(), "status_count": 0, "domain_count": 0},
        "thumbnail": absolute_url(static(DEFAULT_HEADER)),
        "languages": _languages(),
        "registrations": settings.CANDELA_REGISTRATIONS_OPEN,
        "approval_required": False,
        "invites_enabled": False,
        "configuration": {
            "accounts": {"max_featured_tags": 0},
            "statuses": _statuses_limits(),
            "media_attachments": _media_limits(),
            "polls": POLLS,
        },
        "contact_account": None,
        "rules": [],
    }
