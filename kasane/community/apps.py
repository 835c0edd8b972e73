from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "kasane.community"
    verbose_name = "地域づくり"
