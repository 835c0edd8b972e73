from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "kasane.disclosure"
    verbose_name = "開示請求への対応"
