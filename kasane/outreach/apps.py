from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class OutreachConfig(AppConfig):
    name = "kasane.outreach"
    verbose_name = "アウトリーチ"

    def ready(self) -> None:
        # Each app's target_sections.py adds its sections to the target page (outreach.sections).
        autodiscover_modules("target_sections")
