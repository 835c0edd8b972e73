from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "kasane.dashboard"
    label = "dashboard"
    verbose_name = "ダッシュボード"
