"""OAuth paths exactly as Mastodon apps call them: no trailing slash."""

from django.urls import path

from candela.api.oauth import views

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
]
