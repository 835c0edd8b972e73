"""What the home page (今日やること) shows each role. Later programs add their own tasks here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.audit.selectors import audit_events_filtered
from kasane.audit.services import audit_record
from kasane.cases import selectors as cases
from kasane.intake import selectors as intake
from kasane.organizations.models import Area, Organization


@dataclass(frozen=True)
class SignInSummary:
    previous_login: dt.datetime | None
    failures_since: int


def sign_in_summary(user: User) -> SignInSummary:
    """The login before this one, and failed attempts on this username since then, so that a
    user notices someone else trying their account."""
    logins = list(
        AuditEvent.objects.filter(actor=user, action="auth.login")
        .order_by("-at")
        .values_list("at", flat=True)[:2]
    )
    previous = logins[1] if len(logins) > 1 else None
    failures = AuditEvent.objects.filter(action="auth.login_failed", actor_username=user.username)
    if previous:
        failures = failures.filter(at__gte=previous)
    return SignInSummary(previous_login=previous, failures_since=failures.count())


def admin_summary(user: User) -> dict[str, int] | None:
    if not access.has_role(user, Role.ADMIN):
        return None
    return {
        "organizations": Organization.objects.active().count(),
        "areas": Area.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
    }


def auditor_summary(user: User) -> dict[str, object] | None:
    if not access.has_role(user, Role.AUDITOR):
        return None
    today = timezone.localdate()
    events = audit_events_filtered(access.audit_events_for_user(user), {"date_from": today})
    return {
        "today": today,
        "failed_logins": events.filter(action="auth.login_failed").count(),
        "lockouts": events.filter(action="auth.locked_out").count(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }


@dataclass(frozen=True)
class IntakeSummary:
    """Urgent consultations nobody has acknowledged, and referrals waiting for 受理 (overdue
    ones first), for those who act on them."""

    urgent: list
    urgent_count: int
    waiting: list
    waiting_count: int
    overdue_count: int


def intake_summary(user: User) -> IntakeSummary | None:
    if not access.does_case_work(user):
        return None
    urgent = intake.urgent_awaiting(user)
    waiting = intake.awaiting_acknowledgement(user)
    counts = intake.unacknowledged_counts(user)
    summary = IntakeSummary(
        urgent=list(urgent[: intake.HOME_LIMIT]),
        urgent_count=urgent.count(),
        waiting=list(waiting[: intake.HOME_LIMIT]),
        waiting_count=counts["waiting"],
        overdue_count=counts["overdue"],
    )
    # The home page names people: record what it showed, as the lists do.
    if summary.urgent:
        audit_record(
            actor=user,
            action="consultation.list",
            details={"via": "home", "shown": [c.pk for c in summary.urgent]},
        )
    if summary.waiting:
        audit_record(
            actor=user,
            action="referral.inbox",
            details={"via": "home", "shown": [r.pk for r in summary.waiting]},
        )
    return summary


def sender_summary(user: User) -> dict[str, object] | None:
    """For those who send つなぐシート: what became of the latest ones."""
    if not access.may_send_sheet(user) or access.does_case_work(user):
        return None
    recent = list(intake.sent_referrals(user)[:5])
    if recent:
        audit_record(
            actor=user,
            action="referral.sent_list",
            details={"via": "home", "shown": [r.pk for r in recent]},
        )
    return {"recent": recent, **intake.sender_counts(user)}


def case_tasks(user: User) -> cases.MyTasks | None:
    """My tasks on cases: monitoring due, next actions due and quiet cases, for those who work
    on cases. Rows past their date get `is_overdue`; quiet cases get `quiet_for` (days since
    the last recorded contact, or since 受付 when there is none)."""
    tasks = cases.my_tasks(user)
    if tasks is None:
        return None
    today = timezone.localdate()
    for plan in tasks.monitoring:
        plan.is_overdue = plan.monitoring_on < today
    for note in tasks.actions:
        note.is_overdue = note.next_action_on < today
    for case in tasks.quiet:
        case.quiet_for = (today - case.quiet_since).days
    shown = {
        *(plan.case_id for plan in tasks.monitoring),
        *(note.case_id for note in tasks.actions),
        *(case.pk for case in tasks.quiet),
    }
    # The home page names households and people: record what it showed, as the list does.
    if shown:
        audit_record(
            actor=user, action="case.list", details={"via": "home", "shown": sorted(shown)}
        )
    return tasks


def my_meetings(user: User) -> list | None:
    """The meetings the user takes part in from today on: date, place and the number of
    agenda items only (a guest sees no more before a meeting starts)."""
    if not access.has_role(user, *access.MEETING_ROLES):
        return None
    from kasane.meetings.selectors import upcoming_for

    return upcoming_for(user, access.meetings_for_user(user))
