from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pusula.accounts"
    label = "accounts"
