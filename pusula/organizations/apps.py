from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "pusula.organizations"
    label = "organizations"
