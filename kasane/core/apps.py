from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kasane.core"
    label = "core"
    verbose_name = "共通"
