from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "kasane.plan"
    label = "plan"
    verbose_name = "実施計画"
