"""Mastodon client API routes (/api/v1, /api/v2). Fixed paths come before `<account_id>`."""

from django.urls import path

from candela.api.mastodon import accounts, apps, instance, preferences

app_name = "api_mastodon"

urlpatterns = [
    path("api/v1/apps", apps.create_app, name="apps"),
    path("api/v1/apps/verify_credentials", apps.verify_app_credentials, name="apps_verify"),
    path(
        "api/v1/accounts/verify_credentials",
        accounts.verify_credentials,
        name="verify_credentials",
    ),
    path(
        "api/v1/accounts/update_credentials",
        accounts.update_credentials,
        name="update_credentials",
    ),
    path("api/v1/accounts/lookup", accounts.lookup, name="lookup"),
    path("api/v1/accounts/<str:account_id>", accounts.account_detail, name="account"),
    path("api/v1/preferences", preferences.preferences, name="preferences"),
    path("api/v1/instance", instance.instance_v1, name="instance_v1"),
    path("api/v2/instance", instance.instance_v2, name="instance_v2"),
]
