"""Background jobs of cases (kasane.core.jobs): telling workers of what falls due on their
cases — next actions of the 支援経過 and monitoring dates — once on the day and once after."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from kasane.accounts.models import UserRole
from kasane.accounts.roles import Role
from kasane.cases.models import (
    ENDED_STATUSES,
    CaseNote,
    CaseTeamMember,
    PlanStatus,
    SupportPlan,
    TeamRole,
)
from kasane.core.jobs import job
from kasane.notices import rules as notices
from kasane.organizations.models import Organization

# The days the job looks back: a task whose day passed within this window and that nobody
# was told of yet (a new note dated in the past, a stopped worker) is still told; older ones
# are not. Each run reads one index range of this many days per organisation.
DUE_WINDOW = dt.timedelta(days=7)


def _window(now: dt.datetime) -> tuple[dt.date, dt.date]:
    today = timezone.localdate(now)
    return today - DUE_WINDOW, today


def due_notes(now: dt.datetime) -> list[CaseNote]:
    """Open next actions dated within the window on open cases that are still the note
    organisation's: it is on the case's team, or the note is a coordinator's (coordinators
    work on every case). Reads the partial index `case_note_org_next_action` (organisation,
    date) once per organisation (`= ANY` on its first column, a range on the second), never
    the whole table."""
    since, today = _window(now)
    organizations = list(Organization.objects.values_list("pk", flat=True))
    on_team = CaseTeamMember.objects.filter(
        case_id=OuterRef("case_id"),
        organization_id=OuterRef("organization_id"),
        left_on__isnull=True,
    )
    by_coordinator = UserRole.objects.filter(user_id=OuterRef("author_id"), role=Role.COORDINATOR)
    return list(
        CaseNote.objects.filter(
            organization_id__in=organizations,
            next_action_done=False,
            next_action_on__isnull=False,
            next_action_on__gte=since,
            next_action_on__lte=today,
        )
        .filter(Exists(on_team) | Exists(by_coordinator))
        .exclude(case__status__in=ENDED_STATUSES)
        .select_related("author")
        .order_by("next_action_on", "pk")
    )


def due_plans(now: dt.datetime) -> list[SupportPlan]:
    """Approved plans of open cases whose monitoring date is within the window, with the
    case's current 主担当 (`case.leads`). Reads the partial index `plan_monitoring_due`."""
    since, today = _window(now)
    leads = Prefetch(
        "case__team",
        queryset=CaseTeamMember.objects.filter(role=TeamRole.LEAD, left_on__isnull=True)
        .select_related("worker")
        .order_by("pk"),
        to_attr="leads",
    )
    return list(
        SupportPlan.objects.filter(
            status=PlanStatus.APPROVED, monitoring_on__gte=since, monitoring_on__lte=today
        )
        .exclude(case__status__in=ENDED_STATUSES)
        .select_related("case")
        .prefetch_related(leads)
        .order_by("monitoring_on", "pk")
    )


@job("cases.tasks_due", every=dt.timedelta(minutes=15), label="期日になった対応のお知らせ")
def tasks_due(now: dt.datetime) -> str:
    """Next actions and monitoring dates that fall due today or have passed: each is told
    once on the day and once after it (`notices.rules.note_actions_due`, `monitoring_due`)."""
    today = timezone.localdate(now)
    with transaction.atomic():
        actions = notices.note_actions_due(notes=due_notes(now), today=today)
        monitoring = notices.monitoring_due(plans=due_plans(now), today=today)
    return f"期日のお知らせ：次の対応{actions}件、モニタリング{monitoring}件"
