from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "pusula.content"
    label = "content"
