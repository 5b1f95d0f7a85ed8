"""The notifications page (tabs, mark all read, "Load more" with htmx or a plain link), opening a
notification, the navigation's unread badge alone (for live pages), and the e-mail settings
page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candela.accounts.models import User
from candela.core.htmx import is_htmx
from candela.core.pagination import PageParams, paginate
from candela.notifications import selectors, services
from candela.notifications.context_processors import unread_count
from candela.notifications.forms import EmailSettingsForm
from candela.notifications.models import Notification, NotificationKind
from candela.posts.models import Post
from candela.posts.selectors import parse_id
from candela.profiles.models import Actor

PAGE_SIZE = 20
TABS: dict[str, Promise] = {
    "all": gettext_lazy("All"),
    "mentions": gettext_lazy("Mentions"),
    "follows": gettext_lazy("Follows and connections"),
    "reactions": gettext_lazy("Reactions and boosts"),
}


def _me(request: HttpRequest) -> Actor:
    user = request.user
    assert isinstance(user, User)
    return user.actor


def _sentence(notification: Notification) -> SafeString:
    """What happened, as a sentence whose subject links to the person's profile."""
    texts = {
        NotificationKind.FOLLOW: _("%(name)s followed you."),
        NotificationKind.FOLLOW_REQUEST: _("%(name)s asked to follow you."),
        NotificationKind.CONNECTION_REQUEST: _("%(name)s asked to connect with you."),
        NotificationKind.CONNECTION_ACCEPTED: _("%(name)s accepted your connection request."),
        NotificationKind.MENTION: _("%(name)s mentioned you in a post."),
        NotificationKind.REPLY: _("%(name)s replied to your post."),
        NotificationKind.FAVOURITE: _("%(name)s favourited your post."),
        NotificationKind.REACTION: _("%(name)s reacted to your post with %(emoji)s."),
        NotificationKind.REBLOG: _("%(name)s boosted your post."),
    }
    actor = notification.from_actor
    name = format_html(
        '<a href="{}">{}</a>', reverse("profiles:detail", args=[actor.username]), actor.name
    )
    text = conditional_escape(texts[NotificationKind(notification.kind)])
    return mark_safe(text % {"name": name, "emoji": conditional_escape(notification.reaction)})  # noqa: S308


# Requests are answered on the Network page's tab that lists them.
REQUEST_TABS = {
    NotificationKind.FOLLOW_REQUEST: "follow-requests",
    NotificationKind.CONNECTION_REQUEST: "received",
}


def _target_url(notification: Notification, post: Post | None) -> str:
    if post is not None:
        return reverse("posts:detail", args=[post.author.username, post.id])
    if (tab := REQUEST_TABS.get(NotificationKind(notification.kind))) is not None:
        return f"{reverse('graph:network')}?tab={tab}"
    return reverse("profiles:detail", args=[notification.from_actor.username])


@dataclass
class Item:
    notification: Notification
    sentence: SafeString
    post: Post | None
    url: str

    @property
    def is_request(self) -> bool:
        return self.notification.kind in REQUEST_TABS


def _items(notifications: list[Notification]) -> list[Item]:
    posts = selectors.target_posts(notifications)
    items = []
    for notification in notifications:
        target = notification.target_post
        post = posts.get(target.id) if target is not None else None
        items.append(
            Item(notification, _sentence(notification), post, _target_url(notification, post))
        )
    return items


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first, one tab at a time; with htmx only
    the next page's items (the "Load more" button swaps itself for them)."""
    me = _me(request)
    tab = request.GET.get("filter", "all")
    if tab not in TABS:
        tab = "all"
    kinds = selectors.FILTERS.get(tab)
    page = paginate(
        selectors.list_notifications_for(me, kinds=kinds),
        PageParams(max_id=parse_id(request.GET.get("max_id", "")), limit=PAGE_SIZE),
    )
    context = {
        "tab": tab,
        "tabs": TABS.items(),
        "page": page,
        "items": _items(page.items),
        "is_first_page": "max_id" not in request.GET,
    }
    template = "notifications/_items.html" if is_htmx(request) else "notifications/list.html"
    return render(request, template, context)


@login_required
@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The navigation's unread badge, empty when all is read: a live page fetches it when a
    notification arrives."""
    return render(request, "core/_nav_badge.html", {"count": unread_count(request)})


@login_required
@require_GET
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Marks a notification read and goes to what it is about."""
    notification = services.mark_read(_me(request), notification_id=notification_id)
    target = notification.target_post
    return redirect(_target_url(notification, target))


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    """Marks read everything up to the newest notification the page showed (newer ones that
    arrived meanwhile stay unread)."""
    up_to_id = parse_id(request.POST.get("up_to_id", ""))
    changed = services.mark_all_read(_me(request), up_to_id=up_to_id)
    if changed:
        messages.success(request, _("All caught up: your notifications are marked as read."))
    return HttpResponseRedirect(reverse("notifications:list"))


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification also come by e-mail when they stay unread."""
    me = _me(request)
    if request.method == "POST":
        form = EmailSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.set_email_kinds(me, kinds=form.cleaned_data["email_kinds"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your e-mail settings are saved."))
                return HttpResponseRedirect(reverse("notifications:settings"))
    else:
        form = EmailSettingsForm(initial={"email_kinds": sorted(selectors.email_kinds_for(me))})
    return render(request, "notifications/settings.html", {"form": form})
