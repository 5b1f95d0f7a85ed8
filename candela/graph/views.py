"""HTML pages of the graph: the profile page with its relationship actions, the member
directory, someone's connections and followers, and the owner's Network page.

The profile page and the directory are served here rather than in `profiles` because the
block rule belongs to the graph, which profiles (below it) cannot import; their URL names stay
in the `profiles` namespace (see config/urls.py and docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candela.core.htmx import is_htmx
from candela.graph import selectors, services
from candela.graph.forms import (
    CircleForm,
    CircleMemberForm,
    ConnectForm,
    ConnectionsVisibilityForm,
    MuteForm,
)
from candela.graph.models import FollowRequest
from candela.profiles import selectors as profile_selectors
from candela.profiles.models import Actor

PAGE_SIZE = 20
DIRECTORY_PAGE_SIZE = 30
NETWORK_TABS = {
    "connections": gettext_lazy("Connections"),
    "received": gettext_lazy("Requests received"),
    "sent": gettext_lazy("Requests sent"),
    "followers": gettext_lazy("Followers"),
    "following": gettext_lazy("Following"),
    "follow-requests": gettext_lazy("Follow requests"),
    "blocked": gettext_lazy("Blocked"),
    "muted": gettext_lazy("Muted"),
    "circles": gettext_lazy("Circles"),
}


def viewer_actor(request: HttpRequest) -> Actor | None:
    return request.user.actor if request.user.is_authenticated else None


def _me(request: HttpRequest) -> Actor:
    actor: Actor = request.user.actor  # type: ignore[union-attr]
    return actor


def _page(request: HttpRequest, rows: QuerySet[Any], size: int = PAGE_SIZE) -> Page[Any]:
    return Paginator(rows, size).get_page(request.GET.get("page"))


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirects to the form's `next` when it is a path on this site, else to `default`."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default
    return redirect(target)


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


# The profile page and the directory


def profile_detail(request: HttpRequest, username: str) -> HttpResponse:
    viewer = viewer_actor(request)
    actor = selectors.get_visible_actor_for(
        viewer, profile_selectors.get_local_actor_for(request.user, username)
    )
    context: dict[str, Any] = {
        "actor": actor,
        "followers_count": actor.stats.followers_count,
        "following_count": actor.stats.following_count,
        "connections_count": selectors.connection_count(actor),
        "can_see_connections": selectors.can_see_connections(viewer, actor),
        "connect_form": ConnectForm(),
        "mute_form": MuteForm(),
    }
    if viewer is not None and viewer.id != actor.id:
        context["relationship"] = selectors.relationship(viewer, actor)
    return render(request, "graph/profile_detail.html", context)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    members = selectors.list_members_for(request.user, query=query)
    page = _page(request, members.prefetch_related("positions"), DIRECTORY_PAGE_SIZE)
    template = "profiles/_people.html" if is_htmx(request) else "profiles/directory.html"
    return render(request, template, {"page": page, "query": query})


# Relationship actions on a profile. Each takes the viewer, the other person and the posted
# form, calls one service and returns the message to show.

Action = Callable[[HttpRequest, Actor, Actor], str]


def _follow(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    result = services.follow(viewer, target=target)
    if isinstance(result, FollowRequest):
        return _("You asked to follow %(name)s.") % {"name": target.name}
    return _("You now follow %(name)s.") % {"name": target.name}


def _unfollow(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.unfollow(viewer, target=target)
    return _("You no longer follow %(name)s.") % {"name": target.name}


def _connect(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    form = ConnectForm(request.POST)
    if not form.is_valid():
        raise ValidationError(list(form.errors["note"]))
    connection = services.request_connection(
        viewer, recipient=target, note=form.cleaned_data["note"]
    )
    if connection.is_connected:
        return _("You are now connected with %(name)s.") % {"name": target.name}
    return _("Your request to connect was sent to %(name)s.") % {"name": target.name}


def _connection_id(viewer: Actor, target: Actor) -> int:
    connection_id = selectors.relationship(viewer, target).connection_id
    if connection_id is None:
        raise Http404(target.username)
    return connection_id


def _accept(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.accept_connection(viewer, connection_id=_connection_id(viewer, target))
    return _("You are now connected with %(name)s.") % {"name": target.name}


def _decline(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.decline_connection(viewer, connection_id=_connection_id(viewer, target))
    return _("You declined the request from %(name)s.") % {"name": target.name}


def _remove_connection(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    was = selectors.relationship(viewer, target).connection
    services.remove_connection(viewer, connection_id=_connection_id(viewer, target))
    if was == "requested":
        return _("You withdrew your request to connect with %(name)s.") % {"name": target.name}
    return _("You are no longer connected with %(name)s.") % {"name": target.name}


def _block(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.block(viewer, target=target)
    return _("You blocked %(name)s.") % {"name": target.name}


def _unblock(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.unblock(viewer, target=target)
    return _("You unblocked %(name)s.") % {"name": target.name}


def _mute(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    form = MuteForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Choose how long to mute this person."))
    services.mute(viewer, target=target, duration=form.cleaned_duration())
    return _("You muted %(name)s.") % {"name": target.name}


def _unmute(request: HttpRequest, viewer: Actor, target: Actor) -> str:
    services.unmute(viewer, target=target)
    return _("You unmuted %(name)s.") % {"name": target.name}


ACTIONS: dict[str, Action] = {
    "follow": _follow,
    "unfollow": _unfollow,
    "connect": _connect,
    "accept": _accept,
    "decline": _decline,
    "remove-connection": _remove_connection,
    "block": _block,
    "unblock": _unblock,
    "mute": _mute,
    "unmute": _unmute,
}


@login_required
@require_POST
def relationship_action(request: HttpRequest, username: str, action: str) -> HttpResponse:
    """One of ACTIONS on `@username`: redirects back with a message, or (htmx) answers with
    the relationship actions partial holding the message."""
    viewer = _me(request)
    target = profile_selectors.get_local_actor_for(request.user, username)
    if action != "unblock":
        # The one action someone behind a block may take is lifting their own block.
        selectors.get_visible_actor_for(viewer, target)
    try:
        notice, is_error = ACTIONS[action](request, viewer, target), False
    except ValidationError as refusal:
        notice, is_error = _refusal(refusal), True
    if is_htmx(request):
        context = {
            "actor": target,
            "relationship": selectors.relationship(viewer, target),
            "connect_form": ConnectForm(),
            "mute_form": MuteForm(),
            "notice": notice,
            "notice_is_error": is_error,
        }
        return render(request, "graph/_relationship_actions.html", context)
    messages.add_message(request, messages.ERROR if is_error else messages.SUCCESS, notice)
    if selectors.is_blocked_either_way(viewer, target):
        default = reverse("graph:network") + "?tab=blocked"
    else:
        default = reverse("profiles:detail", args=[target.username])
    return _back(request, default)


# Someone's connections, followers and following


def actor_network(request: HttpRequest, username: str, kind: str) -> HttpResponse:
    viewer = viewer_actor(request)
    actor = selectors.get_visible_actor_for(
        viewer, profile_selectors.get_local_actor_for(request.user, username)
    )
    is_visible = True
    rows: QuerySet[Any]
    if kind == "connections":
        is_visible = selectors.can_see_connections(viewer, actor)
        rows = selectors.list_connections_for(viewer, actor)
    elif kind == "followers":
        rows = selectors.list_followers_for(viewer, actor)
    else:
        rows = selectors.list_following_for(viewer, actor)
    context = {"actor": actor, "kind": kind, "is_visible": is_visible, "page": _page(request, rows)}
    return render(request, "graph/actor_network.html", context)


# The Network page


def _network_rows(me: Actor, tab: str) -> QuerySet[Any]:
    if tab == "connections":
        return selectors.list_connections_for(me, me)
    if tab in ("received", "sent"):
        return selectors.list_connection_requests_for(me, received=tab == "received")
    if tab == "followers":
        return selectors.list_followers_for(me, me)
    if tab == "following":
        return selectors.list_following_for(me, me)
    if tab == "follow-requests":
        return selectors.list_follow_requests_for(me)
    if tab == "blocked":
        return selectors.list_blocks_for(me)
    if tab == "muted":
        return selectors.list_mutes_for(me)
    return selectors.list_circles_for(me)


@login_required
def network(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    tab = request.GET.get("tab", "connections")
    if tab not in NETWORK_TABS:
        tab = "connections"
    context: dict[str, Any] = {
        "me": me,
        "tab": tab,
        "tabs": NETWORK_TABS.items(),
        "tab_label": NETWORK_TABS[tab],
        "page": _page(request, _network_rows(me, tab)),
    }
    if tab == "connections":
        context["visibility_form"] = ConnectionsVisibilityForm(
            initial={"connections_visibility": me.connections_visibility}
        )
    if tab == "circles":
        context["circle_form"] = CircleForm()
        circle_id = request.GET.get("circle", "")
        if circle_id.isdigit() and len(circle_id) < 20:
            circle = selectors.get_circle_for(me, int(circle_id))
            context["circle"] = circle
            context["members"] = _page(request, selectors.list_circle_members_for(me, circle.id))
            context["candidates"] = selectors.list_circle_candidates_for(me, circle.id)
    template = "graph/_network_tab.html" if is_htmx(request) else "graph/network.html"
    return render(request, template, context)


def _network_url(tab: str, circle_id: int | None = None) -> str:
    url = f"{reverse('graph:network')}?tab={tab}"
    return f"{url}&circle={circle_id}" if circle_id is not None else url


def _done(
    request: HttpRequest, tab: str, notice: str, circle_id: int | None = None
) -> HttpResponse:
    messages.success(request, notice)
    return _back(request, _network_url(tab, circle_id))


def _refused(
    request: HttpRequest, tab: str, error: ValidationError, circle_id: int | None = None
) -> HttpResponse:
    messages.error(request, _refusal(error))
    return _back(request, _network_url(tab, circle_id))


@login_required
@require_POST
def connection_answer(request: HttpRequest, connection_id: int, answer: str) -> HttpResponse:
    """Accepts, declines or removes (withdraws) a connection or request, by its id."""
    me = _me(request)
    other = selectors.get_connection_for(me, connection_id).other(me)
    tab = {"accept": "received", "decline": "received"}.get(answer, "connections")
    try:
        if answer == "accept":
            services.accept_connection(me, connection_id=connection_id)
            notice = _("You are now connected with %(name)s.")
        elif answer == "decline":
            services.decline_connection(me, connection_id=connection_id)
            notice = _("You declined the request from %(name)s.")
        else:
            was_pending = not selectors.get_connection_for(me, connection_id).is_connected
            services.remove_connection(me, connection_id=connection_id)
            tab = "sent" if was_pending else "connections"
            notice = (
                _("You withdrew your request to connect with %(name)s.")
                if was_pending
                else _("You are no longer connected with %(name)s.")
            )
    except ValidationError as refusal:
        return _refused(request, tab, refusal)
    return _done(request, tab, notice % {"name": other.name})


@login_required
@require_POST
def follow_request_answer(request: HttpRequest, actor_id: int, answer: str) -> HttpResponse:
    me = _me(request)
    follower = profile_selectors.get_actor_for(request.user, actor_id)
    if answer == "authorize":
        services.authorize_follow_request(me, follower=follower)
        notice = _("%(name)s can now follow you.")
    else:
        services.reject_follow_request(me, follower=follower)
        notice = _("You declined the follow request from %(name)s.")
    return _done(request, "follow-requests", notice % {"name": follower.name})


@login_required
@require_POST
def connections_visibility(request: HttpRequest) -> HttpResponse:
    form = ConnectionsVisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who can see your connections."))
        return _back(request, _network_url("connections"))
    services.set_connections_visibility(
        _me(request), visibility=form.cleaned_data["connections_visibility"]
    )
    return _done(request, "connections", _("Saved: who can see your connections."))


@login_required
@require_POST
def circle_create(request: HttpRequest) -> HttpResponse:
    form = CircleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["name"]))
        circle = services.create_circle(_me(request), name=form.cleaned_data["name"])
    except ValidationError as refusal:
        return _refused(request, "circles", refusal)
    return _done(
        request, "circles", _("Circle “%(name)s” created.") % {"name": circle.name}, circle.id
    )


@login_required
@require_POST
def circle_rename(request: HttpRequest, circle_id: int) -> HttpResponse:
    form = CircleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["name"]))
        circle = services.rename_circle(
            _me(request), circle_id=circle_id, name=form.cleaned_data["name"]
        )
    except ValidationError as refusal:
        return _refused(request, "circles", refusal, circle_id)
    notice = _("Circle renamed to “%(name)s”.") % {"name": circle.name}
    return _done(request, "circles", notice, circle_id)


@login_required
@require_POST
def circle_delete(request: HttpRequest, circle_id: int) -> HttpResponse:
    services.delete_circle(_me(request), circle_id=circle_id)
    return _done(request, "circles", _("Circle deleted."))


@login_required
@require_POST
def circle_member_add(request: HttpRequest, circle_id: int) -> HttpResponse:
    me = _me(request)
    form = CircleMemberForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose someone you follow."))
        member = profile_selectors.get_actor_for(request.user, form.cleaned_data["actor"])
        services.add_circle_members(me, circle_id=circle_id, actor_ids=[member.id])
    except ValidationError as refusal:
        return _refused(request, "circles", refusal, circle_id)
    notice = _("%(name)s is now in this circle.") % {"name": member.name}
    return _done(request, "circles", notice, circle_id)


@login_required
@require_POST
def circle_member_remove(request: HttpRequest, circle_id: int, actor_id: int) -> HttpResponse:
    me = _me(request)
    member = profile_selectors.get_actor_for(request.user, actor_id)
    services.remove_circle_members(me, circle_id=circle_id, actor_ids=[member.id])
    notice = _("%(name)s is no longer in this circle.") % {"name": member.name}
    return _done(request, "circles", notice, circle_id)
