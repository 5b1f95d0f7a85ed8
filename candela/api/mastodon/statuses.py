"""/api/v1/statuses, an account's statuses and favourites: thin handlers over the posts
services and selectors (the same ones the HTML pages call)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from candela.api.http import ApiError, ApiRequest, JSONResponse, api_view, as_bool, as_text
from candela.api.mastodon import relationships
from candela.api.mastodon import status_entities as status_json
from candela.api.pagination import paged_response, read_page
from candela.graph import selectors as graph
from candela.posts import selectors, services
from candela.posts.models import Post, ReactionKind, Visibility
from candela.profiles import selectors as profile_selectors
from candela.profiles.models import Actor

# Mastodon's names first; `private` is Candela's connections. Candela's own names work too.
VISIBILITIES = {
    "public": Visibility.PUBLIC,
    "unlisted": Visibility.UNLISTED,
    "private": Visibility.CONNECTIONS,
    "direct": Visibility.DIRECT,
    "connections": Visibility.CONNECTIONS,
    "circle": Visibility.CIRCLE,
}
# What the services call a field, as Mastodon names the parameter.
FIELD_NAMES = {"text": "status", "circle": "candela_circle_id"}


def _viewer(request: ApiRequest) -> Actor | None:
    return request.user.actor if request.user is not None else None


def _actor(request: ApiRequest) -> Actor:
    return request.require_user().actor


def _id(value: Any) -> int:
    """A path or body id; anything malformed reads as a record that does not exist."""
    number = selectors.parse_id(value)
    if number is None:
        raise Http404(str(value))
    return number


def _renamed(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {FIELD_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
        )
    return error


def _ids(value: Any, name: str) -> list[int]:
    if value in (None, ""):
        return []
    values = value if isinstance(value, list) else [value]
    ids = [selectors.parse_id(item) for item in values]
    if any(number is None for number in ids):
        raise ValidationError({name: _("This must be a list of ids.")}, code="invalid")
    return [number for number in ids if number is not None]


def _text(data: dict[str, Any], name: str, default: str = "") -> str:
    return as_text(data[name], name) if data.get(name) is not None else default


def _paged(
    request: ApiRequest,
    rows: QuerySet[Any],
    render: Callable[[list[Any]], list[Any]],
    *,
    default_limit: int = 20,
    max_limit: int = 40,
) -> JSONResponse:
    page = read_page(request, rows, default_limit=default_limit, max_limit=max_limit)
    return paged_response(request, page, render)


@api_view(methods=["POST"], scopes=["write:statuses"])
def create_status(request: ApiRequest) -> dict[str, Any]:
    """Publishes a status; the same Idempotency-Key within an hour returns the first one."""
    author = _actor(request)
    data = request.data
    visibility_name = _text(data, "visibility", "public")
    visibility = VISIBILITIES.get(visibility_name)
    if visibility is None:
        raise ValidationError({"visibility": _("Choose who can see this post.")}, code="invalid")
    circle_id = None
    if visibility == Visibility.CIRCLE:
        circle_id = selectors.parse_id(data.get("candela_circle_id", ""))
        if circle_id is None:
            raise ValidationError(
                {"candela_circle_id": _("Choose one of your circles.")}, code="invalid"
            )
    reply_to = data.get("in_reply_to_id")
    language = _text(data, "language") or None
    try:
        post = services.publish_post(
            author,
            text=_text(data, "status"),
            visibility=visibility,
            circle_id=circle_id,
            in_reply_to_id=_id(reply_to) if reply_to not in (None, "") else None,
            media_ids=_ids(data.get("media_ids"), "media_ids"),
            spoiler_text=_text(data, "spoiler_text"),
            sensitive=as_bool(data.get("sensitive", False)),
            language=language,
            idempotency_key=request.http.headers.get("Idempotency-Key") or None,
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return status_json.one_status(selectors.get_post_for(author, post.id), viewer=author)


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def show_status(request: ApiRequest, status_id: str) -> dict[str, Any]:
    viewer = _viewer(request)
    return status_json.one_status(selectors.get_post_for(viewer, status_id), viewer=viewer)


@api_view(methods=["PUT"], scopes=["write:statuses"])
def update_status(request: ApiRequest, status_id: str) -> dict[str, Any]:
    author = _actor(request)
    data = request.data
    post = selectors.get_own_post(author, status_id)
    media_ids = _ids(data["media_ids"], "media_ids") if "media_ids" in data else None
    try:
        services.edit_post(
            author,
            post_id=post.id,
            text=_text(data, "status", post.text),
            spoiler_text=_text(data, "spoiler_text"),
            sensitive=as_bool(data.get("sensitive", False)),
            language=_text(data, "language") or post.language or None,
            media_ids=media_ids,
        )
    except ValidationError as error:
        raise _renamed(error) from error
    return status_json.one_status(selectors.get_post_for(author, post.id), viewer=author)


@api_view(methods=["DELETE"], scopes=["write:statuses"])
def delete_status(request: ApiRequest, status_id: str) -> dict[str, Any]:
    """Deletes a status and returns it with its source `text`, for "delete and redraft"."""
    actor = _actor(request)
    post = selectors.get_post_for(actor, status_id)
    data = status_json.one_status(post, viewer=actor)
    data["text"] = post.text
    try:
        services.delete_post(actor, post_id=post.id)
    except PermissionDenied as error:
        raise ApiError(_("This action is not allowed"), status=403) from error
    return data


@csrf_exempt
def status_detail(request: HttpRequest, status_id: str) -> HttpResponse:
    """GET, PUT and DELETE on one path, each with its own scopes."""
    handlers = {"PUT": update_status, "DELETE": delete_status}
    return handlers.get(request.method or "GET", show_status)(request, status_id)


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def status_source(request: ApiRequest, status_id: str) -> dict[str, Any]:
    author = _actor(request)
    return status_json.source(selectors.get_own_post(author, status_id))


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def status_history(request: ApiRequest, status_id: str) -> list[dict[str, Any]]:
    post = selectors.get_post_for(_viewer(request), status_id)
    return status_json.history(post, selectors.list_edits(post))


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def status_context(request: ApiRequest, status_id: str) -> dict[str, Any]:
    viewer = _viewer(request)
    post = selectors.get_post_for(viewer, status_id)
    return status_json.context(selectors.thread_for(viewer, post), viewer=viewer)


def _after(actor: Actor, post: Post) -> dict[str, Any]:
    return status_json.one_status(selectors.get_post_for(actor, post.id), viewer=actor)


@api_view(methods=["POST"], scopes=["write:favourites"])
def favourite(request: ApiRequest, status_id: str) -> dict[str, Any]:
    actor = _actor(request)
    return _after(actor, services.react(actor, post_id=_id(status_id)))


@api_view(methods=["POST"], scopes=["write:favourites"])
def unfavourite(request: ApiRequest, status_id: str) -> dict[str, Any]:
    actor = _actor(request)
    return _after(actor, services.unreact(actor, post_id=_id(status_id)))


@api_view(methods=["POST"], scopes=["write:favourites"])
def react(request: ApiRequest, status_id: str, emoji: str) -> dict[str, Any]:
    """Adds one of the fixed emoji reactions (`candela.reactions` in a Status)."""
    actor = _actor(request)
    if emoji == ReactionKind.FAVOURITE:
        raise Http404(emoji)
    return _after(actor, services.react(actor, post_id=_id(status_id), kind=emoji))


@api_view(methods=["DELETE"], scopes=["write:favourites"])
def unreact(request: ApiRequest, status_id: str, emoji: str) -> dict[str, Any]:
    actor = _actor(request)
    return _after(actor, services.unreact(actor, post_id=_id(status_id), kind=emoji))


@csrf_exempt
def status_reaction(request: HttpRequest, status_id: str, emoji: str) -> HttpResponse:
    """Candela: POST adds one of the fixed emoji reactions, DELETE takes it back."""
    return (unreact if request.method == "DELETE" else react)(request, status_id, emoji)


@api_view(methods=["POST"], scopes=["write:statuses"])
def reblog(request: ApiRequest, status_id: str) -> dict[str, Any]:
    """Boosts a status and returns the boost (a status whose `reblog` is the original)."""
    actor = _actor(request)
    visibility = _text(request.data, "visibility", "public")
    try:
        boost = services.boost(
            actor,
            post_id=_id(status_id),
            visibility=VISIBILITIES.get(visibility, Visibility.PUBLIC),
        )
    except PermissionDenied as error:
        raise ApiError(_("This action is not allowed"), status=403) from error
    return _after(actor, boost)


@api_view(methods=["POST"], scopes=["write:statuses"])
def unreblog(request: ApiRequest, status_id: str) -> dict[str, Any]:
    actor = _actor(request)
    return _after(actor, services.unboost(actor, post_id=_id(status_id)))


def _accounts(actors: list[Actor]) -> list[dict[str, Any]]:
    return relationships.accounts(actors)


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def favourited_by(request: ApiRequest, status_id: str) -> JSONResponse:
    viewer = _viewer(request)
    post = selectors.get_post_for(viewer, status_id)
    return _paged(
        request,
        selectors.list_favourited_by_for(viewer, post),
        lambda rows: _accounts([row.actor for row in rows]),
        default_limit=40,
        max_limit=80,
    )


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def reblogged_by(request: ApiRequest, status_id: str) -> JSONResponse:
    viewer = _viewer(request)
    post = selectors.get_post_for(viewer, status_id)
    return _paged(
        request,
        selectors.list_reblogged_by_for(viewer, post),
        lambda rows: _accounts([row.author for row in rows]),
        default_limit=40,
        max_limit=80,
    )


@api_view(methods=["GET"], scopes=["read:statuses"], public=True)
def account_statuses(request: ApiRequest, account_id: str) -> JSONResponse:
    """An account's statuses the viewer may see (exclude_replies, exclude_reblogs, only_media;
    `pinned=true` answers an empty list: Candela has no pinned posts yet)."""
    viewer = _viewer(request)
    author = graph.get_visible_actor_for(
        viewer, profile_selectors.get_actor_for(request.viewer, _id(account_id))
    )
    query = request.query
    if as_bool(query.get("pinned", False)):
        return JSONResponse([])
    posts = selectors.list_posts_by_for(
        viewer,
        author,
        exclude_replies=as_bool(query.get("exclude_replies", False)),
        exclude_reblogs=as_bool(query.get("exclude_reblogs", False)),
        only_media=as_bool(query.get("only_media", False)),
    )
    return _paged(request, posts, lambda rows: status_json.statuses(rows, viewer=viewer))


@api_view(methods=["GET"], scopes=["read:favourites"])
def favourites(request: ApiRequest) -> JSONResponse:
    """The viewer's favourites, newest favourite first, paged by the favourite's id."""
    viewer = _actor(request)
    rows = selectors.list_favourites_for(viewer)

    def render(reactions: list[Any]) -> list[Any]:
        posts = {
            p.id: p
            for p in selectors.with_related(
                Post.objects.filter(pk__in=[r.post_id for r in reactions])
            )
        }
        return status_json.statuses([posts[r.post_id] for r in reactions], viewer=viewer)

    return _paged(request, rows, render)
