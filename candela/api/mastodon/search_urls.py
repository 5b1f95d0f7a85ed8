"""Mastodon client API routes for search. Included before the other Mastodon routes, so that
`accounts/search` is not read as an account id."""

from django.urls import path

from candela.api.mastodon import search

app_name = "api_search"

urlpatterns = [
    path("api/v2/search", search.search_v2, name="v2"),
    path("api/v1/accounts/search", search.accounts_search, name="accounts"),
]
