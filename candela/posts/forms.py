"""The compose and edit forms; the services do the real validation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.posts.models import MediaAttachment, Visibility
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
        add_picture_fields(self, range(1, MAX_MEDIA + 1))

    def pictures(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """The picture fields with their alt-text fields, in order, for the template."""
        return picture_fields(self, range(1, MAX_MEDIA + 1))

    def uploads(self) -> list[tuple[Any, str]]:
        """(file, alt text) of each picture chosen, after validation."""
        return chosen_pictures(self, range(1, MAX_MEDIA + 1))


def add_picture_fields(form: forms.Form, numbers: Iterable[int]) -> None:
    """A new picture with its own alt text, for each of `numbers`."""
    for number in numbers:
        form.fields[f"image_{number}"] = forms.FileField(
            label=_("Picture %(number)d") % {"number": number}, required=False
        )
        form.fields[f"description_{number}"] = forms.CharField(
            label=_("Describe picture %(number)d for people who cannot see it")
            % {"number": number},
            required=False,
            max_length=MAX_DESCRIPTION_CHARS,
        )


def picture_fields(
    form: forms.Form, numbers: Iterable[int]
) -> list[tuple[forms.BoundField, forms.BoundField]]:
    return [(form[f"image_{number}"], form[f"description_{number}"]) for number in numbers]


def chosen_pictures(form: forms.Form, numbers: Iterable[int]) -> list[tuple[Any, str]]:
    data = form.cleaned_data
    return [
        (data[f"image_{number}"], data[f"description_{number}"])
        for number in numbers
        if data.get(f"image_{number}") is not None
    ]


class EditForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    spoiler_text = forms.CharField(label=_("Content warning"), required=False, max_length=500)

    def __init__(self, *args: Any, current: Sequence[MediaAttachment] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.current = list(current)
        # The pictures the post has: keep each or not, and change its alt text.
        for number, media in enumerate(self.current, start=1):
            self.fields[f"keep_{media.id}"] = forms.BooleanField(
                label=_("Keep picture %(number)d") % {"number": number},
                required=False,
                initial=True,
            )
            self.fields[f"alt_{media.id}"] = forms.CharField(
                label=_("Describe picture %(number)d for people who cannot see it")
                % {"number": number},
                required=False,
                initial=media.description,
                max_length=MAX_DESCRIPTION_CHARS,
            )
        self.new_numbers = range(len(self.current) + 1, MAX_MEDIA + 1)
        add_picture_fields(self, self.new_numbers)

    def current_pictures(self) -> list[tuple[MediaAttachment, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"keep_{m.id}"], self[f"alt_{m.id}"]) for m in self.current]

    def new_pictures(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return picture_fields(self, self.new_numbers)

    def kept(self) -> list[tuple[int, str]]:
        """(media id, alt text) of each picture kept, in order, after validation."""
        data = self.cleaned_data
        return [(m.id, data[f"alt_{m.id}"]) for m in self.current if data.get(f"keep_{m.id}")]

    def uploads(self) -> list[tuple[Any, str]]:
        return chosen_pictures(self, self.new_numbers)
