from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "pusula.outbox"
    label = "outbox"
