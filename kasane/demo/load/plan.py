"""デモ市's 実施計画 (issue 18): the plan, its projects, 取組 and milestones are brought to the
story's text on every load; progress for 令和6 and 令和7 is recorded once (a later load leaves
what is there, so that a user's own records in the demo stay)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kasane.accounts.models import User
from kasane.demo.city import plan as story
from kasane.organizations.models import Organization
from kasane.plan.models import (
    ImplementationPlan,
    Indicator,
    IndicatorTarget,
    Initiative,
    ManualFigure,
    Milestone,
    PlanProject,
    Progress,
)

# When the demo's progress was recorded: near the end of each fiscal year, Japan time.
PROGRESS_DAYS = {2024: dt.date(2025, 3, 19), 2025: dt.date(2026, 3, 18)}


def load_plan(now: dt.datetime) -> ImplementationPlan:
    plan, _ = ImplementationPlan.objects.update_or_create(
        title=story.PLAN_TITLE,
        defaults={
            "first_year": story.PLAN_FIRST_YEAR,
            "last_year": story.PLAN_LAST_YEAR,
            "note": story.PLAN_NOTE,
        },
    )
    coordinator = User.objects.get(username="coordinator")
    organizations = {o.name: o for o in Organization.objects.all()}
    for order, (title, aim, initiatives) in enumerate(story.PROJECTS, start=1):
        project, _ = PlanProject.objects.update_or_create(
            plan=plan, order=order, defaults={"title": title, "aim": aim}
        )
        for number, (name, lead, lead_text, milestones, progress) in enumerate(
            initiatives, start=1
        ):
            initiative, _ = Initiative.objects.update_or_create(
                project=project,
                order=number,
                defaults={
                    "title": name,
                    "lead_organization": organizations[lead] if lead else None,
                    "lead_text": lead_text,
                },
            )
            for year, text in zip(plan.years, milestones, strict=True):
                if text:
                    Milestone.objects.update_or_create(
                        initiative=initiative, fiscal_year=year, defaults={"text": text}
                    )
            for year, (status, note) in zip(PROGRESS_DAYS, progress, strict=True):
                at = timezone.make_aware(dt.datetime.combine(PROGRESS_DAYS[year], dt.time(17)))
                if initiative.progress.filter(fiscal_year=year).exists():
                    continue
                Progress.objects.create(
                    initiative=initiative,
                    fiscal_year=year,
                    status=status,
                    note=note,
                    recorded_by=coordinator,
                    recorded_at=min(at, now),
                )
    load_indicators(plan, coordinator, now)
    return plan


def load_indicators(plan: ImplementationPlan, coordinator: User, now: dt.datetime) -> None:
    """The plan's 成果目標 with their targets, brought to the story on every load; a manual
    figure is entered once (a user's later entry stays)."""
    for order, (label, code, unit, definition, targets, figures) in enumerate(
        story.INDICATORS, start=1
    ):
        indicator, _ = Indicator.objects.update_or_create(
            plan=plan,
            label=label,
            defaults={"code": code, "unit": unit, "definition": definition, "order": order},
        )
        for year, value in zip(plan.years, targets, strict=True):
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, fiscal_year=year, defaults={"value": value}
            )
        for year, value in zip(PROGRESS_DAYS, figures, strict=False):
            at = timezone.make_aware(dt.datetime.combine(PROGRESS_DAYS[year], dt.time(17)))
            ManualFigure.objects.get_or_create(
                indicator=indicator,
                fiscal_year=year,
                defaults={"value": value, "entered_by": coordinator, "entered_at": min(at, now)},
            )
