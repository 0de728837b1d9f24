from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "pusula.privacy"
    label = "privacy"
