"""Candela's own API routes, under /api/candela/v1/ (documented in openapi.json)."""

from django.urls import path

from candela.api.candela import connections, openapi
from candela.api.mastodon import statuses

app_name = "api_candela"

urlpatterns = [
    path("api/candela/v1/openapi.json", openapi.openapi, name="openapi"),
    path("api/candela/v1/connections", connections.connections, name="connections"),
    path(
        "api/candela/v1/connections/<str:connection_id>/accept",
        connections.accept,
        name="connection_accept",
    ),
    path(
        "api/candela/v1/connections/<str:connection_id>/decline",
        connections.decline,
        name="connection_decline",
    ),
    path(
        "api/candela/v1/connections/<str:connection_id>",
        connections.remove,
        name="connection",
    ),
    path(
        "api/candela/v1/statuses/<str:status_id>/reactions/<str:emoji>",
        statuses.status_reaction,
        name="status_reaction",
    ),
]
