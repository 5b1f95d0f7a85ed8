from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "candela.api"
    label = "api"
