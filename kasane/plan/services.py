"""The writes of the implementation plan. Each runs in a transaction and writes its audit row
in it; a refusal raises `DomainError` and changes nothing. The plan holds no personal data, so
the audit rows name the plan's records and what changed, never a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.organizations.models import Organization
from kasane.plan.models import (
    MAX_PLAN_YEARS,
    ImplementationPlan,
    Initiative,
    Milestone,
    PlanProject,
    Progress,
)

PERIOD_TOO_LONG = f"計画期間は{MAX_PLAN_YEARS}年度までにしてください。何も変更していません。"
PERIOD_REVERSED = "最終年度は初年度と同じか、それより後にしてください。何も変更していません。"
ORDER_TAKEN = "この番号は既に使われています。別の番号にしてください。何も変更していません。"
OUTSIDE_PERIOD = (
    "{years}の年度目標または進捗が記録されています。計画期間をその年度を含むようにしてください。"
    "何も変更していません。"
)
YEAR_OUTSIDE_PLAN = "{year}は計画期間（{period}）の外です。何も記録していません。"


def _check_period(first_year: int, last_year: int) -> None:
    if last_year < first_year:
        raise DomainError(PERIOD_REVERSED)
    if last_year - first_year + 1 > MAX_PLAN_YEARS:
        raise DomainError(PERIOD_TOO_LONG)


@transaction.atomic
def plan_create(
    *, actor: User, title: str, first_year: int, last_year: int, note: str = ""
) -> ImplementationPlan:
    _check_period(first_year, last_year)
    plan = ImplementationPlan.objects.create(
        title=title, first_year=first_year, last_year=last_year, note=note
    )
    audit_record(
        actor=actor,
        action="plan.create",
        target=plan,
        details={"first_year": first_year, "last_year": last_year},
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: User, plan: ImplementationPlan, title: str, first_year: int, last_year: int, note: str
) -> ImplementationPlan:
    """Refuses a period that would hide milestones or progress already recorded."""
    _check_period(first_year, last_year)
    locked = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    outside = sorted(
        {
            *Milestone.objects.filter(initiative__project__plan=locked)
            .exclude(fiscal_year__range=(first_year, last_year))
            .values_list("fiscal_year", flat=True),
            *Progress.objects.filter(initiative__project__plan=locked)
            .exclude(fiscal_year__range=(first_year, last_year))
            .values_list("fiscal_year", flat=True),
        }
    )
    if outside:
        years = "・".join(fiscal_year_label(year) for year in outside)
        raise DomainError(OUTSIDE_PERIOD.format(years=years))
    changed = sorted(
        name
        for name, value in (
            ("title", title),
            ("first_year", first_year),
            ("last_year", last_year),
            ("note", note),
        )
        if getattr(locked, name) != value
    )
    locked.title, locked.first_year, locked.last_year, locked.note = (
        title,
        first_year,
        last_year,
        note,
    )
    locked.save()
    audit_record(actor=actor, action="plan.update", target=locked, details={"changed": changed})
    return locked


def _order_free(queryset: Any, order: int, own_pk: int | None) -> None:
    if queryset.filter(order=order).exclude(pk=own_pk).exists():
        raise DomainError(ORDER_TAKEN)


@transaction.atomic
def project_save(
    *,
    actor: User,
    plan: ImplementationPlan,
    project: PlanProject | None,
    order: int,
    title: str,
    aim: str,
) -> PlanProject:
    """Creates a project (when `project` is None) or changes it."""
    ImplementationPlan.objects.select_for_update().get(pk=plan.pk)  # one order at a time
    _order_free(plan.projects.all(), order, project.pk if project else None)
    if project is None:
        project = PlanProject(plan=plan)
    project.order, project.title, project.aim = order, title, aim
    project.save()
    audit_record(
        actor=actor,
        action="plan.project_save",
        target=project,
        details={"plan": plan.pk, "order": order},
    )
    return project


@transaction.atomic
def initiative_save(
    *,
    actor: User,
    project: PlanProject,
    initiative: Initiative | None,
    order: int,
    title: str,
    lead_organization: Organization | None,
    lead_text: str,
    milestones: Mapping[int, str],
) -> Initiative:
    """Creates or changes an 取組 with its milestone for every year of the plan (an empty text
    removes that year's milestone)."""
    plan = ImplementationPlan.objects.select_for_update().get(pk=project.plan_id)
    _order_free(project.initiatives.all(), order, initiative.pk if initiative else None)
    if initiative is None:
        initiative = Initiative(project=project)
    initiative.order, initiative.title = order, title
    initiative.lead_organization, initiative.lead_text = lead_organization, lead_text
    initiative.save()
    current = {m.fiscal_year: m for m in initiative.milestones.all()}
    changed_years = []
    for year in plan.years:
        text = milestones.get(year, "").strip()
        milestone = current.get(year)
        if not text:
            if milestone is not None:
                milestone.delete()
                changed_years.append(year)
        elif milestone is None:
            Milestone.objects.create(initiative=initiative, fiscal_year=year, text=text)
            changed_years.append(year)
        elif milestone.text != text:
            milestone.text = text
            milestone.save(update_fields=["text"])
            changed_years.append(year)
    audit_record(
        actor=actor,
        action="plan.initiative_save",
        target=initiative,
        details={"plan": plan.pk, "project": project.pk, "milestone_years": changed_years},
    )
    return initiative


@transaction.atomic
def progress_record(
    *,
    actor: User,
    initiative: Initiative,
    status: str,
    note: str,
    year: int | None = None,
    at: dt.datetime | None = None,
) -> Progress:
    """A new progress record of the 取組 for `year`: by default the fiscal year of the moment
    of recording in Japan time (23:30 on 31 March counts in the year that ends then). The
    records before it stay as its history."""
    at = at or timezone.now()
    year = fiscal_year(timezone.localtime(at).date()) if year is None else year
    plan = initiative.project.plan
    if year not in plan.years:
        raise DomainError(
            YEAR_OUTSIDE_PLAN.format(year=fiscal_year_label(year), period=plan.period_label)
        )
    progress = Progress.objects.create(
        initiative=initiative,
        fiscal_year=year,
        status=status,
        note=note,
        recorded_by=actor,
        recorded_at=at,
    )
    audit_record(
        actor=actor,
        action="plan.progress",
        target=progress,
        details={"plan": plan.pk, "initiative": initiative.pk, "year": year, "status": status},
    )
    return progress
