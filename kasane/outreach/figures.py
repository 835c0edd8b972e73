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

Three queries, whatever the number of rows: the targets by source, the attempts by method and
result, and one pass (`year_pass`) in which the attempts are aggregated per target first
(`firsts`, built by the ORM so that the dates are taken in Asia/Tokyo on either database),
joined to the year's targets, and read once for the counts, the stages and both quartile
sets (a `WITH` query). Aggregating before joining keeps it at about 0.2 s for 10,000 targets
and 200,000 attempts on PostgreSQL (docs/performance.md); per-target subqueries took 4–6 s.

No small-count suppression: the page is internal, for coordinators, who may read every
target anyway. Figures published outside must suppress small counts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
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


def _moment(day: dt.date, days: int = 0) -> dt.datetime:
    """The first moment of a day (`days` later) in Asia/Tokyo."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min))


def targets_of_year(start: dt.date, end: dt.date) -> QuerySet[OutreachTarget]:
    """Targets on the watch list at some time in the year."""
    return OutreachTarget.objects.filter(registered_on__lte=end).exclude(closed_on__lt=start)


def _rank() -> Case:
    """An attempt's place on `STAGE_PATH` by its result (接触を試みている without contact)."""
    return Case(
        *(When(result=result, then=Value(_stage_index(result))) for result in CONTACT_RESULTS),
        default=Value(STAGE_PATH.index(Stage.TRYING)),
        output_field=IntegerField(),
    )


def _stage_index(result: str) -> int:
    return STAGE_PATH.index(Stage.CONNECTED if result == Result.CONNECTED else Stage(result))


def firsts(end: dt.date) -> QuerySet[ContactAttempt, Any]:
    """For each target with attempts, in one pass over them (grouped by target before anything
    is joined): the dates (Asia/Tokyo) of its first attempt, first contact and first
    相談につながった, and the furthest stage its results reached by the end of `end` (as an
    index on `STAGE_PATH`; None when it had no attempt by then)."""
    return (
        ContactAttempt.objects.order_by()
        .values("target_id")
        .annotate(
            first_attempt_on=TruncDate(Min("occurred_at")),
            first_contact_on=TruncDate(Min("occurred_at", filter=Q(result__in=CONTACT_RESULTS))),
            first_connected_on=TruncDate(Min("occurred_at", filter=Q(result=Result.CONNECTED))),
            furthest=Max(_rank(), filter=Q(occurred_at__lt=_moment(end, days=1))),
        )
    )


def _sql(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, tuple(params)


def _earlier(a: str, b: str) -> str:
    """The earlier of two dates, either of which may be missing (LEAST differs on SQLite)."""
    return f"CASE WHEN {a} IS NULL OR {b} < {a} THEN {b} ELSE {a} END"


def _days(later: str, earlier: str) -> str:
    """Whole days between two dates: PostgreSQL subtracts dates to an integer."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _stage_at_end() -> str:
    """The stage at the year's end from the records (module text); two parameters: the end."""
    by_rank = " ".join(
        f"WHEN f.furthest = {STAGE_PATH.index(stage)} THEN '{stage.value}'"
        for stage in (Stage.CONNECTED, Stage.SPOKE, Stage.MET, Stage.TRYING)
    )
    return (
        f"CASE WHEN t.closed_on <= %s THEN '{Stage.CLOSED.value}' "
        f"WHEN t.opened_on <= %s THEN '{Stage.CONNECTED.value}' "
        f"{by_rank} ELSE '{Stage.KNOWN.value}' END"
    )


def per_target(start: dt.date, end: dt.date) -> tuple[str, tuple[Any, ...]]:
    """SQL for one row a target of the year (`WITH` queries ending in `per_target`): its
    stage now and at the year's end, the days from its first attempt to its first contact and
    to its connection when they fall in the year (else NULL), and whether it reached 会えた or
    beyond, and 相談・支援につながった, in the year (1 or 0). The attempts are aggregated per
    target first (`firsts`), then joined to the targets (`targets_of_year`) and their case."""
    attempts, attempt_params = _sql(firsts(end))
    targets, target_params = _sql(
        targets_of_year(start, end)
        .order_by()
        .values("id", "stage", "closed_on", opened_on=F("case__opened_on"))
    )
    in_year = "BETWEEN %s AND %s"
    reached = _earlier("first_contact_on", "connected_on")
    sql = (
        f"WITH firsts AS ({attempts}), targets AS ({targets}), "  # noqa: S608 (ours)
        f"joined AS (SELECT t.stage AS stage, {_stage_at_end()} AS stage_at_end, "
        "f.first_attempt_on AS first_attempt_on, f.first_contact_on AS first_contact_on, "
        f"{_earlier('f.first_connected_on', 't.opened_on')} AS connected_on "
        "FROM targets t LEFT JOIN firsts f ON f.target_id = t.id), "
        "per_target AS (SELECT stage, stage_at_end, "
        f"CASE WHEN first_contact_on {in_year} "
        f"THEN {_days('first_contact_on', 'first_attempt_on')} END AS contact_days, "
        f"CASE WHEN connected_on {in_year} AND connected_on >= first_attempt_on "
        f"THEN {_days('connected_on', 'first_attempt_on')} END AS connection_days, "
        f"CASE WHEN {reached} {in_year} THEN 1 ELSE 0 END AS reached_in_year, "
        f"CASE WHEN connected_on {in_year} THEN 1 ELSE 0 END AS connected_in_year "
        "FROM joined)"
    )
    return sql, (*attempt_params, *target_params, end, end, *(start, end) * 4)


def _by_source(targets: QuerySet[OutreachTarget], start: dt.date) -> list[SourceRow]:
    counts: dict[str, tuple[int, int]] = {
        source: (on_list, new)
        for source, on_list, new in targets.order_by()
        .values("source")
        .annotate(on_list=Count("pk"), new=Count("pk", filter=Q(registered_on__gte=start)))
        .values_list("source", "on_list", "new")
    }
    return [SourceRow(source.label, *counts.get(source.value, (0, 0))) for source in Source]


def _attempt_table(start: dt.date, end: dt.date) -> AttemptTable:
    counts = {
        (row["method"], row["result"]): row["n"]
        for row in ContactAttempt.objects.filter(
            occurred_at__gte=_moment(start), occurred_at__lt=_moment(end, days=1)
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


def _ranked(column: str) -> str:
    """The rows of `per_target` with a value in `column`, numbered in order of the value, and
    only those at the positions the quartiles need (floor((n − 1)·k/4) and the next)."""
    positions = ", ".join(
        f"(({k} * (total - 1)) / 4){extra}" for k in (1, 2, 3) for extra in ("", " + 1")
    )
    return (
        f"SELECT '{column}' AS kind, position, value, total FROM ("  # noqa: S608 (ours)
        f"SELECT ROW_NUMBER() OVER (ORDER BY {column}) - 1 AS position, {column} AS value, "
        f"COUNT(*) OVER () AS total FROM per_target WHERE {column} IS NOT NULL"
        f") AS ranked_{column} WHERE position IN ({positions})"
    )


def _summed(kind: str, column: str) -> str:
    return f"SELECT '{kind}', 0, 0, COALESCE(SUM({column}), 0) FROM per_target"  # noqa: S608


def _grouped(prefix: str, column: str) -> str:
    return f"SELECT '{prefix}' || {column}, 0, 0, COUNT(*) FROM per_target GROUP BY {column}"  # noqa: S608


def year_pass(start: dt.date, end: dt.date) -> tuple[dict[str, int], Durations, Durations]:
    """One query over the year's targets (`per_target`) for everything that needs them: how
    many reached 会えた or beyond and 相談・支援につながった in the year, how many are at each
    stage at the year's end (`end:<stage>`) and now (`now:<stage>`), and the quartiles of the
    days to first contact and to connection (module text)."""
    with_targets, params = per_target(start, end)
    parts = [
        _ranked("contact_days"),
        _ranked("connection_days"),
        _summed("reached", "reached_in_year"),
        _summed("connected", "connected_in_year"),
        _grouped("end:", "stage_at_end"),
        _grouped("now:", "stage"),
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"{with_targets} {' UNION ALL '.join(parts)}", params)
        picked = cursor.fetchall()
    counts = {kind: int(n) for kind, _position, _value, n in picked if ":" in kind}
    counts |= {kind: int(n) for kind, _p, _v, n in picked if kind in ("reached", "connected")}
    return counts, _durations(picked, "contact_days"), _durations(picked, "connection_days")


def _durations(picked: list[tuple[Any, ...]], kind: str) -> Durations:
    rows = [
        (int(position), int(value), int(total)) for k, position, value, total in picked if k == kind
    ]
    if not rows:
        return Durations(0, None, None, None)
    values = {position: value for position, value, _total in rows}
    count = rows[0][2]
    return Durations(count, *(_interpolate(values, count, p) for p in QUARTILES))


def _interpolate(values: dict[int, int], count: int, p: float) -> float:
    h = (count - 1) * p
    low = math.floor(h)
    high = values.get(low + 1, values[low])
    return values[low] + (h - low) * (high - values[low])


def outreach_figures(fiscal_year: int) -> OutreachFigures:
    """The year's figures (module text for every definition) in three queries: by source,
    the attempts' table and one pass over the targets (`year_pass`)."""
    start, end = fiscal_year_range(fiscal_year)
    counts, to_contact, to_connection = year_pass(start, end)
    by_source = _by_source(targets_of_year(start, end), start)
    return OutreachFigures(
        fiscal_year=fiscal_year,
        start=start,
        end=end,
        on_list=sum(row.on_list for row in by_source),
        new=sum(row.new for row in by_source),
        by_source=by_source,
        by_stage=[
            StageRow(
                stage.label,
                counts.get(f"end:{stage.value}", 0),
                counts.get(f"now:{stage.value}", 0),
            )
            for stage in Stage
        ],
        attempts=_attempt_table(start, end),
        reached_contact=counts.get("reached", 0),
        reached_connection=counts.get("connected", 0),
        to_contact=to_contact,
        to_connection=to_connection,
    )
