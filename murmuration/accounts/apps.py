from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "murmuration.accounts"
    label = "accounts"
