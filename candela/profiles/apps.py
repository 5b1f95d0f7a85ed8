from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "candela.profiles"
    label = "profiles"

    def ready(self) -> None:
        from candela.profiles import receivers  # noqa: F401  (connects the accounts signals)
