from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "kasane.organizations"
    label = "organizations"
    verbose_name = "支援関係機関・地域"
