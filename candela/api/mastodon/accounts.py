"""/api/v1/accounts: the owner's own account (read and update), other accounts by id or handle."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from candela.accounts import services as account_services
from candela.api.http import ApiError, ApiRequest, api_view, as_bool, as_text
from candela.api.mastodon import entities
from candela.graph import selectors as graph_selectors
from candela.profiles import selectors
from candela.profiles import services as profile_services

# Mastodon's parameter names for the profile fields update_profile reports errors on.
FIELD_NAMES = {
    "bio": "note",
    "is_locked": "locked",
    "is_bot": "bot",
    "is_discoverable": "discoverable",
}


@api_view(scopes=["read:accounts", "profile"])
def verify_credentials(request: ApiRequest) -> dict[str, Any]:
    user = request.require_user()
    actor = selectors.get_actor_for(user, user.actor.id)
    return entities.credential_account(actor, user)


@api_view(methods=["PATCH", "POST"], scopes=["write:accounts"])
def update_credentials(request: ApiRequest) -> dict[str, Any]:
    """Changes the owner's profile and interface language; `fields_attributes` and other
    Mastodon-only settings are accepted and ignored until Candela has them."""
    user = request.require_user()
    data = request.data
    source = data.get("source")
    language = source.get("language") if isinstance(source, dict) else None
    if language is not None:
        language = as_text(language, "source[language]")
        try:
            account_services.validate_language(language)
        except ValidationError as error:
            raise ValidationError({"source[language]": error.messages}) from error

    def flag(key: str) -> bool | None:
        return as_bool(data[key]) if key in data else None

    def text(key: str) -> str | None:
        return as_text(data[key], key) if key in data else None

    try:
        with transaction.atomic():
            profile_services.update_profile(
                user.actor,
                display_name=text("display_name"),
                bio=text("note"),
                avatar=request.files.get("avatar"),
                header=request.files.get("header"),
                is_locked=flag("locked"),
                is_bot=flag("bot"),
                is_discoverable=flag("discoverable"),
            )
            if language is not None and language != user.language:
                account_services.set_language(user, language=language)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(
                {FIELD_NAMES.get(name, name): errors for name, errors in error.error_dict.items()}
            ) from error
        raise
    actor = selectors.get_actor_for(user, user.actor.id)
    return entities.credential_account(actor, user)


@api_view(scopes=["read:accounts"], public=True)
def lookup(request: ApiRequest) -> dict[str, Any]:
    acct = request.query.get("acct", "").strip()
    if not acct:
        raise ApiError(_("Missing the acct parameter."), status=400)
    return entities.account(selectors.get_actor_by_acct_for(request.viewer, acct))


@api_view(scopes=["read:accounts"], public=True)
def account_detail(request: ApiRequest, account_id: str) -> dict[str, Any]:
    if not account_id.isdigit() or len(account_id) > 19:
        raise Http404(account_id)
    actor = selectors.get_actor_for(request.viewer, int(account_id))
    viewer = request.user.actor if request.user is not None else None
    return entities.account(graph_selectors.get_visible_actor_for(viewer, actor))
