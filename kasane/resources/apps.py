from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "kasane.resources"
    verbose_name = "社会資源"
