from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kasane.meetings"
    verbose_name = "会議"
