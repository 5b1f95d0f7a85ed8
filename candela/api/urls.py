"""The API's routes: OAuth endpoints, the Mastodon client API and Candela's own."""

from django.urls import include, path

urlpatterns = [
    path("", include("candela.api.oauth.urls")),
    path("", include("candela.api.mastodon.search_urls")),
    path("", include("candela.api.mastodon.urls")),
    path("", include("candela.api.candela.urls")),
    path("", include("candela.api.mastodon.status_urls")),
    path("", include("candela.api.mastodon.notification_urls")),
]
