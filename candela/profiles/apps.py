from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ProfilesConfig(AppConfig):
    name = "candela.profiles"
    label = "profiles"

    def ready(self) -> None:
        from candela.profiles import (
            receivers,  # noqa: F401  (connects the accounts signals)
            stats,
        )

        post_migrate.connect(stats.ensure_triggers, dispatch_uid="profiles.ensure_triggers")
