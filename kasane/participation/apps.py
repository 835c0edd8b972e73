from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "kasane.participation"
    verbose_name = "参加支援"
