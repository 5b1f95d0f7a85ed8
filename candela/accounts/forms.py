"""HTML forms for sign-up, login, settings, password reset and account deletion."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from candela.accounts import services, throttle
from candela.accounts.models import TIME_ZONE_CHOICES, USERNAME_MAX_LENGTH, User
from candela.core.tasks import send_email


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=USERNAME_MAX_LENGTH,
        help_text=_("Up to 30 letters, digits and underscores. This is your handle."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not too common and not only digits."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        services.validate_new_username(username)
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        services.validate_new_email(email)
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses to check a password once a username or address has failed too often."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts. Please wait a few minutes before trying again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip_address = client_address(self.request)
        if throttle.is_login_throttled(username, ip_address):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_login_failure(username, ip_address)
            raise
        throttle.clear_login_failures(username)
        return cleaned


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address; behind CANDELA_TRUSTED_PROXIES reverse proxies, the address the
    outermost of them saw (earlier X-Forwarded-For entries can be forged by the client)."""
    if request is None:
        return "unknown"
    proxies: int = settings.CANDELA_TRUSTED_PROXIES
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [address.strip() for address in header.split(",")]
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


class AccountSettingsForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        services.validate_new_email(email, exclude_user=self.user)
        return email


class QueuedPasswordResetForm(PasswordResetForm):
    """Renders the reset e-mail in the recipient's language and sends it off the request path."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        with translation.override(user.language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, recipients=[to_email])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="wrong_password")
        return password
