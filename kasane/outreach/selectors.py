"""Reading the watch list: the list with its filters, in next-date order (overdue first) or by
町丁目; the rows of the 訪問予定表 and the Excel export; a target's page and the home page's
card. Records come from `kasane.access`; these only narrow, order and annotate them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case as Choose
from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.core.pagination import CappedCount, capped_count
from kasane.outreach.models import (
    OPEN_STAGES,
    ContactAttempt,
    OutreachAssignment,
    OutreachReview,
    OutreachTarget,
    Safety,
    stale_cutoff,
)
from kasane.people.contact import MASK, case_contact, home_masked, home_masked_sql
from kasane.people.models import Household, HouseholdMember

# The list's orders, which its keyset pages follow. 次回予定日順: the next contact date (so
# the overdue come first, and targets without a date last), then the number. 町丁目順: the
# 地域コード of the target's 町丁目 (`home_area`; codes follow the city's order), then the same.
LIST_ORDERS: dict[str, tuple[str, ...]] = {
    "next": ("next_contact_on", "pk"),
    "area": ("area_code", "next_contact_on", "pk"),
}
LIST_ORDER = LIST_ORDERS["next"]
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


def home_of(person: str = "person") -> QuerySet[HouseholdMember]:
    """The household the person lives in now (the first they joined, when several), as an
    `OuterRef` subquery on `person`."""
    return HouseholdMember.objects.filter(
        person_id=OuterRef(f"{person}_id"), left_on__isnull=True, lives_together=True
    ).order_by("pk")


def home_area(user: User, fields: tuple[str, ...] = ("code", "name")) -> dict[str, Any]:
    """Each target's 町丁目, as annotations `area_code` and `area_name` (on a `target_list`):
    the target's own area when one was recorded; else, for a person, the 町丁目 of the household
    they live in (the address one visits), else the person's own. Left empty where the address
    would not be shown: a home under 閲覧制限 (`home_restricted`), or a person whose record is
    not shared with the user — so neither the column nor the order tells where they live."""
    hidden: Any = Q(home_restricted=True)
    if access.person_scope(user) is not None:
        # One uncorrelated subquery (hashed once), not a test per row.
        hidden |= ~Q(person_id__in=access.people_for_user(user).values("pk"))

    def town(field: str) -> Choose:
        return Choose(
            # A restricted home hides the target's own 町丁目 too: it tells where they live.
            When(Q(person__isnull=False) & hidden, then=Value(None)),
            When(area__isnull=False, then=F(f"area__{field}")),
            default=Coalesce(
                Subquery(home_of().values(f"household__area__{field}")[:1]),
                F(f"person__area__{field}"),
            ),
            output_field=CharField(),
        )

    return {f"area_{field}": town(field) for field in fields}


def ordering(sort: str) -> list[OrderBy]:
    """The list's order as the keyset pages read it (NULLs last), for the print and export."""
    return [F(name).asc(nulls_last=True) for name in LIST_ORDERS[sort]]


def target_list(user: User, filters: dict[str, Any]) -> QuerySet[OutreachTarget]:
    """The targets the user may see, narrowed by the filters (`stage`, `due`, `worker`,
    `area`, `scope`: 'mine' is the user's organisation's), each marked whether its home is
    under 閲覧制限 (`home_restricted`). The list page adds the 町丁目 (`home_area`)."""
    targets: QuerySet[OutreachTarget] = (
        access.outreach_targets_for_user(user)
        .prefetch_related(current_assignments())
        .annotate(home_restricted=home_masked_sql("person"))
    )
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


def list_order(filters: dict[str, Any]) -> tuple[str, ...]:
    return LIST_ORDERS[filters.get("sort") or "next"]


# --- The 訪問予定表 and the export -------------------------------------------------------------

# What the address column says of a person whose record is not shared with the user.
NOT_SHARED = "（本人の記録が共有されていません）"


@dataclass(frozen=True)
class RoundRow:
    """One line of the 訪問予定表 (and of the export): the target, its 町丁目 and address as
    the user may see them, who it is, and the last attempt."""

    number: int
    target: OutreachTarget
    town: str
    address: str
    who: str
    last_attempt: ContactAttempt | None


@dataclass(frozen=True)
class RoundSheet:
    rows: list[RoundRow]
    total: CappedCount  # what the filters matched (counted up to `COUNT_CAP`)

    @property
    def is_cut(self) -> bool:
        return self.total.is_capped or self.total.value > len(self.rows)

    @property
    def people(self) -> list[int]:
        return [row.target.person_id for row in self.rows if row.target.person_id]

    def for_audit(self) -> dict[str, Any]:
        return {"rows": len(self.rows), "total": self.total.label}


def round_sheet(
    user: User, targets: QuerySet[OutreachTarget], *, sort: str, limit: int
) -> RoundSheet:
    """The first `limit` targets of the filtered list (`target_list`) in the list's order, in
    a fixed number of queries. Addresses are those of the household the person lives in
    (else the person's own), through the one masking rule (`case_contact`): a home under
    閲覧制限 is always masked — a printout or export never unmasks — and a person whose record
    is not shared with the user gets no address (`access.people_shown_to`)."""
    latest = ContactAttempt.objects.filter(target_id=OuterRef("pk")).order_by("-occurred_at", "-pk")
    if sort == "area":
        targets = targets.annotate(**home_area(user, ("code",)))
    found = list(
        targets.select_related("person__area")
        .annotate(
            home_id=Subquery(home_of().values("household_id")[:1]),
            last_attempt_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by(*ordering(sort))[:limit]
    )
    attempts = ContactAttempt.objects.in_bulk(
        [pk for target in found if (pk := getattr(target, "last_attempt_id", None))]
    )
    homes = access.households_for_user(user).in_bulk(
        [pk for target in found if (pk := getattr(target, "home_id", None))]
    )
    shown = access.people_shown_to(user, [target.person_id for target in found])
    rows = []
    for number, target in enumerate(found, start=1):
        home = homes.get(getattr(target, "home_id", None) or 0)
        rows.append(
            RoundRow(
                number=number,
                target=target,
                town=_contact(target, home, shown, "area"),
                address=_contact(target, home, shown, "full_address"),
                who=target.person.full_name if target.person else f"氏名不明：{target.description}",
                last_attempt=attempts.get(getattr(target, "last_attempt_id", None) or 0),
            )
        )
    return RoundSheet(rows=rows, total=capped_count(targets))


def _contact(target: OutreachTarget, home: Household | None, shown: set[int], name: str) -> str:
    """The 町丁目 (`area`) or the address of the target's home as printed: the target's own
    area first (the unidentified have nothing else), masked with a restricted home."""
    if target.person is None:
        return target.area.name if name == "area" and target.area is not None else ""
    if target.person_id not in shown:
        return "" if name == "area" else NOT_SHARED
    masked = getattr(target, "home_restricted", True)  # fail closed
    if name == "area" and target.area is not None:
        return MASK if masked else target.area.name
    return str(case_contact(target.person, home, name, masked=masked) or "")


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


def area_label(target: OutreachTarget) -> str:
    """The target's recorded 地域 as its page shows it: masked when the person's home is under
    閲覧制限 (`people.contact.home_masked`), as a case page masks the address."""
    if target.area is None:
        return ""
    if target.person is not None and home_masked(target.person):
        return MASK
    return target.area.name
