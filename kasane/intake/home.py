"""Home-page cards of intake: urgent consultations and referrals waiting for 受理 for those who
act on them, and what became of the sheets a sender sent."""

from __future__ import annotations

from dataclasses import dataclass

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.services import audit_standalone
from kasane.core.home import card
from kasane.core.pagination import CappedCount, capped_count
from kasane.intake import selectors as intake


@dataclass(frozen=True)
class IntakeSummary:
    """Urgent consultations nobody has acknowledged, and referrals waiting for 受理 (overdue
    ones first), for those who act on them."""

    urgent: list
    urgent_count: CappedCount
    waiting: list
    waiting_count: CappedCount
    overdue_count: CappedCount


@card("intake", order=40)
def intake_summary(user: User) -> IntakeSummary | None:
    if not access.has_role(user, Role.COORDINATOR, *access.CASE_WORK_ROLES):
        return None
    urgent = intake.urgent_awaiting(user)
    waiting = intake.awaiting_acknowledgement(user)
    counts = intake.unacknowledged_counts(user)
    summary = IntakeSummary(
        urgent=list(urgent[: intake.HOME_LIMIT]),
        urgent_count=capped_count(urgent),
        waiting=list(waiting[: intake.HOME_LIMIT]),
        waiting_count=counts["waiting"],
        overdue_count=counts["overdue"],
    )
    # The home page names people: record what it showed, as the lists do.
    if summary.urgent:
        audit_standalone(
            actor=user,
            action="consultation.list",
            details={"via": "home", "shown": [c.pk for c in summary.urgent]},
            people=[c.person_id for c in summary.urgent],
        )
    if summary.waiting:
        audit_standalone(
            actor=user,
            action="referral.inbox",
            details={"via": "home", "shown": [r.pk for r in summary.waiting]},
            people=[r.person_id for r in summary.waiting],
        )
    return summary


@card("sender", order=50)
def sender_summary(user: User) -> dict[str, object] | None:
    """For those who send つなぐシート: what became of the latest ones."""
    if not access.may_send_sheet(user) or access.has_role(
        user, Role.COORDINATOR, *access.CASE_WORK_ROLES
    ):
        return None
    recent = list(intake.sent_referrals(user)[:5])
    if recent:
        audit_standalone(
            actor=user,
            action="referral.sent_list",
            details={"via": "home", "shown": [r.pk for r in recent]},
            people=[r.person_id for r in recent],
        )
    return {"recent": recent, **intake.sender_counts(user)}
