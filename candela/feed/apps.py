"""The feed app: per-owner home timelines written by fan-out, and the timeline reads."""

from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "candela.feed"
    label = "feed"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from candela.feed import receivers  # noqa: F401  (connects the signal receivers)
