from django.contrib.auth import views as auth_views
from django.urls import path

from candela.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.CandelaLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.choose_language, name="language"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/password/", views.CandelaPasswordChangeView.as_view(), name="password_change"),
    path("settings/delete/", views.delete_account, name="delete"),
    path("password-reset/", views.CandelaPasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.CandelaPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
