"""HTML pages: the owner's profile editor.

The profile page and the member directory are served by the graph app, which adds the block
rule (candela/graph/views.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from candela.profiles import services
from candela.profiles.forms import PositionFormSet, ProfileForm
from candela.profiles.models import Actor


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.user.actor  # type: ignore[union-attr]
    form = ProfileForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "display_name": actor.display_name,
            "bio": actor.bio,
            "location": actor.location,
            "languages": actor.languages,
            "skills": ", ".join(actor.skills),
            "is_locked": actor.is_locked,
            "is_discoverable": actor.is_discoverable,
        },
    )
    positions = PositionFormSet(
        request.POST or None,
        prefix="positions",
        initial=[
            {"company": p.company, "title": p.title, "is_current": p.is_current}
            for p in actor.positions.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and positions.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                actor,
                display_name=data["display_name"],
                bio=data["bio"],
                location=data["location"],
                languages=data["languages"],
                skills=data["skills"],
                is_locked=data["is_locked"],
                is_discoverable=data["is_discoverable"],
                avatar=data["avatar"],
                remove_avatar=data["remove_avatar"],
                header=data["header"],
                remove_header=data["remove_header"],
                positions=[
                    services.PositionInput(
                        company=row["company"], title=row["title"], is_current=row["is_current"]
                    )
                    for row in positions.cleaned_data
                    if row and not row.get("DELETE")
                ],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profiles:detail", username=actor.username)
    return render(
        request, "profiles/edit.html", {"form": form, "positions": positions, "actor": actor}
    )
