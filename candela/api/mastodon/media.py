"""/api/v1/media and /api/v2/media: picture uploads for statuses, their alt text and focus."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from candela.api.http import ApiRequest, api_view, as_text
from candela.api.mastodon.status_entities import media_attachment
from candela.posts import services


@api_view(methods=["POST"], scopes=["write:media"])
def upload(request: ApiRequest) -> dict[str, Any]:
    """Processed at once, so v2 answers 200 with the URL set (a client never needs to poll)."""
    owner = request.require_user().actor
    file = request.files.get("file")
    if file is None:
        raise ValidationError({"file": _("Choose a picture to upload.")}, code="blank")
    description = request.data.get("description")
    focus = request.data.get("focus")
    media = services.upload_media(
        owner,
        file=file,
        description=as_text(description, "description") if description is not None else "",
        focus=as_text(focus, "focus") if focus else None,
    )
    return media_attachment(media)


@api_view(methods=["GET"], scopes=["write:media", "read:statuses"])
def show(request: ApiRequest, media_id: str) -> dict[str, Any]:
    owner = request.require_user().actor
    return media_attachment(services.get_own_media(owner, media_id))


@api_view(methods=["PUT"], scopes=["write:media"])
def update(request: ApiRequest, media_id: str) -> dict[str, Any]:
    owner = request.require_user().actor
    media = services.get_own_media(owner, media_id)
    description = request.data.get("description")
    focus = request.data.get("focus")
    updated = services.update_media(
        owner,
        media_id=media.id,
        description=as_text(description, "description") if description is not None else None,
        focus=as_text(focus, "focus") if focus else None,
    )
    return media_attachment(updated)


@csrf_exempt
def media_detail(request: HttpRequest, media_id: str) -> HttpResponse:
    return (update if request.method == "PUT" else show)(request, media_id)
