"""Maps Candela objects to Mastodon's JSON entities, field by field as docs.joinmastodon.org
describes them (Account, CredentialAccount, Application, Role, Relationship, List)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.conf import settings
from django.db.models.fields.files import ImageFieldFile
from django.templatetags.static import static
from django.utils.html import urlize
from django.utils.translation import gettext as _

from candela.accounts.models import User
from candela.api.models import Application
from candela.graph.models import Circle
from candela.graph.selectors import Relationship
from candela.posts.selectors import AccountNumbers
from candela.profiles.models import Actor

DEFAULT_AVATAR = "candela/default-avatar.png"
DEFAULT_HEADER = "candela/default-header.png"


def absolute_url(url: str) -> str:
    """Apps need absolute URLs; storage and static URLs are usually site-relative."""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.CANDELA_URL}{url}"


def image_url(image: ImageFieldFile, default_static: str) -> str:
    return absolute_url(image.url if image.name else static(default_static))


def note_html(bio: str) -> str:
    """A plain-text bio as Mastodon's HTML note: escaped, links made clickable, paragraphs in
    <p> and line breaks as <br>."""
    paragraphs = [part.strip() for part in bio.replace("\r\n", "\n").split("\n\n") if part.strip()]
    rendered = []
    for paragraph in paragraphs:
        lines = [urlize(line, nofollow=True, autoescape=True) for line in paragraph.split("\n")]
        rendered.append(f"<p>{'<br>'.join(lines)}</p>")
    return "".join(rendered)


def account(actor: Actor) -> dict[str, Any]:
    """Mastodon's Account entity, plus Candela's profile under `candela`.

    Lists load the counts beforehand (profiles.selectors.attach_stats): no N+1."""
    return with_counts(account_profile(actor), AccountNumbers.of(actor))


def with_counts(profile: dict[str, Any], numbers: AccountNumbers) -> dict[str, Any]:
    """An Account from its profile part (`account_profile`, which a cache may hold) and its
    counts."""
    last = numbers.last_status_at
    return {
        **profile,
        "followers_count": numbers.followers_count,
        "following_count": numbers.following_count,
        "statuses_count": numbers.statuses_count,
        "last_status_at": last.astimezone(UTC).date().isoformat() if last else None,
    }


def account_profile(actor: Actor) -> dict[str, Any]:
    """Everything an Account shows but its counts: it changes only with the profile."""
    created = actor.created_at.astimezone(UTC).date().isoformat()
    return {
        "id": str(actor.id),
        "username": actor.username,
        "acct": actor.acct,
        "display_name": actor.display_name,
        "locked": actor.is_locked,
        "bot": actor.is_bot,
        "discoverable": actor.is_discoverable,
        "indexable": actor.is_discoverable,
        "group": False,
        "created_at": f"{created}T00:00:00.000Z",
        "note": note_html(actor.bio),
        "url": actor.url or actor.uri,
        "uri": actor.uri,
        "avatar": image_url(actor.avatar, DEFAULT_AVATAR),
        "avatar_static": image_url(actor.avatar, DEFAULT_AVATAR),
        "header": image_url(actor.header, DEFAULT_HEADER),
        "header_static": image_url(actor.header, DEFAULT_HEADER),
        "hide_collections": False,
        "noindex": not actor.is_discoverable,
        "emojis": [],
        "roles": [],
        "fields": [],
        "candela": {
            "skills": list(actor.skills),
            "languages": list(actor.languages),
            "location": actor.location,
            "positions": [
                {"company": p.company, "title": p.title, "is_current": p.is_current}
                for p in actor.positions.all()
            ],
        },
    }


def role(user: User) -> dict[str, Any]:
    """Mastodon's Role: staff are administrators; everyone else has the nameless default role."""
    if user.is_staff:
        return {
            "id": "1",
            "name": _("Administrator"),
            "permissions": "1",
            "color": "",
            "highlighted": True,
        }
    return {"id": "-99", "name": "", "permissions": "65536", "color": "", "highlighted": False}


def credential_account(actor: Actor, user: User) -> dict[str, Any]:
    """The owner's own Account, with `source` (the editable values) and `role`."""
    return {
        **account(actor),
        "source": {
            "privacy": "public",
            "sensitive": False,
            "language": user.language,
            "note": actor.bio,
            "fields": [],
            "follow_requests_count": 0,
            "hide_collections": False,
            "discoverable": actor.is_discoverable,
            "indexable": actor.is_discoverable,
            "attribution_domains": [],
        },
        "role": role(user),
    }


def application(app: Application) -> dict[str, Any]:
    """Mastodon's Application entity (what GET /api/v1/apps/verify_credentials returns)."""
    uris = app.redirect_uri_list
    return {
        "id": str(app.id),
        "name": app.name,
        "website": app.website or None,
        "scopes": app.scope_list,
        "redirect_uri": "\n".join(uris),
        "redirect_uris": uris,
        # Web Push is not offered yet; Mastodon apps accept an empty key.
        "vapid_key": "",
    }


def credential_application(app: Application, client_secret: str) -> dict[str, Any]:
    """The Application with its credentials, returned only once, at registration."""
    return {
        **application(app),
        "client_id": app.client_id,
        "client_secret": client_secret,
        "client_secret_expires_at": 0,
    }


def iso_datetime(moment: Any) -> str | None:
    """Mastodon's timestamps: UTC, milliseconds, a Z."""
    if moment is None:
        return None
    return str(
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def relationship(rel: Relationship) -> dict[str, Any]:
    """Mastodon's Relationship, plus `candela_connection`: none, requested (I asked),
    pending (they asked me) or connected."""
    return {
        "id": str(rel.id),
        "following": rel.following,
        "showing_reblogs": rel.showing_reblogs,
        "notifying": False,
        "languages": None,
        "followed_by": rel.followed_by,
        "blocking": rel.blocking,
        "blocked_by": rel.blocked_by,
        "muting": rel.muting,
        "muting_notifications": rel.muting_notifications,
        "requested": rel.requested,
        "requested_by": rel.requested_by,
        "domain_blocking": False,
        "endorsed": False,
        "note": "",
        "candela_connection": rel.connection,
    }


def circle_list(circle: Circle) -> dict[str, Any]:
    """A circle as Mastodon's List: only its members' posts, and replies to them, are shown."""
    return {
        "id": str(circle.id),
        "title": circle.name,
        "replies_policy": "list",
        "exclusive": False,
    }
