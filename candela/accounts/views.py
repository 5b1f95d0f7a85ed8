"""HTML pages for sign-up, login, settings, language choice and account deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candela.accounts import services
from candela.accounts.forms import (
    AccountSettingsForm,
    DeleteAccountForm,
    QueuedPasswordResetForm,
    SignUpForm,
    ThrottledAuthenticationForm,
)
from candela.accounts.models import User


def signup(request: HttpRequest) -> HttpResponse:
    if not settings.CANDELA_REGISTRATIONS_OPEN:
        return render(request, "accounts/signup_closed.html", status=403)
    if request.user.is_authenticated:
        return redirect("core:home")
    initial_language = translation.get_language() or settings.LANGUAGE_CODE
    form = SignUpForm(request.POST or None, initial={"language": initial_language[:2]})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            translation.activate(user.language)
            messages.success(
                request,
                _("Welcome to %(name)s! Tell people who you are.")
                % {"name": settings.CANDELA_INSTANCE_NAME},
            )
            return redirect("profiles:edit")
    return render(request, "accounts/signup.html", {"form": form})


class CandelaLoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("core:home")


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = AccountSettingsForm(
        request.POST or None,
        user=user,
        initial={"email": user.email, "language": user.language, "time_zone": user.time_zone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_account_settings(user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            translation.activate(user.language)
            messages.success(request, _("Your settings have been saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switcher on every page: kept in a cookie, and for members in their settings."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    response = HttpResponseRedirect(next_url)
    try:
        if request.user.is_authenticated:
            services.set_language(request.user, language=language)
        else:
            services.validate_language(language)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


class CandelaPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class CandelaPasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"instance_name": settings.CANDELA_INSTANCE_NAME}


class CandelaPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password has been set. You can log in now."))
        return super().form_valid(form)


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user)
        logout(request)
        messages.info(request, _("Your account has been deleted. Goodbye."))
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})
