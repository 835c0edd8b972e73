"""Reading the watch list: the list with its filters (overdue first, then by the next contact
date), a target's page and the home page's card. Records come from `kasane.access`; these only
narrow and order them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.outreach.models import (
    OPEN_STAGES,
    ContactAttempt,
    OutreachAssignment,
    OutreachReview,
    OutreachTarget,
    Safety,
    stale_cutoff,
)

# The list's order, which its keyset pages follow: the next contact date (so the overdue come
# first, and targets without a date last), then the number.
LIST_ORDER = ("next_contact_on", "pk")
HOME_LIMIT = 10
# How many attempts in a row without 安否 raise the coordinators' alert (`jobs.visits_due`).
UNCONFIRMED_RUN = 3


def current_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=OutreachAssignment.objects.filter(left_on__isnull=True)
        .select_related("organization", "worker")
        .order_by("pk"),
        to_attr="current",
    )


def _mine(user: User, targets: QuerySet[OutreachTarget]) -> QuerySet[OutreachTarget]:
    """The user's organisation's targets. Case-work staff see only those already (the access
    rule is one `IN` on the assignments' partial index; a second one made PostgreSQL join them
    row by row); those who oversee every organisation narrow to their own."""
    if not access.oversees(user):
        return targets
    return targets.filter(
        pk__in=OutreachAssignment.objects.filter(
            organization_id=user.organization_id, left_on__isnull=True
        ).values("target_id")
    )


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def review_due(today: dt.date) -> Q:
    """Due for review: the review date falls this month or has passed, or the target is open
    and its stage has not moved for `models.STALE_MONTHS` (「段階が6か月動いていません」)."""
    return Q(review_on__lte=month_end(today)) | Q(
        stage__in=OPEN_STAGES, stage_changed_on__lte=stale_cutoff(today)
    )


def target_list(user: User, filters: dict[str, Any]) -> QuerySet[OutreachTarget]:
    """The targets the user may see, narrowed by the filters (`stage`, `due`, `worker`,
    `area`, `scope`: 'mine' is the user's organisation's)."""
    targets = access.outreach_targets_for_user(user).prefetch_related(current_assignments())
    if filters.get("scope", "mine") == "mine":
        targets = _mine(user, targets)
    stage = filters.get("stage") or "open"
    if stage == "open":
        targets = targets.filter(stage__in=OPEN_STAGES)
    elif stage != "all":
        targets = targets.filter(stage=stage)
    today = timezone.localdate()
    due = filters.get("due")
    if due == "overdue":
        targets = targets.filter(next_contact_on__lt=today)
    elif due == "today":
        targets = targets.filter(next_contact_on__lte=today)
    elif due == "week":
        targets = targets.filter(
            next_contact_on__lte=today + dt.timedelta(days=6 - today.weekday())
        )
    elif due == "review":
        targets = targets.filter(review_due(today))
    if (worker := filters.get("worker")) is not None:
        targets = targets.filter(
            Exists(
                OutreachAssignment.objects.filter(
                    target_id=OuterRef("pk"), worker=worker, left_on__isnull=True
                )
            )
        )
    if (area := filters.get("area")) is not None:
        targets = targets.filter(area__code__startswith=area.code)
    return targets


def attempts_of(target: OutreachTarget) -> QuerySet[ContactAttempt]:
    return target.attempts.select_related("recorded_by", "organization")


def reviews_of(target: OutreachTarget) -> list[OutreachReview]:
    """The target's reviews, newest first (a few a year: the page shows them all)."""
    return list(
        target.reviews.select_related("recorded_by", "organization").order_by("-reviewed_on", "-pk")
    )


def quiet_condition(today: dt.date) -> Q:
    """Open targets nobody has met for `KASANE_OUTREACH_ALERT_DAYS` days (counted from
    registration when nobody ever did): the coordinators' alert."""
    cutoff = today - dt.timedelta(days=settings.KASANE_OUTREACH_ALERT_DAYS)
    return Q(last_contact_on__lt=cutoff) | Q(last_contact_on__isnull=True, registered_on__lt=cutoff)


def last_safety() -> dict[str, Subquery]:
    """The 安否 of each of a target's last `UNCONFIRMED_RUN` attempts, as annotations (all
    「確認できない」 is the coordinators' other alert)."""
    latest = ContactAttempt.objects.filter(target_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    return {
        f"safety_{n}": Subquery(latest.values("safety")[n : n + 1]) for n in range(UNCONFIRMED_RUN)
    }


UNCONFIRMED = Q(**{f"safety_{n}": Safety.NOT_CONFIRMED for n in range(UNCONFIRMED_RUN)})


@dataclass(frozen=True)
class HomeTargets:
    """The user's targets whose next contact is today or past, and those due for review this
    month (open targets of the user's organisation, or assigned to the user); for a
    coordinator also `watch`: other organisations' targets whose date has passed and that are
    not identified or raise an alert."""

    due: list[OutreachTarget]
    review: list[OutreachTarget]
    watch: list[OutreachTarget]


def home_targets(user: User) -> HomeTargets | None:
    if not access.may_register_target(user):
        return None
    today = timezone.localdate()
    mine = _mine(user, access.outreach_targets_for_user(user)).filter(stage__in=OPEN_STAGES)
    due = list(mine.filter(next_contact_on__lte=today).order_by(*LIST_ORDER)[:HOME_LIMIT])
    review = list(mine.filter(review_due(today)).order_by("review_on", "pk")[:HOME_LIMIT])
    watch = _watch(user, today) if access.has_role(user, Role.COORDINATOR) else []
    return HomeTargets(due=due, review=review, watch=watch)


def _watch(user: User, today: dt.date) -> list[OutreachTarget]:
    """Every organisation's open targets past their next contact date (the coordinator's own
    organisation's are in `due`) that nobody has identified or that raise an alert: the
    first `HOME_LIMIT` by date, with their organisations."""
    overdue = (
        access.outreach_targets_for_user(user)
        .filter(stage__in=OPEN_STAGES, next_contact_on__lt=today)
        .exclude(
            pk__in=OutreachAssignment.objects.filter(
                organization_id=user.organization_id, left_on__isnull=True
            ).values("target_id")
        )
        .annotate(**last_safety())
        .filter(Q(person__isnull=True) | quiet_condition(today) | UNCONFIRMED)
    )
    return list(overdue.prefetch_related(current_assignments()).order_by(*LIST_ORDER)[:HOME_LIMIT])
