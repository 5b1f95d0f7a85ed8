from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "candela.notifications"
    label = "notifications"

    def ready(self) -> None:
        # The receivers of the graph's and the posts' signals, and the navigation's unread badge:
        # importing them at ready time is how Django wires signals.
        from candela.core.navigation import register_badge
        from candela.notifications import receivers  # noqa: F401
        from candela.notifications.context_processors import unread_count

        register_badge("notifications", unread_count)
