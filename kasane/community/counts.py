"""Anonymous counts from daily work, by area: the numbers community development may show.

Consultations (相談受付) and coordination cases (支援ケース) are individual records; what
reaches the area profiles, the map and their exports is only their counts, and every table of
them goes through `kasane.core.safe_counts` (1–4 hidden as 「5未満」, complementary cells as
「秘匿」), so that no household can be picked out of a small area.

Definitions (the pages say them too):
- A **consultation** counts in the fiscal year of its 受付日時 (Japan time) and in the area of
  its person (their 町丁目), or of its household when it has no person; a consultation with
  neither counts in no area. Its **category** is its main issue (主たる課題), else 「未分類」.
- A **case** counts in the fiscal year of its 受付日 and in the area of its household, or of
  its main person when it has no household. Its category is the main issue of the consultation
  it came from, else 「未分類」. Cases found not eligible (対象外) are not counted.
- An area's count includes every area under it (a 圏域 counts its 地区 and 町丁目): records are
  matched by the area's code prefix (`subtree_prefix`; the city counts every area).

Where a record counts is stored on it (`area`, `area_code`), set by the intake and case
services when its person or household is set (`kasane.intake.areas`, `kasane.cases.areas`):
it counts where the person or household lived then, a later move does not move old counts.
So the counts read one table (and the main issue) with no join to people, households or areas;
an area's counts use the (area_code, received_at / opened_on) index.

Each function is one grouped query, whatever the number of records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from kasane.cases.models import Case as SupportCase
from kasane.cases.models import CaseStatus
from kasane.core.japanese import fiscal_year_label, fiscal_year_range
from kasane.core.safe_counts import Cell, SafeTable, safe_counts
from kasane.intake.models import Consultation, IssueCode
from kasane.organizations.models import Area, AreaKind

Kind = Literal["consultations", "cases"]
KIND_LABELS: dict[str, str] = {"consultations": "相談受付", "cases": "支援ケース"}
UNCATEGORISED = "未分類"


def _year_start(year: int) -> dt.datetime:
    """The first moment of a fiscal year in Japan time (a record at 23:30 on 31 March counts
    in the year that ends then)."""
    return dt.datetime(year, 4, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _in_years(years: Sequence[int]) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        received_at__gte=_year_start(min(years)), received_at__lt=_year_start(max(years) + 1)
    )


def _placed_consultations(years: Sequence[int]) -> QuerySet[Consultation]:
    """The years' consultations that count in an area (by the stored area: no join)."""
    return _in_years(years).filter(area__isnull=False)


def _consultations(years: Sequence[int]) -> QuerySet[Consultation]:
    whens = [
        When(
            received_at__gte=_year_start(year),
            received_at__lt=_year_start(year + 1),
            then=Value(year),
        )
        for year in years
    ]
    # Placed by the code alone (`counts_by_category` filters it), so that an area's count
    # reads only the (area_code, received_at) index and the main issues.
    return _in_years(years).annotate(
        main=FilteredRelation("issues", condition=Q(issues__is_main=True)),
        category=F("main__code_id"),
        year=Case(*whens, output_field=IntegerField()),
    )


def _placed_cases(years: Sequence[int]) -> QuerySet[SupportCase]:
    first, _ = fiscal_year_range(min(years))
    _, last = fiscal_year_range(max(years))
    return SupportCase.objects.filter(
        opened_on__gte=first, opened_on__lte=last, area__isnull=False
    ).exclude(status=CaseStatus.NOT_ELIGIBLE)


def _cases(years: Sequence[int]) -> QuerySet[SupportCase]:
    whens = []
    for year in years:
        start, end = fiscal_year_range(year)
        whens.append(When(opened_on__gte=start, opened_on__lte=end, then=Value(year)))
    return _placed_cases(years).annotate(
        main=FilteredRelation(
            "consultation__issues", condition=Q(consultation__issues__is_main=True)
        ),
        category=F("main__code_id"),
        year=Case(*whens, output_field=IntegerField()),
    )


def subtree_prefix(area: Area) -> str:
    """The code prefix the area and every area under it share: "" for the city, whose code
    (e.g. 000) does not begin its 圏域's codes (01, 02…)."""
    return "" if area.kind == AreaKind.CITY else area.code


def _records(kind: Kind, years: Sequence[int]) -> QuerySet:
    return _consultations(years) if kind == "consultations" else _cases(years)


# --- One area: category × year ---


def counts_by_category(
    kind: Kind, area: Area, years: Sequence[int]
) -> dict[tuple[int | None, int], int]:
    """{(issue code id or None, fiscal year): count} of the area (and the areas under it)."""
    rows = _records(kind, years)
    prefix = subtree_prefix(area)
    # A record placed in no area has the code "": the city's prefix "" must not count it.
    rows = rows.filter(area_code__startswith=prefix) if prefix else rows.exclude(area_code="")
    grouped = rows.values("category", "year").annotate(n=Count("pk")).order_by()
    return {(row["category"], row["year"]): row["n"] for row in grouped}


@dataclass(frozen=True)
class CategoryTable:
    """An area's counts of one kind by category (rows) and fiscal year (columns), suppressed;
    with the rate per 1,000 residents of each year whose total is shown."""

    kind: str
    label: str
    table: SafeTable
    years: list[int]
    per_thousand: list[str]  # one per year: "12.3", or "" when the total or population is unknown


def category_table(
    kind: Kind, area: Area, years: Sequence[int], population: dict[int, int]
) -> CategoryTable:
    counts = counts_by_category(kind, area, years)
    codes = list(IssueCode.objects.order_by("sort_order", "pk").values_list("pk", "name"))
    rows: list[tuple[str, list[int]]] = []
    for code_id, name in [*codes, (None, UNCATEGORISED)]:
        values = [counts.get((code_id, year), 0) for year in years]
        if any(values):
            rows.append((name, values))
    table = safe_counts(
        [values for _, values in rows] or [[0 for _ in years]],
        row_labels=[name for name, _ in rows] or ["（なし）"],
        column_labels=[fiscal_year_label(year) for year in years],
    )
    totals = table.column_totals or []
    return CategoryTable(
        kind=kind,
        label=KIND_LABELS[kind],
        table=table,
        years=list(years),
        per_thousand=[
            per_thousand(cell, population.get(year))
            for cell, year in zip(totals, years, strict=True)
        ],
    )


def per_thousand(cell: Cell, population: int | None) -> str:
    """The count per 1,000 residents, one decimal; "" when the count is hidden or the
    population unknown (a rate of a hidden count would give the count away)."""
    if cell.hidden or cell.value is None or not population:
        return ""
    return f"{cell.value * 1000 / population:.1f}"


# --- Many areas: one count per area (the map) ---


def counts_by_area(kind: Kind, year: int) -> dict[int, int]:
    """{area id: count} of the fiscal year, by the area each record is placed in (usually a
    町丁目); `roll_up` sums them to wider areas."""
    placed: QuerySet = (
        _placed_consultations([year]) if kind == "consultations" else _placed_cases([year])
    )
    grouped = placed.values("area_id").annotate(n=Count("pk")).order_by()
    return {row["area_id"]: row["n"] for row in grouped}


def roll_up(
    counts: dict[int, int], areas: Iterable[Area], all_areas: Iterable[Area]
) -> dict[int, int]:
    """Sums counts placed in any area to each of `areas` (each area counts the areas under it,
    by code prefix)."""
    code_of = {area.pk: area.code for area in all_areas}
    totals: dict[int, int] = defaultdict(int)
    targets = [(area, subtree_prefix(area)) for area in areas]
    for area_id, n in counts.items():
        code = code_of.get(area_id)
        if code is None:
            continue
        for area, prefix in targets:
            if code.startswith(prefix):
                totals[area.pk] += n
    return dict(totals)


def area_column(values: Sequence[int], labels: Sequence[str], column: str) -> SafeTable:
    """One count per area with their total, suppressed: a hidden area cannot be recovered
    from the total and the others."""
    return safe_counts(
        [[value] for value in values],
        row_labels=labels,
        column_labels=[column],
        row_totals=False,
    )
