"""Turns the plain text an author typed into a post's HTML: links, @mentions and #hashtags made
clickable, paragraphs kept, everything escaped and then sanitised with nh3."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

# An URL ends before whitespace or markup; trailing punctuation belongs to the sentence.
URL_RE = r"https?://[^\s<>\"']+"
# `@user` or `@user@domain`, not inside an e-mail address or a path.
MENTION_RE = (
    r"(?<![\w/@.])@(?P<username>[A-Za-z0-9_]{1,30})(?:@(?P<domain>[A-Za-z0-9.-]+\.[A-Za-z]{2,}))?"
)
# A hashtag has at least one letter (`#1` is a number, not a tag), and is not part of a word
# or an URL fragment.
HASHTAG_RE = r"(?<![\w/&#])#(?P<tag>\w*[^\W\d_]\w*)"
TOKEN = re.compile(f"(?P<url>{URL_RE})|(?P<mention>{MENTION_RE})|(?P<hashtag>{HASHTAG_RE})")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
MAX_HASHTAG_LENGTH = 100

ALLOWED_TAGS = {"p", "br", "a", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "class", "translate"}, "span": {"class", "translate"}}


@dataclass
class Parsed:
    """What a text mentions and tags, in order of first appearance, without repeats."""

    mentions: list[tuple[str, str]] = field(default_factory=list)  # (username, domain or "")
    hashtags: list[str] = field(default_factory=list)


# As Mastodon counts (and tells clients in `characters_reserved_per_url`): every URL costs 23
# characters, and a mention costs only its `@username`.
CHARACTERS_PER_URL = 23
_URL = re.compile(URL_RE)
_MENTION = re.compile(MENTION_RE)


def counted_length(text: str) -> int:
    """The length a post's limit applies to, as Mastodon's StatusLengthValidator measures it."""
    shortened = _URL.sub("x" * CHARACTERS_PER_URL, text)
    return len(_MENTION.sub(lambda m: f"@{m.group('username')}", shortened))


def is_local_domain(domain: str) -> bool:
    return not domain or domain.lower() == settings.CANDELA_DOMAIN.lower()


def parse(text: str) -> Parsed:
    parsed = Parsed()
    seen_mentions: set[tuple[str, str]] = set()
    seen_tags: set[str] = set()
    for match in TOKEN.finditer(text):
        if match.group("mention"):
            username = match.group("username")
            domain = match.group("domain") or ""
            key = (username.lower(), "" if is_local_domain(domain) else domain.lower())
            if key not in seen_mentions:
                seen_mentions.add(key)
                parsed.mentions.append((username, key[1]))
        elif match.group("hashtag"):
            tag = match.group("tag")[:MAX_HASHTAG_LENGTH]
            if tag.casefold() not in seen_tags:
                seen_tags.add(tag.casefold())
                parsed.hashtags.append(tag)
    return parsed


def hashtag_url(name: str) -> str:
    return f"{settings.CANDELA_URL}{reverse('posts:hashtag', args=[name.lower()])}"


def _split_url(url: str) -> tuple[str, str]:
    """The URL without the sentence's trailing punctuation, and that punctuation."""
    end = len(url)
    while end and url[end - 1] in TRAILING_PUNCTUATION:
        # A closing parenthesis that closes one inside the URL belongs to it (Wikipedia links).
        if url[end - 1] == ")" and url[:end].count("(") >= url[:end].count(")"):
            break
        end -= 1
    return url[:end], url[end:]


def _render_line(line: str, mention_url: Callable[[str, str], str | None]) -> str:
    out: list[str] = []
    position = 0
    for match in TOKEN.finditer(line):
        out.append(escape(line[position : match.start()]))
        position = match.end()
        token = match.group(0)
        if match.group("url"):
            url, rest = _split_url(token)
            shown = url.split("://", 1)[1]
            out.append(f'<a href="{escape(url)}">{escape(shown)}</a>{escape(rest)}')
        elif match.group("mention"):
            username = match.group("username")
            domain = match.group("domain") or ""
            href = mention_url(username, "" if is_local_domain(domain) else domain)
            if href is None:
                # Unknown accounts stay plain text: nothing to link to, nobody to notify.
                out.append(escape(token))
            else:
                out.append(
                    f'<span class="h-card" translate="no"><a href="{escape(href)}" '
                    f'class="u-url mention">@<span>{escape(username)}</span></a></span>'
                )
        else:
            tag = match.group("tag")
            out.append(
                f'<a href="{escape(hashtag_url(tag))}" class="mention hashtag">'
                f"#<span>{escape(tag)}</span></a>"
            )
    out.append(escape(line[position:]))
    return "".join(out)


def render(text: str, mention_url: Callable[[str, str], str | None]) -> str:
    """The post's HTML. `mention_url(username, domain)` gives a known account's profile URL,
    or None for an unknown one (domain is "" for our own)."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    html = "".join(
        "<p>"
        + "<br>".join(_render_line(line, mention_url) for line in paragraph.split("\n"))
        + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer",
    )
