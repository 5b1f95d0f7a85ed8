"""The compose and edit forms; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.posts.models import Visibility
from candela.posts.services import MAX_DESCRIPTION_CHARS, MAX_MEDIA


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to share?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    circle = forms.TypedChoiceField(
        label=_("Circle"), required=False, coerce=int, empty_value=None, choices=[]
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=500)
    in_reply_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, circles: list[tuple[int, str]] = (), **kwargs: object):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["circle"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a circle")), *circles]
        # Up to four pictures, each with its own alt text.
        for number in range(1, MAX_MEDIA + 1):
            self.fields[f"image_{number}"] = forms.FileField(
                label=_("Picture %(number)d") % {"number": number}, required=False
            )
            self.fields[f"description_{number}"] = forms.CharField(
                label=_("Describe picture %(number)d for people who cannot see it")
                % {"number": number},
                required=False,
                max_length=MAX_DESCRIPTION_CHARS,
            )

    def pictures(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """The picture fields with their alt-text fields, in order, for the template."""
        return [
            (self[f"image_{number}"], self[f"description_{number}"])
            for number in range(1, MAX_MEDIA + 1)
        ]

    def uploads(self) -> list[tuple[Any, str]]:
        """(file, alt text) of each picture chosen, after validation."""
        data = self.cleaned_data
        return [
            (data[f"image_{number}"], data[f"description_{number}"])
            for number in range(1, MAX_MEDIA + 1)
            if data.get(f"image_{number}") is not None
        ]


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=500)
