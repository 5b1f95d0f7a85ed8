"""/api/v1/notifications and /api/v1/markers: the Notification and Marker entities, field by
field as docs.joinmastodon.org describes them, and their endpoints.

Candela's kinds map to Mastodon's types; a reply is a `mention` (as on Mastodon), and the kinds
Mastodon lacks carry a `candela.` prefix, which clients that do not know them skip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from candela.api.http import ApiRequest, api_view
from candela.api.mastodon import entities, status_entities
from candela.api.mastodon.status_entities import iso
from candela.api.pagination import paged_response, read_page
from candela.notifications import selectors, services
from candela.notifications.models import Marker, Notification, NotificationKind
from candela.posts.selectors import parse_id
from candela.profiles.models import Actor
from candela.profiles.selectors import attach_stats

MASTODON_TYPE = {
    NotificationKind.FOLLOW: "follow",
    NotificationKind.FOLLOW_REQUEST: "follow_request",
    NotificationKind.CONNECTION_REQUEST: "candela.connection_request",
    NotificationKind.CONNECTION_ACCEPTED: "candela.connection_accepted",
    NotificationKind.MENTION: "mention",
    NotificationKind.REPLY: "mention",
    NotificationKind.FAVOURITE: "favourite",
    NotificationKind.REACTION: "candela.reaction",
    NotificationKind.REBLOG: "reblog",
}
KINDS_OF_TYPE: dict[str, list[str]] = {}
for _kind, _type in MASTODON_TYPE.items():
    KINDS_OF_TYPE.setdefault(_type, []).append(_kind.value)

UNREAD_COUNT_DEFAULT = 100
UNREAD_COUNT_MAX = 1000


def _kinds(types: Iterable[str]) -> list[str]:
    """Candela's kinds for Mastodon's type names; types Candela never sends match nothing."""
    return [kind for name in types for kind in KINDS_OF_TYPE.get(name, [])]


def _filters(request: ApiRequest) -> dict[str, Any]:
    query = request.query
    types = [*query.getlist("types[]"), *query.getlist("types")]
    excluded = [*query.getlist("exclude_types[]"), *query.getlist("exclude_types")]
    filters: dict[str, Any] = {
        "kinds": _kinds(types) if types else None,
        "exclude_kinds": _kinds(excluded) if excluded else None,
        "from_actor_id": None,
    }
    if raw := query.get("account_id", "").strip():
        account_id = parse_id(raw)
        if account_id is None:
            raise ValidationError(
                {"account_id": _("This must be an id made of digits only.")}, code="invalid_id"
            )
        filters["from_actor_id"] = account_id
    return filters


def notification_entities(
    notifications: list[Notification], *, viewer: Actor
) -> list[dict[str, Any]]:
    """Notification entities for a page: a fixed number of queries whatever it holds."""
    attach_stats([n.from_actor for n in notifications])
    posts = selectors.target_posts(notifications)
    rendered = status_entities.statuses(list(posts.values()), viewer=viewer)
    statuses = {int(data["id"]): data for data in rendered}
    result = []
    for notification in notifications:
        data: dict[str, Any] = {
            "id": str(notification.id),
            "type": MASTODON_TYPE[NotificationKind(notification.kind)],
            "created_at": iso(notification.created_at),
            "group_key": f"ungrouped-{notification.id}",
            "account": entities.account(notification.from_actor),
        }
        target = notification.target_post
        if target is not None:
            data["status"] = statuses.get(target.id)
        data["candela"] = {
            "kind": notification.kind,
            "read": notification.is_read,
            "emoji": notification.reaction or None,
            "connection_id": (
                str(notification.connection_id) if notification.connection_id else None
            ),
        }
        result.append(data)
    return result


def _with_accounts(rows: QuerySet[Notification]) -> QuerySet[Notification]:
    return rows.prefetch_related("from_actor__positions")


@api_view(scopes=["read:notifications"])
def notifications(request: ApiRequest) -> HttpResponse:
    me = request.require_user().actor
    rows = _with_accounts(selectors.list_notifications_for(me, **_filters(request)))
    page = read_page(request, rows, default_limit=40, max_limit=80)

    def render(items: list[Notification]) -> list[dict[str, Any]]:
        return notification_entities(items, viewer=me)

    return paged_response(request, page, render)


@api_view(scopes=["read:notifications"])
def notification_detail(request: ApiRequest, notification_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    notification = selectors.get_notification_for(me, notification_id)
    return notification_entities([notification], viewer=me)[0]


@api_view(methods=["POST"], scopes=["write:notifications"])
def clear(request: ApiRequest) -> dict[str, Any]:
    services.clear(request.require_user().actor)
    return {}


@api_view(methods=["POST"], scopes=["write:notifications"])
def dismiss(request: ApiRequest, notification_id: str) -> dict[str, Any]:
    me = request.require_user().actor
    notification = selectors.get_notification_for(me, notification_id)
    services.dismiss(me, notification_id=notification.id)
    return {}


@api_view(scopes=["read:notifications"])
def unread_count(request: ApiRequest) -> dict[str, Any]:
    me = request.require_user().actor
    raw_limit = request.query.get("limit", "").strip()
    limit = int(raw_limit) if raw_limit.isdigit() and len(raw_limit) < 6 else 0
    limit = max(1, min(limit or UNREAD_COUNT_DEFAULT, UNREAD_COUNT_MAX))
    return {"count": selectors.unread_count_for(me, limit=limit, **_filters(request))}


# Markers


def marker(row: Marker) -> dict[str, Any]:
    return {
        "last_read_id": str(row.last_read_id),
        "version": row.version,
        "updated_at": iso(row.updated_at),
    }


def _last_read_id(data: dict[str, Any], timeline: str) -> int | None:
    section = data.get(timeline)
    if section is None:
        return None
    value = section.get("last_read_id") if isinstance(section, dict) else None
    number = parse_id(value) if value is not None else None
    if number is None:
        raise ValidationError(
            {f"{timeline}[last_read_id]": _("This must be an id made of digits only.")},
            code="invalid_id",
        )
    return number


@api_view(scopes=["read:statuses"])
def get_markers(request: ApiRequest) -> dict[str, Any]:
    me = request.require_user().actor
    timelines = [*request.query.getlist("timeline[]"), *request.query.getlist("timeline")]
    return {name: marker(row) for name, row in selectors.markers_for(me, timelines).items()}


@api_view(methods=["POST"], scopes=["write:statuses"])
def save_markers(request: ApiRequest) -> dict[str, Any]:
    """Saves `home[last_read_id]` and `notifications[last_read_id]`; the latter marks those
    notifications read."""
    me = request.require_user().actor
    saved = services.save_markers(
        me,
        home=_last_read_id(request.data, "home"),
        notifications=_last_read_id(request.data, "notifications"),
    )
    return {name: marker(row) for name, row in saved.items()}


@csrf_exempt
def markers(request: HttpRequest) -> HttpResponse:
    """GET reads the markers asked for (`timeline[]`), POST saves them: one path, two scopes."""
    return save_markers(request) if request.method == "POST" else get_markers(request)
