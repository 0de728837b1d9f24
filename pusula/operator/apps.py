from django.apps import AppConfig


class OperatorConfig(AppConfig):
    name = "pusula.operator"
    label = "operator"
    verbose_name = "Destek merkezi"
