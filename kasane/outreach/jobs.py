"""Background jobs of outreach (kasane.core.jobs): the dates the system carries instead of the
worker's memory. A visit whose date has passed is told to the assigned workers once per date;
a target nobody has met for `KASANE_OUTREACH_ALERT_DAYS` days, or whose 安否 was not confirmed
on its last three attempts, is told to the coordinators once per episode."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kasane.core.jobs import job
from kasane.notices import rules as notices
from kasane.outreach.models import (
    OPEN_STAGES,
    ContactAttempt,
    OutreachTarget,
    Safety,
)
from kasane.outreach.selectors import (
    UNCONFIRMED,
    current_assignments,
    last_safety,
    quiet_condition,
)

# A date passed longer ago than this was told of before (or the job was stopped): it is not
# told again. Each run reads one range of the partial index `outreach_open_next`.
OVERDUE_WINDOW = dt.timedelta(days=30)


def overdue_targets(now: dt.datetime) -> list[OutreachTarget]:
    today = timezone.localdate(now)
    return list(
        OutreachTarget.objects.filter(
            stage__in=OPEN_STAGES,
            next_contact_on__lt=today,
            next_contact_on__gte=today - OVERDUE_WINDOW,
        )
        .prefetch_related(current_assignments())
        .order_by("next_contact_on", "pk")
    )


def quiet_targets(now: dt.datetime) -> list[OutreachTarget]:
    """Open targets with no successful contact for the configured days (counted from
    registration when there was none)."""
    today = timezone.localdate(now)
    return list(
        OutreachTarget.objects.filter(stage__in=OPEN_STAGES)
        .filter(quiet_condition(today))
        .order_by("pk")
    )


def unconfirmed_targets() -> list[tuple[OutreachTarget, int]]:
    """Open targets whose last three attempts did not confirm 安否, with the last attempt
    that did (0 when none did): the episode's key. One query: the safety of each of the last
    three attempts is a subquery."""
    latest = ContactAttempt.objects.filter(target_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    targets = (
        OutreachTarget.objects.filter(stage__in=OPEN_STAGES)
        .annotate(
            **last_safety(),
            since=Subquery(latest.filter(safety=Safety.CONFIRMED).values("pk")[:1]),
        )
        .filter(UNCONFIRMED)
        .order_by("pk")
    )
    return [(target, target.since or 0) for target in targets]


@job(
    "outreach.visits_due",
    every=dt.timedelta(minutes=15),
    label="アウトリーチの訪問予定日と見守りの警告",
)
def visits_due(now: dt.datetime) -> str:
    """Visits whose date has passed (to the assigned workers) and the coordinators' alerts."""
    today = timezone.localdate(now)
    with transaction.atomic():
        overdue = notices.outreach_visit_overdue(targets=overdue_targets(now), today=today)
        alerts = notices.outreach_alert(quiet=quiet_targets(now), unconfirmed=unconfirmed_targets())
    return f"アウトリーチのお知らせ：訪問予定日超過{overdue}件、警告{alerts}件"
