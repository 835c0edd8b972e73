from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "kasane.intake"
    verbose_name = "相談受付・つなぎ"
