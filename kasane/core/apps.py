from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "kasane.core"
    label = "core"
    verbose_name = "共通"

    def ready(self) -> None:
        from kasane.core import checks  # noqa: F401  (registers the system checks)

        # Each app's home.py registers its home-page cards (kasane.core.home).
        autodiscover_modules("home")
        # Each app's jobs.py registers its background jobs (kasane.core.jobs).
        autodiscover_modules("jobs")
