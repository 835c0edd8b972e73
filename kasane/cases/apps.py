from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CasesConfig(AppConfig):
    name = "kasane.cases"
    verbose_name = "支援ケース"

    def ready(self) -> None:
        from kasane.cases import consent  # noqa: F401  (what a withdrawn consent ends)

        # Each app's case_sections.py adds its sections to the case page (kasane.cases.sections).
        autodiscover_modules("case_sections")
