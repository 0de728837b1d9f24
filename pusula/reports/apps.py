from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pusula.reports"
    label = "reports"
