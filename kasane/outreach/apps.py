from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "kasane.outreach"
    verbose_name = "アウトリーチ"
