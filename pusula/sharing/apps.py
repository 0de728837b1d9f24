from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "pusula.sharing"
    label = "sharing"
