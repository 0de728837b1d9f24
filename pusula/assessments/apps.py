from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "pusula.assessments"
    label = "assessments"
