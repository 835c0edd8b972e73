from django.apps import AppConfig
from django.core import checks


class PlanConfig(AppConfig):
    name = "kasane.plan"
    label = "plan"
    verbose_name = "実施計画"

    def ready(self) -> None:
        from kasane.plan.checks import state_report_layout

        checks.register(state_report_layout)
