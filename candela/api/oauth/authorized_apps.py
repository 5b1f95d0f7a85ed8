"""The settings page where a member sees the apps let into their account and shows them out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candela.accounts.models import User
from candela.api import selectors, services
from candela.api.scopes import SCOPES


@login_required
def authorized_apps(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    apps = [
        {
            "application": authorized.application,
            "authorized_at": authorized.authorized_at,
            "scope_descriptions": [SCOPES[s] for s in authorized.scopes if s in SCOPES],
        }
        for authorized in selectors.list_authorized_applications_for(user)
    ]
    return render(request, "api/oauth/authorized_apps.html", {"apps": apps})


@login_required
@require_POST
def revoke_app(request: HttpRequest, application_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if services.revoke_application_access(user, application_id=application_id):
        messages.success(request, _("The app can no longer use your account."))
    return redirect("api_oauth:authorized_apps")
