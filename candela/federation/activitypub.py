"""Mapping of local actors to ActivityPub JSON (the Person document and its Tombstone)."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models.fields.files import ImageFieldFile
from django.utils.html import linebreaks, urlize

from candela.profiles.models import Actor

ACTIVITY_JSON = "application/activity+json"
LD_JSON_ACTIVITYSTREAMS = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
ACTIVITYPUB_MEDIA_TYPES = (ACTIVITY_JSON, LD_JSON_ACTIVITYSTREAMS)

ACTIVITYSTREAMS = "https://www.w3.org/ns/activitystreams"
SECURITY_V1 = "https://w3id.org/security/v1"

# The terms Mastodon defines for actors (app/lib/activitypub/adapter.rb), limited to the ones
# this document uses, so that JSON-LD processors expand them as Mastodon does.
ACTOR_CONTEXT: list[Any] = [
    ACTIVITYSTREAMS,
    SECURITY_V1,
    {
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "schema": "http://schema.org#",
        "PropertyValue": "schema:PropertyValue",
        "value": "schema:value",
    },
]


def actor_type(actor: Actor) -> str:
    return "Service" if actor.is_bot else "Person"


def shared_inbox_url() -> str:
    return f"{settings.CANDELA_URL}/inbox"


def bio_html(bio: str) -> str:
    """The plain-text bio as the small HTML Mastodon keeps: paragraphs, line breaks and links."""
    if not bio:
        return ""
    return str(linebreaks(urlize(bio, nofollow=True, autoescape=True)))


def published_at(moment: datetime) -> str:
    # Midnight of the sign-up day, as Mastodon does: the exact time says more than anyone needs.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT00:00:00Z")


def image_object(image: ImageFieldFile) -> dict[str, str]:
    media_type, _encoding = mimetypes.guess_type(image.name or "")
    return {
        "type": "Image",
        "mediaType": media_type or "application/octet-stream",
        "url": f"{settings.CANDELA_URL}{image.url}",
    }


def actor_document(actor: Actor) -> dict[str, Any]:
    """The ActivityPub actor of a local, living account, with the fields Mastodon reads."""
    document: dict[str, Any] = {
        "@context": ACTOR_CONTEXT,
        "id": actor.uri,
        "type": actor_type(actor),
        "preferredUsername": actor.username,
        "name": actor.name,
        "summary": bio_html(actor.bio),
        "url": actor.url,
        "inbox": f"{actor.uri}/inbox",
        "outbox": f"{actor.uri}/outbox",
        "followers": f"{actor.uri}/followers",
        "following": f"{actor.uri}/following",
        "endpoints": {"sharedInbox": shared_inbox_url()},
        "publicKey": {
            "id": f"{actor.uri}#main-key",
            "owner": actor.uri,
            "publicKeyPem": actor.public_key_pem,
        },
        "manuallyApprovesFollowers": actor.is_locked,
        "discoverable": actor.is_discoverable,
        # FEP-5feb: consent to full-text search of posts. There is no setting for it yet, and
        # "suggest this account" is a different consent, so it stays off.
        "indexable": False,
        "published": published_at(actor.created_at),
        "tag": [],
        "attachment": [],
    }
    if actor.avatar:
        document["icon"] = image_object(actor.avatar)
    if actor.header:
        document["image"] = image_object(actor.header)
    return document


def tombstone_document(actor: Actor) -> dict[str, Any]:
    """What a deleted account's URI answers (with 410 Gone): Mastodon then deletes its copy."""
    document: dict[str, Any] = {
        "@context": ACTIVITYSTREAMS,
        "id": actor.uri,
        "type": "Tombstone",
        "formerType": actor_type(actor),
    }
    if actor.deleted_at is not None:
        document["deleted"] = actor.deleted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return document
