from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pusula.api"
    label = "api"
