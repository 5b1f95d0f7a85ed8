from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "candela.accounts"
    label = "accounts"
