from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "candela.federation"
    label = "federation"
