from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "candela.core"
    label = "core"
