"""The API's routes: OAuth endpoints and the Mastodon client API."""

from django.urls import include, path

urlpatterns = [
    path("", include("candela.api.oauth.urls")),
    path("", include("candela.api.mastodon.urls")),
]
