"""HTML pages and htmx partials for posts: compose, thread, edit, delete, react, boost, tags.

Every write has a plain-POST fallback that redirects; htmx requests get the changed partial.
The live updates of a page (live.js) fetch a post's card, its actions bar or a thread's
comments through the same selectors as the page itself.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candela.core.htmx import is_htmx
from candela.core.pagination import PageParams, paginate
from candela.posts import cards, selectors, services
from candela.posts.forms import EditForm, PostForm
from candela.posts.models import Post, ReactionKind, Visibility
from candela.profiles.models import Actor

PAGE_SIZE = 20


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.user.actor  # type: ignore[union-attr]
    return actor


def circle_choices(actor: Actor) -> list[tuple[int, str]]:
    return [(circle.id, circle.name) for circle in actor.circles.order_by("name")]


def compose_form(actor: Actor, data: Any = None, files: Any = None, **initial: Any) -> PostForm:
    return PostForm(data, files, circles=circle_choices(actor), initial=initial)


def _next_url(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _detail_url(post: Post) -> str:
    from django.urls import reverse

    return reverse("posts:detail", args=[post.author.username, post.id])


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def post_create(request: HttpRequest) -> HttpResponse:
    """Publishes a post or a comment from the compose form (home page or thread page)."""
    actor = _actor(request)
    form = compose_form(actor, request.POST, request.FILES)
    post: Post | None = None
    if form.is_valid():
        data = form.cleaned_data
        reply_to = selectors.parse_id(data["in_reply_to"]) if data["in_reply_to"] else None
        try:
            post = services.publish_post_with_uploads(
                actor,
                uploads=form.uploads(),
                text=data["text"],
                visibility=data["visibility"],
                circle_id=data["circle"],
                in_reply_to_id=reply_to,
                spoiler_text=data["spoiler_text"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
    is_reply = bool(request.POST.get("in_reply_to"))
    if is_htmx(request):
        context: dict[str, Any] = {"form": form, "is_reply": is_reply}
        if post is not None:
            context["form"] = compose_form(
                actor, in_reply_to=request.POST.get("in_reply_to", ""), visibility=post.visibility
            )
            fresh = selectors.get_post_for(actor, post.id)
            context["new_card"] = cards.cards_for([fresh], actor)[0]
        return render(request, "posts/_compose_result.html", context)
    if post is None:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, str(message))
        return redirect(_next_url(request, "/"))
    messages.success(request, _("Your post is published."))
    return redirect(_next_url(request, _detail_url(post)))


def reply_defaults(viewer: Actor, post: Post) -> dict[str, Any]:
    """A comment starts with the post's audience and, as in Mastodon apps, mentions the
    person it answers (a `direct` or circle comment would otherwise reach nobody)."""
    is_own = post.author_id == viewer.id
    visibility = post.visibility
    if visibility == Visibility.CIRCLE and not is_own:
        visibility = Visibility.DIRECT
    return {
        "in_reply_to": str(post.id),
        "visibility": visibility,
        "circle": post.circle_id if is_own else None,
        "text": "" if is_own else f"@{post.author.username} ",
    }


def post_detail(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    """The thread page: the post, its ancestors and nested comments, and a comment form."""
    viewer = selectors.viewer_of(request.user)
    post = selectors.get_post_for(viewer, post_id)
    if post.author.username.lower() != username.lower() or post.reblog_of_id is not None:
        raise Http404(post_id)
    thread = selectors.thread_for(viewer, post)
    ancestors, card, replies = cards.thread_cards(thread, viewer)
    context: dict[str, Any] = {"ancestors": ancestors, "card": card, "replies": replies}
    if viewer is not None:
        context["form"] = compose_form(viewer, **reply_defaults(viewer, post))
    return render(request, "posts/detail.html", context)


@require_GET
def post_replies(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    """The thread page's nested comments alone: what a page that lost its live connection
    fetches to catch up."""
    viewer = selectors.viewer_of(request.user)
    post = selectors.get_post_for(viewer, post_id)
    if post.author.username.lower() != username.lower() or post.reblog_of_id is not None:
        raise Http404(post_id)
    _ancestors, _card, replies = cards.thread_cards(selectors.thread_for(viewer, post), viewer)
    return render(request, "posts/_thread.html", {"cards": replies})


def _card_for(request: HttpRequest, post_id: int) -> cards.PostCard:
    viewer = selectors.viewer_of(request.user)
    return cards.cards_for([selectors.get_post_for(viewer, post_id)], viewer)[0]


@require_GET
def post_card(request: HttpRequest, post_id: int) -> HttpResponse:
    """One post's card as the viewer may see it (404 when they may not): a new comment or an
    edited post on a live page."""
    return render(request, "posts/_post.html", {"card": _card_for(request, post_id)})


@require_GET
def post_actions(request: HttpRequest, post_id: int) -> HttpResponse:
    """One post's reactions and actions bar: its counts changed on a live page."""
    card = _card_for(request, post_id)
    return render(request, "posts/_actions.html", {"card": card, "post": card.post})


@login_required
def post_edit(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    actor = _actor(request)
    post = selectors.get_own_post(actor, post_id)
    form = EditForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": post.text, "spoiler_text": post.spoiler_text},
        current=list(post.media.all()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post_with_uploads(
                actor,
                post_id=post.id,
                text=form.cleaned_data["text"],
                spoiler_text=form.cleaned_data["spoiler_text"],
                kept=form.kept(),
                uploads=form.uploads(),
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your post has been updated."))
            return redirect(_detail_url(post))
    return render(request, "posts/edit.html", {"form": form, "post": post})


@login_required
@require_POST
def post_delete(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    actor = _actor(request)
    number = selectors.parse_id(post_id)
    if number is None:
        raise Http404(post_id)
    services.delete_post(actor, post_id=number)
    if is_htmx(request):
        return render(request, "posts/_deleted.html")
    messages.success(request, _("Your post has been deleted."))
    return redirect(_next_url(request, "/"))


def _card_response(request: HttpRequest, actor: Actor, post_id: int) -> HttpResponse:
    post = selectors.get_post_for(actor, post_id)
    if is_htmx(request):
        card = cards.cards_for([post], actor)[0]
        return render(request, "posts/_post.html", {"card": card})
    return redirect(_next_url(request, _detail_url(post)))


@login_required
@require_POST
def post_react(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    """Toggles one reaction (favourite or an emoji) of the viewer on a post."""
    actor = _actor(request)
    number = selectors.parse_id(post_id)
    kind = request.POST.get("kind", ReactionKind.FAVOURITE)
    if number is None:
        raise Http404(post_id)
    try:
        if request.POST.get("undo") == "1":
            services.unreact(actor, post_id=number, kind=kind)
        else:
            services.react(actor, post_id=number, kind=kind)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return _card_response(request, actor, number)


@login_required
@require_POST
def post_boost(request: HttpRequest, username: str, post_id: str) -> HttpResponse:
    actor = _actor(request)
    number = selectors.parse_id(post_id)
    if number is None:
        raise Http404(post_id)
    try:
        if request.POST.get("undo") == "1":
            services.unboost(actor, post_id=number)
        else:
            services.boost(actor, post_id=number)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return _card_response(request, actor, number)


def _page_params(request: HttpRequest) -> PageParams:
    max_id = selectors.parse_id(request.GET.get("max_id", ""))
    return PageParams(max_id=max_id, limit=PAGE_SIZE)


def hashtag_posts(request: HttpRequest, name: str) -> HttpResponse:
    """Public posts with a hashtag, newest first; unlisted ones stay out of listings."""
    viewer = selectors.viewer_of(request.user)
    page = paginate(selectors.list_hashtag_posts_for(viewer, name), _page_params(request))
    return render(
        request,
        "posts/hashtag.html",
        {"name": name, "cards": cards.cards_for(page.items, viewer), "page": page},
    )
