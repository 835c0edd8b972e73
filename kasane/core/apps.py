from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kasane.core"
    label = "core"
    verbose_name = "共通"

    def ready(self) -> None:
        from kasane.core import checks  # noqa: F401  (registers the system checks)
