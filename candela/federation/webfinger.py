"""WebFinger (RFC 7033) and host-meta (RFC 6415): resource parsing and the documents we serve."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from candela.federation.activitypub import ACTIVITY_JSON
from candela.profiles.models import Actor

JRD_CONTENT_TYPE = "application/jrd+json"
XRD_CONTENT_TYPE = "application/xrd+xml"

REL_SELF = "self"
REL_PROFILE_PAGE = "http://webfinger.net/rel/profile-page"
REL_AVATAR = "http://webfinger.net/rel/avatar"
REL_SUBSCRIBE = "http://ostatus.org/schema/1.0/subscribe"

# RFC 3986 section 3.1: a URI starts with its scheme.
URI_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


class MalformedResource(ValueError):
    """The `resource` parameter is missing or not a URI: RFC 7033 answers 400."""


@dataclass(frozen=True)
class AcctResource:
    username: str
    domain: str


@dataclass(frozen=True)
class UrlResource:
    url: str


@dataclass(frozen=True)
class OtherResource:
    """A well-formed URI of a scheme we hold nothing for (mailto:, …): RFC 7033 answers 404."""

    uri: str


Resource = AcctResource | UrlResource | OtherResource


def parse_resource(resource: str) -> Resource:
    """Reads `acct:user@domain`, an http(s) URL, or any other URI; raises MalformedResource."""
    resource = resource.strip()
    match = URI_SCHEME.match(resource)
    if match is None:
        raise MalformedResource(resource)
    scheme = match.group(1).lower()
    if scheme == "acct":
        # RFC 7565: the user part may be percent-encoded; the host follows the last "@".
        username, at, domain = unquote(resource[match.end() :]).rpartition("@")
        if not at or not username or not domain:
            raise MalformedResource(resource)
        return AcctResource(username=username, domain=domain)
    if scheme in {"http", "https"}:
        if not urlsplit(resource).netloc:
            raise MalformedResource(resource)
        return UrlResource(url=resource)
    return OtherResource(uri=resource)


def is_local_domain(domain: str) -> bool:
    return domain.lower() == settings.CANDELA_DOMAIN.lower()


def absolute_url(path: str) -> str:
    return f"{settings.CANDELA_URL}{path}"


def subscribe_template() -> str:
    # Mastodon's remote-interaction address. The page behind it does not exist yet: it belongs
    # to the follow work, which will serve it at this path.
    return absolute_url("/authorize_interaction?uri={uri}")


def actor_jrd(actor: Actor, *, rels: list[str] | None = None) -> dict[str, Any]:
    """The JRD of a local actor, in the shape Mastodon serves and expects.

    `rels` filters the links as RFC 7033 section 4.3 allows; subject and aliases always stay.
    """
    links: list[dict[str, str]] = [
        {"rel": REL_PROFILE_PAGE, "type": "text/html", "href": actor.url},
        {"rel": REL_SELF, "type": ACTIVITY_JSON, "href": actor.uri},
        {"rel": REL_SUBSCRIBE, "template": subscribe_template()},
    ]
    if actor.avatar:
        media_type, _encoding = mimetypes.guess_type(actor.avatar.name or "")
        links.append(
            {
                "rel": REL_AVATAR,
                "type": media_type or "application/octet-stream",
                "href": absolute_url(actor.avatar.url),
            }
        )
    if rels:
        links = [link for link in links if link["rel"] in rels]
    return {
        "subject": f"acct:{actor.username}@{actor.domain}",
        "aliases": [actor.url, actor.uri],
        "links": links,
    }


def host_meta_xrd() -> str:
    """The XRD document whose `lrdd` template points older clients at our WebFinger endpoint."""
    template = absolute_url(reverse("federation:webfinger")) + "?resource={uri}"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{escape(template)}"/>\n'
        "</XRD>\n"
    )
