from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ResourcesConfig(AppConfig):
    name = "kasane.resources"
    verbose_name = "社会資源"

    def ready(self) -> None:
        # Each app's resource_sections.py adds its sections to a resource's page (sections.py).
        autodiscover_modules("resource_sections")
