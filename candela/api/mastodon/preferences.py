"""/api/v1/preferences: the defaults an app should use when composing and reading."""

from __future__ import annotations

from typing import Any

from candela.api.http import ApiRequest, api_view


@api_view(scopes=["read:accounts"])
def preferences(request: ApiRequest) -> dict[str, Any]:
    user = request.require_user()
    return {
        "posting:default:visibility": "public",
        "posting:default:sensitive": False,
        "posting:default:language": user.language,
        "reading:expand:media": "default",
        "reading:expand:spoilers": False,
        "reading:autoplay:gifs": False,
    }
