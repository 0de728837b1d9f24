from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "pusula.plans"
    label = "plans"
