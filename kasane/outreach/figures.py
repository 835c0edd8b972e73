"""アウトリーチの実績: a fiscal year's figures, computed by the database from the records
(aggregate queries, never a Python loop over rows), so that the plan and indicators can reuse
them (issue 15 "Figures").

Definitions (the page says them too):
- **Targets of the year** (`on_list`): registered on or before the year's last day and not
  closed before its first day. **New**: registered in the year.
- **Stage at the year's end**, derived from the records, since a target keeps no stage history:
  終了 if closed by the year's end; else 相談・支援につながった if a case was opened from it or
  an attempt's result was 相談につながった by then; else the furthest stage the results of its
  attempts reached by then (話せた, 会えた), 接触を試みている after any attempt, 把握 otherwise.
  A worker's correction and 関係ができた (which no result sets) show only in the **now**
  column, the targets' current stage.
- **First contact**: the first attempt whose result is 会えた, 話せた or 相談につながった.
  **Connection**: the earlier of the first 相談につながった attempt and the day a case was
  opened from the target. **Reached 会えた or beyond** in the year: the earlier of the two
  falls in the year. Times are days (dates in Asia/Tokyo) from the first attempt, for the
  targets whose first contact (connection) falls in the year; a connection recorded before
  any attempt has no time and is left out of the durations.
- **Quartiles** are the linear interpolation between the two nearest ranks (Hyndman & Fan
  type 7, as PostgreSQL's `percentile_cont`, numpy's default and Excel's PERCENTILE.INC):
  with the n values sorted, the p-quantile is at position h = (n − 1)·p, between the values at
  floor(h) and floor(h) + 1. The database numbers the rows (`ROW_NUMBER`) and returns only those
  at the six positions needed, on SQLite and PostgreSQL alike.

No small-count suppression: the page is internal, for coordinators and admins, who may read
every target anyway. Figures published outside must suppress small counts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from kasane.core.japanese import fiscal_year_range
from kasane.outreach.models import (
    CONTACT_RESULTS,
    STAGE_PATH,
    ContactAttempt,
    Method,
    OutreachTarget,
    Result,
    Source,
    Stage,
)

QUARTILES = (0.25, 0.5, 0.75)


class DaysBetween(Func):
    """Whole days from the second date to the first (`later - earlier`), as an integer on both
    databases: PostgreSQL subtracts dates to an integer, SQLite through julianday."""

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _earlier(a: Any, b: Any) -> Least:
    """The earlier of two dates, either of which may be missing (LEAST is NULL on SQLite when
    one is)."""
    return Least(Coalesce(a, b), Coalesce(b, a))


@dataclass(frozen=True)
class Durations:
    """Days from the first attempt: how many targets, and the quartiles (None when none)."""

    count: int
    q1: float | None
    median: float | None
    q3: float | None


@dataclass(frozen=True)
class SourceRow:
    label: str
    on_list: int
    new: int


@dataclass(frozen=True)
class StageRow:
    label: str
    at_year_end: int
    now: int


@dataclass(frozen=True)
class AttemptTable:
    """Attempts in the year by method (rows) and result (columns), with the totals."""

    results: list[str]
    rows: list[tuple[str, list[int], int]]
    result_totals: list[int]
    total: int


@dataclass(frozen=True)
class OutreachFigures:
    fiscal_year: int
    start: dt.date
    end: dt.date
    on_list: int
    new: int
    by_source: list[SourceRow]
    by_stage: list[StageRow]
    attempts: AttemptTable
    reached_contact: int
    reached_connection: int
    to_contact: Durations
    to_connection: Durations


def _moment(day: dt.date) -> dt.datetime:
    """The first moment of a day in Asia/Tokyo."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def targets_of_year(start: dt.date, end: dt.date) -> QuerySet[OutreachTarget]:
    """Targets on the watch list at some time in the year."""
    return OutreachTarget.objects.filter(registered_on__lte=end).exclude(closed_on__lt=start)


def _attempts(**conditions: Any) -> QuerySet[ContactAttempt]:
    return ContactAttempt.objects.filter(target_id=OuterRef("pk"), **conditions).order_by(
        "occurred_at", "pk"
    )


def _first_on(**conditions: Any) -> TruncDate:
    """The date (Asia/Tokyo) of a target's first attempt meeting the conditions."""
    first = Subquery(
        _attempts(**conditions).values("occurred_at")[:1], output_field=DateTimeField()
    )
    return TruncDate(first)


def with_firsts(targets: QuerySet[OutreachTarget]) -> QuerySet[OutreachTarget]:
    """Each target's first attempt, first contact, connection and first reaching 会えた or
    beyond (dates; None when it has not happened)."""
    return targets.annotate(
        first_attempt_on=_first_on(),
        first_contact_on=_first_on(result__in=CONTACT_RESULTS),
        connected_on=_earlier(_first_on(result=Result.CONNECTED), F("case__opened_on")),
    ).annotate(reached_on=_earlier(F("first_contact_on"), F("connected_on")))


def _rank(result: str) -> int:
    return STAGE_PATH.index(Stage.CONNECTED if result == Result.CONNECTED else Stage(result))


def furthest_by(end: dt.date) -> Subquery:
    """The furthest stage (its index on `STAGE_PATH`) a target's attempts reached by the end
    of `end`; None before any attempt."""
    rank = Case(
        *(When(result=result, then=Value(_rank(result))) for result in CONTACT_RESULTS),
        default=Value(STAGE_PATH.index(Stage.TRYING)),
        output_field=IntegerField(),
    )
    return Subquery(
        ContactAttempt.objects.filter(
            target_id=OuterRef("pk"), occurred_at__lt=_moment(end + dt.timedelta(days=1))
        )
        .order_by()
        .values("target_id")
        .annotate(top=Max(rank))
        .values("top"),
        output_field=IntegerField(),
    )


def stage_at(end: dt.date) -> Case:
    """The stage a target had reached at the end of `end`, from its records (module text);
    reads the annotation `furthest` (`furthest_by`)."""
    by_rank = [
        When(furthest=STAGE_PATH.index(stage), then=Value(stage.value))
        for stage in (Stage.CONNECTED, Stage.SPOKE, Stage.MET, Stage.TRYING)
    ]
    return Case(
        When(closed_on__lte=end, then=Value(Stage.CLOSED.value)),
        When(case__opened_on__lte=end, then=Value(Stage.CONNECTED.value)),
        *by_rank,
        default=Value(Stage.KNOWN.value),
    )


def _by_source(targets: QuerySet[OutreachTarget], start: dt.date) -> list[SourceRow]:
    counts = {
        row["source"]: row
        for row in targets.order_by()
        .values("source")
        .annotate(on_list=Count("pk"), new=Count("pk", filter=Q(registered_on__gte=start)))
    }
    return [
        SourceRow(
            source.label,
            counts.get(source.value, {}).get("on_list", 0),
            counts.get(source.value, {}).get("new", 0),
        )
        for source in Source
    ]


def _by_stage(targets: QuerySet[OutreachTarget], end: dt.date) -> list[StageRow]:
    at_year_end: dict[str, int] = {}
    now: dict[str, int] = {}
    rows = (
        targets.order_by()
        .annotate(furthest=furthest_by(end))
        .annotate(at_end=stage_at(end))
        .values("at_end", "stage")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        at_year_end[row["at_end"]] = at_year_end.get(row["at_end"], 0) + row["n"]
        now[row["stage"]] = now.get(row["stage"], 0) + row["n"]
    return [
        StageRow(stage.label, at_year_end.get(stage.value, 0), now.get(stage.value, 0))
        for stage in Stage
    ]


def _attempt_table(start: dt.date, end: dt.date) -> AttemptTable:
    counts = {
        (row["method"], row["result"]): row["n"]
        for row in ContactAttempt.objects.filter(
            occurred_at__gte=_moment(start), occurred_at__lt=_moment(end + dt.timedelta(days=1))
        )
        .order_by()
        .values("method", "result")
        .annotate(n=Count("pk"))
    }
    rows = []
    for method in Method:
        cells = [counts.get((method.value, result.value), 0) for result in Result]
        rows.append((method.label, cells, sum(cells)))
    result_totals = [sum(row[1][i] for row in rows) for i in range(len(Result))]
    return AttemptTable(
        results=[result.label for result in Result],
        rows=rows,
        result_totals=result_totals,
        total=sum(result_totals),
    )


def quartiles(days: QuerySet[Any]) -> Durations:
    """The count and quartiles of a one-column queryset of integers (module text: type 7),
    in one query: the database numbers the sorted values and returns the six it needs."""
    inner, params = days.query.get_compiler(using=days.db).as_sql()
    positions = ", ".join(
        f"(({numerator} * (total - 1)) / 4){extra}"
        for numerator in (1, 2, 3)
        for extra in ("", " + 1")
    )
    sql = (
        "SELECT position, value, total FROM ("  # noqa: S608 (no user input in the SQL)
        "SELECT ROW_NUMBER() OVER (ORDER BY days) - 1 AS position, days AS value, "
        f"COUNT(*) OVER () AS total FROM ({inner}) AS durations"
        f") AS ranked WHERE position IN ({positions})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        picked = cursor.fetchall()
    if not picked:
        return Durations(0, None, None, None)
    values = {int(position): int(value) for position, value, _total in picked}
    count = int(picked[0][2])
    return Durations(count, *(_interpolate(values, count, p) for p in QUARTILES))


def _interpolate(values: dict[int, int], count: int, p: float) -> float:
    h = (count - 1) * p
    low = math.floor(h)
    high = values.get(low + 1, values[low])
    return values[low] + (h - low) * (high - values[low])


def outreach_figures(fiscal_year: int) -> OutreachFigures:
    """The year's figures (module text for every definition); a constant number of queries."""
    start, end = fiscal_year_range(fiscal_year)
    targets = targets_of_year(start, end)
    firsts = with_firsts(targets.order_by())
    in_year = {"gte": start, "lte": end}
    reached = firsts.aggregate(
        contact=Count("pk", filter=Q(reached_on__gte=start, reached_on__lte=end)),
        connection=Count("pk", filter=Q(connected_on__gte=start, connected_on__lte=end)),
    )
    to_contact = (
        firsts.filter(**{f"first_contact_on__{k}": v for k, v in in_year.items()})
        .annotate(days=DaysBetween(F("first_contact_on"), F("first_attempt_on")))
        .values("days")
    )
    to_connection = (
        firsts.filter(**{f"connected_on__{k}": v for k, v in in_year.items()})
        .annotate(days=DaysBetween(F("connected_on"), F("first_attempt_on")))
        .filter(days__gte=0)
        .values("days")
    )
    by_source = _by_source(targets, start)
    return OutreachFigures(
        fiscal_year=fiscal_year,
        start=start,
        end=end,
        on_list=sum(row.on_list for row in by_source),
        new=sum(row.new for row in by_source),
        by_source=by_source,
        by_stage=_by_stage(targets, end),
        attempts=_attempt_table(start, end),
        reached_contact=reached["contact"],
        reached_connection=reached["connection"],
        to_contact=quartiles(to_contact),
        to_connection=quartiles(to_connection),
    )
