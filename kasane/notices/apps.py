from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "kasane.notices"
    verbose_name = "お知らせ"
