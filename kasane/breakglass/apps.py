from django.apps import AppConfig


class BreakGlassConfig(AppConfig):
    name = "kasane.breakglass"
    verbose_name = "緊急時の閲覧"
