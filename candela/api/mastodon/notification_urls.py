"""Mastodon client API routes for notifications and read markers."""

from django.urls import path

from candela.api.mastodon import notifications

app_name = "api_notifications"

urlpatterns = [
    path("api/v1/notifications", notifications.notifications, name="list"),
    path("api/v1/notifications/clear", notifications.clear, name="clear"),
    path("api/v1/notifications/unread_count", notifications.unread_count, name="unread_count"),
    path(
        "api/v1/notifications/<str:notification_id>",
        notifications.notification_detail,
        name="detail",
    ),
    path(
        "api/v1/notifications/<str:notification_id>/dismiss",
        notifications.dismiss,
        name="dismiss",
    ),
    path("api/v1/markers", notifications.markers, name="markers"),
]
