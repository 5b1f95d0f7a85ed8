"""The e-mail settings form: one checkbox per kind of notification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.notifications.models import NotificationKind


class EmailSettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("E-mail me about these when I have not seen them for 15 minutes"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
