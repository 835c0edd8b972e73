from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kasane.people"
    verbose_name = "本人・世帯"
