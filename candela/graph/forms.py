"""Forms of the graph's pages: what a person may type or choose before a service runs."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.graph.services import MAX_CIRCLE_NAME_LENGTH, MAX_NOTE_LENGTH
from candela.profiles.models import Actor

# Seconds, as the form posts them; "" means until unmuted.
MUTE_DURATIONS = [
    ("", _("Forever")),
    ("3600", _("1 hour")),
    ("86400", _("1 day")),
    ("604800", _("7 days")),
]


class ConnectForm(forms.Form):
    note = forms.CharField(
        label=_("A note for them (optional)"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MuteForm(forms.Form):
    duration = forms.ChoiceField(label=_("For how long"), choices=MUTE_DURATIONS, required=False)

    def cleaned_duration(self) -> timedelta | None:
        seconds = self.cleaned_data.get("duration") or ""
        return timedelta(seconds=int(seconds)) if seconds else None


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Circle name"), max_length=MAX_CIRCLE_NAME_LENGTH)


class CircleMemberForm(forms.Form):
    actor = forms.IntegerField(label=_("Add someone you follow"), min_value=1)


class ConnectionsVisibilityForm(forms.Form):
    connections_visibility = forms.ChoiceField(
        label=_("Who can see my connections"), choices=Actor.ConnectionsVisibility.choices
    )
