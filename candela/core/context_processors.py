"""Template context shared by every page: the instance's name and the navigation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from candela.core.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "instance_name": settings.CANDELA_INSTANCE_NAME,
        "instance_domain": settings.CANDELA_DOMAIN,
        "navigation": navigation_for(request),
    }
