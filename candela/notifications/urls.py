from django.urls import path

from candela.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/badge", views.notification_badge, name="badge"),
    path("notifications/read", views.notifications_mark_read, name="mark_read"),
    path("notifications/settings/", views.notification_settings, name="settings"),
    path("notifications/<int:notification_id>/", views.notification_open, name="open"),
]
