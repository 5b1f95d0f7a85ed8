"""Mastodon client API routes for statuses, media and favourites (kept apart from the account
routes so that the two halves of the social core can grow without stepping on each other)."""

from django.urls import path

from candela.api.mastodon import media, statuses

app_name = "api_statuses"

urlpatterns = [
    path("api/v1/statuses", statuses.create_status, name="create"),
    path("api/v1/statuses/<str:status_id>", statuses.status_detail, name="detail"),
    path("api/v1/statuses/<str:status_id>/source", statuses.status_source, name="source"),
    path("api/v1/statuses/<str:status_id>/history", statuses.status_history, name="history"),
    path("api/v1/statuses/<str:status_id>/context", statuses.status_context, name="context"),
    path("api/v1/statuses/<str:status_id>/favourite", statuses.favourite, name="favourite"),
    path("api/v1/statuses/<str:status_id>/unfavourite", statuses.unfavourite, name="unfavourite"),
    path("api/v1/statuses/<str:status_id>/reblog", statuses.reblog, name="reblog"),
    path("api/v1/statuses/<str:status_id>/unreblog", statuses.unreblog, name="unreblog"),
    path(
        "api/v1/statuses/<str:status_id>/favourited_by",
        statuses.favourited_by,
        name="favourited_by",
    ),
    path(
        "api/v1/statuses/<str:status_id>/reblogged_by",
        statuses.reblogged_by,
        name="reblogged_by",
    ),
    path(
        "api/v1/accounts/<str:account_id>/statuses",
        statuses.account_statuses,
        name="account_statuses",
    ),
    path("api/v1/favourites", statuses.favourites, name="favourites"),
    path("api/v1/media", media.upload, name="media_v1"),
    path("api/v2/media", media.upload, name="media_v2"),
    path("api/v1/media/<str:media_id>", media.media_detail, name="media"),
]
