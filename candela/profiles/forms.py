"""The profile edit form and its positions formset."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from candela.profiles.languages import spoken_language_choices
from candela.profiles.services import MAX_POSITIONS, normalise_skills


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=100, required=False)
    bio = forms.CharField(
        label=_("Bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text. Links become clickable."),
    )
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        required=False,
        choices=spoken_language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    skills = forms.CharField(
        label=_("I can help with"),
        required=False,
        max_length=1200,
        help_text=_(
            "Separate skills with commas, for example: fundraising, Django, Italian cooking."
        ),
    )
    avatar = forms.FileField(label=_("Profile picture"), required=False)
    remove_avatar = forms.BooleanField(label=_("Remove the profile picture"), required=False)
    header = forms.FileField(label=_("Header image"), required=False)
    remove_header = forms.BooleanField(label=_("Remove the header image"), required=False)
    is_locked = forms.BooleanField(label=_("Approve new followers by hand"), required=False)
    is_discoverable = forms.BooleanField(
        label=_("Suggest my profile to other people"), required=False
    )

    def clean_skills(self) -> list[str]:
        return normalise_skills(self.cleaned_data["skills"].split(","))


class PositionForm(forms.Form):
    company = forms.CharField(label=_("Company or organisation"), max_length=120, required=False)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    is_current = forms.BooleanField(label=_("I work here now"), required=False)


PositionFormSet = forms.formset_factory(
    PositionForm, extra=1, max_num=MAX_POSITIONS, validate_max=True, can_delete=True
)
