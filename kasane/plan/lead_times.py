"""Where people wait (lead times, issue 18): for a fiscal year, how long each step of the work
takes — 相談受付 to the case, the case to its first approved plan, that plan to 終結, a
つなぐシート to its 受理, and outreach's first attempt to the first contact.

Each measure is ONE function (`Measure.records`) taking a fiscal year and returning the queryset
of the records it measures, with the step's start (`lt_start`) and end (`lt_end`, empty while
the record still waits) annotated. The page's numbers and the drill-down list both read that one
queryset, with one `values_list` query (`timings`), so they cannot disagree.

- **Which records.** Those whose step STARTED in the fiscal year (a cohort), datetimes cut at
  midnight Japan time: a consultation received at 23:30 on 31 March belongs to the year that
  ends then. A record whose end is recorded is measured; one without an end still waits and is
  counted apart, with its age today. A record that ended another way (a case suspended before
  any plan, a sheet withdrawn before 受理, a target closed without contact) is neither.
- **Durations** are whole days between the Japan-time dates of start and end (the same day is
  0); つなぐシート count 開庁日 (business days after the day sent, `business_days_between`), as the
  inbox's overdue rule does.
- **Statistics** (`summarise`): the median and the quartiles are `statistics.quantiles(n=4,
  method="inclusive")` — linear interpolation between the sorted values, as Excel's
  QUARTILE.INC and PostgreSQL's percentile_cont (one record: all three are its value). "Over the
  limit" is strictly more days than the limit; its share is of the measured records.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import (
    DateField,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import Case, CaseStatus, SupportPlan
from kasane.core.japanese import business_days_between, fiscal_year_range
from kasane.intake.models import (
    CLOSED_REFERRAL_STATUSES,
    Consultation,
    Outcome,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from kasane.outreach.models import CONTACT_RESULTS, ContactAttempt, OutreachTarget, Stage

_CASE = "包括的相談支援"
_COORDINATION = "多機関協働"
_OUTREACH = "アウトリーチ等を通じた継続的支援"
PROGRAMS = (_CASE, _COORDINATION, _OUTREACH)


@dataclass(frozen=True)
class Row:
    """What a line of the drill-down list says about its record, and where it opens."""

    text: str
    url: str


@dataclass(frozen=True)
class Measure:
    code: str
    program: str
    label: str
    start_label: str
    end_label: str
    definition: str
    default_limit: int
    records: Callable[[int], QuerySet[Any]]
    readable: Callable[[User], QuerySet[Any]]
    row: Callable[[Any], Row]
    person: Callable[[Any], int | None]
    business_days: bool = False

    @property
    def unit(self) -> str:
        return "開庁日" if self.business_days else "日"

    def days(self, start: dt.date, end: dt.date) -> int:
        if self.business_days:
            return business_days_between(start, end)
        return (end - start).days


@dataclass(frozen=True)
class Timing:
    """One record's step: the Japan-time dates it started and ended (None: still waiting) and
    its length in the measure's unit (for a waiting record, its age today)."""

    pk: int
    start: dt.date
    end: dt.date | None
    days: int

    @property
    def waiting(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class Summary:
    count: int
    q1: float | None
    median: float | None
    q3: float | None
    over: int
    waiting: int
    waiting_over: int
    waiting_oldest: int | None
    waiting_median: float | None

    @property
    def over_percent(self) -> float | None:
        return round(100 * self.over / self.count, 1) if self.count else None


def span_moments(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the fiscal year and of the next, Japan time."""
    first, last = fiscal_year_range(year)
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)),
    )


# --- The measures: one function each, a fiscal year → the records with start and end ---


def consultation_to_case(year: int) -> QuerySet[Consultation]:
    """Consultations received in the year that led to a case — opened from the consultation
    itself or from a つなぎ sent from it (as the case's intake reads it) — or that were passed to
    多機関協働 and wait for one (unless that つなぎ was closed without a case).

    The WHERE reads semi-joins and the first case's date is a GROUP BY over the consultations
    kept (no subquery per row), so a year of 150,000 consultations reads only those with a
    case or waiting for one."""
    start, end = span_moments(year)
    with_case = Case.objects.filter(consultation__isnull=False).values("consultation_id")
    via_case = Case.objects.filter(referral__source_consultation__isnull=False).values(
        "referral__source_consultation_id"
    )
    closed_referral = Referral.objects.filter(
        source_consultation=OuterRef("pk"), status__in=CLOSED_REFERRAL_STATUSES
    )
    waits = Q(outcome=Outcome.TO_COORDINATION) & ~Exists(closed_referral)
    direct, via = Min("cases__opened_on"), Min("referrals_sent__cases__opened_on")
    return (
        Consultation.objects.filter(received_at__gte=start, received_at__lt=end)
        .filter(Q(pk__in=with_case) | Q(pk__in=via_case) | waits)
        .annotate(
            lt_start=F("received_at"),
            lt_end=Least(Coalesce(direct, via), Coalesce(via, direct), output_field=DateField()),
        )
    )


def case_to_plan(year: int) -> QuerySet[Case]:
    """Cases opened in the year (対象外 not counted), from the day opened to the first approved
    plan; a case that ended before any plan is not counted."""
    first, last = fiscal_year_range(year)
    return (
        Case.objects.filter(opened_on__range=(first, last))
        .exclude(status=CaseStatus.NOT_ELIGIBLE)
        .filter(
            Exists(SupportPlan.objects.filter(case=OuterRef("pk"), approved_on__isnull=False))
            | ~Q(status__in=[CaseStatus.CLOSED, CaseStatus.SUSPENDED])
        )
        .annotate(lt_start=F("opened_on"), lt_end=Min("plans__approved_on"))
    )


def plan_to_closing(year: int) -> QuerySet[Case]:
    """Cases whose first plan was approved in the year, from that day to 終結 (the day the case
    ended as 終結); a case suspended (中断) is not counted."""
    first, last = fiscal_year_range(year)
    in_year = (
        SupportPlan.objects.filter(approved_on__isnull=False)
        .values("case_id")
        .annotate(first=Min("approved_on"))
        .filter(first__range=(first, last))
        .values("case_id")
    )
    return (
        Case.objects.filter(pk__in=in_year)
        .exclude(status__in=[CaseStatus.SUSPENDED, CaseStatus.NOT_ELIGIBLE])
        .annotate(
            lt_start=Min("plans__approved_on"),
            lt_end=models.Case(
                When(status=CaseStatus.CLOSED, then=F("ended_on")), output_field=DateField()
            ),
        )
    )


def sheet_to_acknowledgement(year: int) -> QuerySet[Referral]:
    """つなぐシート sent in the year, from sending to 受理; one withdrawn or returned without
    受理 is not counted."""
    start, end = span_moments(year)
    return (
        Referral.objects.filter(kind=ReferralKind.SHEET, sent_at__gte=start, sent_at__lt=end)
        .filter(Q(acknowledged_at__isnull=False) | Q(status=ReferralStatus.SENT))
        .annotate(lt_start=F("sent_at"), lt_end=F("acknowledged_at"))
    )


def outreach_to_contact(year: int) -> QuerySet[OutreachTarget]:
    """Outreach targets whose first contact attempt was in the year, from it to the first
    attempt whose result is a contact (会えた, 話せた, 相談につながった); a target closed without a
    contact is not counted."""
    start, end = span_moments(year)
    contact = Q(attempts__result__in=[str(result) for result in CONTACT_RESULTS])
    # Only targets with an attempt in the year can have their first one in it.
    tried = ContactAttempt.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    return (
        OutreachTarget.objects.filter(pk__in=tried.values("target_id"))
        .annotate(
            lt_start=Min("attempts__occurred_at", output_field=DateTimeField()),
            lt_end=Min("attempts__occurred_at", filter=contact, output_field=DateTimeField()),
        )
        .filter(lt_start__gte=start, lt_start__lt=end)
        .filter(Q(lt_end__isnull=False) | ~Q(stage=Stage.CLOSED))
    )


# --- Rows of the drill-down list ---


def _consultation_row(record: Consultation) -> Row:
    who = str(record.person) if record.person_id else "（本人未特定）"
    return Row(
        f"{who}（{record.organization.name}・{record.get_outcome_display()}）",
        reverse("consultations:detail", args=[record.pk]),
    )


def _case_row(record: Case) -> Row:
    return Row(
        f"{record}（{record.get_status_display()}）", reverse("cases:detail", args=[record.pk])
    )


def _sheet_row(record: Referral) -> Row:
    return Row(
        f"{record.sender_organization.name} → {record.receiver_organization.name}"
        f"（{record.status_label}）",
        reverse("referrals:detail", args=[record.pk]),
    )


def _target_row(record: OutreachTarget) -> Row:
    return Row(
        f"{record.name_label}（{record.get_stage_display()}）",
        reverse("outreach:detail", args=[record.pk]),
    )


MEASURES: tuple[Measure, ...] = (
    Measure(
        "consultation_case",
        _CASE,
        "相談受付からケースの開始まで",
        "相談受付日",
        "ケースの受付日",
        "年度内に受け付けた相談のうち、その相談（またはそこから送ったつなぎ）からケースを開いたもの。"
        "「多機関協働へつなぐ」としてまだケースのない相談は「待っている」に数えます"
        "（つなぎが完了・差戻し・取り下げになったものを除く）。",
        14,
        consultation_to_case,
        access.consultations_for_user,
        _consultation_row,
        lambda record: record.person_id,
    ),
    Measure(
        "sheet_ack",
        _CASE,
        "つなぐシートの送付から受理まで",
        "送付日",
        "受理日",
        "年度内に送付されたつなぐシート。日数は送付日の翌日から数えた開庁日"
        "（土日祝日と12月29日〜1月3日を除く）。受理前に取り下げ・差戻しになったものは数えません。",
        settings.KASANE_ACK_BUSINESS_DAYS,
        sheet_to_acknowledgement,
        access.referrals_received_for_user,
        _sheet_row,
        lambda record: record.person_id,
        business_days=True,
    ),
    Measure(
        "case_plan",
        _COORDINATION,
        "ケースの開始から最初の支援プランの承認まで",
        "ケースの受付日",
        "最初のプランの承認日",
        "年度内に受け付けたケース（対象外を除く）。プランの承認前に終結・中断したケースは数えません。",
        30,
        case_to_plan,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Measure(
        "plan_closing",
        _COORDINATION,
        "最初の支援プランの承認から終結まで",
        "最初のプランの承認日",
        "終結日",
        "最初の支援プランの承認日が年度内のケース。中断したケースは数えません。",
        180,
        plan_to_closing,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Measure(
        "outreach_contact",
        _OUTREACH,
        "最初の接触の試みから最初に会えるまで",
        "最初の接触の試み",
        "最初に会えた日",
        "最初の接触の記録が年度内のアウトリーチ対象。「会えた」「話せた」「相談につながった」を"
        "会えたとします。会えないまま終了した対象は数えません。",
        30,
        outreach_to_contact,
        access.outreach_targets_for_user,
        _target_row,
        lambda record: record.person_id,
    ),
)

BY_CODE: dict[str, Measure] = {measure.code: measure for measure in MEASURES}


# --- Reading and summarising ---


def _day(value: dt.date | dt.datetime) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def timings(measure: Measure, year: int, today: dt.date | None = None) -> list[Timing]:
    """Every record the measure reads for the year, in one query: its start, its end and how
    long it took (or has waited until today)."""
    today = today or timezone.localdate()
    found = []
    for pk, start, end in measure.records(year).values_list("pk", "lt_start", "lt_end"):
        first = _day(start)
        last = _day(end) if end is not None else None
        found.append(Timing(pk, first, last, measure.days(first, last or today)))
    return found


def quartiles(values: list[int]) -> tuple[float, float, float] | None:
    """The 25th, 50th and 75th percentiles (inclusive method, see the module's docstring)."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0]), float(values[0]), float(values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def summarise(found: list[Timing], limit: int) -> Summary:
    done = [timing.days for timing in found if not timing.waiting]
    waiting = [timing.days for timing in found if timing.waiting]
    q = quartiles(done)
    return Summary(
        count=len(done),
        q1=q[0] if q else None,
        median=q[1] if q else None,
        q3=q[2] if q else None,
        over=sum(days > limit for days in done),
        waiting=len(waiting),
        waiting_over=sum(days > limit for days in waiting),
        waiting_oldest=max(waiting) if waiting else None,
        waiting_median=statistics.median(waiting) if waiting else None,
    )


def listed(found: list[Timing], limit: int, *, over: bool, waiting: bool) -> list[Timing]:
    """The drill-down's order: the longest first (so those over the limit come first); only
    those over the limit with `over`, the waiting records (oldest first) with `waiting`."""
    chosen = [timing for timing in found if timing.waiting == waiting]
    if over:
        chosen = [timing for timing in chosen if timing.days > limit]
    return sorted(chosen, key=lambda timing: (-timing.days, timing.pk))


# --- The chart: one box per measure, drawn on the server ---

CHART_WIDTH = 360
CHART_LEFT = 10
CHART_RIGHT = 330


@dataclass(frozen=True)
class Box:
    """x positions of the quartile box, the median and the limit, on a scale from 0 to `top`."""

    top: int
    q1: float
    median: float
    q3: float
    limit: float

    @property
    def width(self) -> float:
        return round(self.q3 - self.q1, 1)


def box(summary: Summary, limit: int) -> Box | None:
    if summary.q1 is None or summary.median is None or summary.q3 is None:
        return None
    top = max(int(summary.q3 * 1.25) + 1, int(limit * 1.25) + 1, 1)

    def x(value: float) -> float:
        return round(CHART_LEFT + (CHART_RIGHT - CHART_LEFT) * min(value, top) / top, 1)

    return Box(top, x(summary.q1), x(summary.median), x(summary.q3), x(limit))


@dataclass(frozen=True)
class Line:
    """One measure on the year's page: its limit, its numbers and its box."""

    measure: Measure
    limit: int
    summary: Summary
    box: Box | None


def overview(year: int, limits: dict[str, int]) -> list[Line]:
    """Every measure of the year, one query each."""
    lines = []
    for measure in MEASURES:
        limit = limits.get(measure.code, measure.default_limit)
        summary = summarise(timings(measure, year), limit)
        lines.append(Line(measure, limit, summary, box(summary, limit)))
    return lines
