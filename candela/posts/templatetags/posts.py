"""Template helpers that bring posts into other apps' pages (a profile's posts, the home
compose form) without those apps importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from candela.core.pagination import PageParams, paginate
from candela.posts import cards, selectors
from candela.posts.views import PAGE_SIZE, compose_form
from candela.profiles.models import Actor

register = template.Library()


@register.inclusion_tag("posts/_profile_posts.html", takes_context=True)
def profile_posts(context: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """The posts of `actor` the viewing person may see, newest first, one page."""
    request = context["request"]
    viewer = selectors.viewer_of(request.user)
    params = PageParams(max_id=selectors.parse_id(request.GET.get("max_id", "")), limit=PAGE_SIZE)
    page = paginate(selectors.list_posts_by_for(viewer, actor), params)
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "actor": actor,
        "cards": cards.cards_for(page.items, viewer),
        "page": page,
    }


@register.inclusion_tag("posts/_compose.html", takes_context=True)
def compose(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    viewer = selectors.viewer_of(request.user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form": compose_form(viewer) if viewer is not None else None,
        "is_reply": False,
    }
