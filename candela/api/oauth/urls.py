"""OAuth paths exactly as Mastodon apps call them (no trailing slash), and the settings page
listing the apps a member has authorised."""

from django.urls import path

from candela.api.oauth import authorized_apps, views

app_name = "api_oauth"

urlpatterns = [
    path("oauth/authorize", views.authorize, name="authorize"),
    path("oauth/token", views.TokenView.as_view(), name="token"),
    path("oauth/revoke", views.RevokeTokenView.as_view(), name="revoke"),
    path(
        ".well-known/oauth-authorization-server",
        views.authorization_server_metadata,
        name="metadata",
    ),
    path("settings/apps/", authorized_apps.authorized_apps, name="authorized_apps"),
    path(
        "settings/apps/<int:application_id>/revoke/",
        authorized_apps.revoke_app,
        name="revoke_app",
    ),
]
