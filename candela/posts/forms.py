"""The compose and edit forms; the services do the real validation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.posts.models import Visibility
from candela.posts.services import MAX_DESCRIPTION_CHARS


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
    image = forms.FileField(label=_("Picture"), required=False)
    description = forms.CharField(
        label=_("Describe the picture for people who cannot see it"),
        required=False,
        max_length=MAX_DESCRIPTION_CHARS,
    )
    in_reply_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, circles: list[tuple[int, str]] = (), **kwargs: object):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["circle"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a circle")), *circles]


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=500)
