"""Reading the 成果目標: a year's actual (counted by the catalogue entry, or the manual figure),
target vs actual by year, the monthly trend and its bar chart's geometry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.plan.catalogue import BY_CODE, Entry, month_spans, year_span
from kasane.plan.models import Indicator, IndicatorTarget, ManualFigure


@dataclass(frozen=True)
class YearRow:
    year: int
    label: str
    target: int | None
    actual: int | None

    @property
    def rate(self) -> int | None:
        return achievement_rate(self.target, self.actual)


def achievement_rate(target: int | None, actual: int | None) -> int | None:
    """The actual as a percentage of the target (rounded); none without both, or a target 0."""
    if target and actual is not None:
        return round(actual * 100 / target)
    return None


@dataclass(frozen=True)
class Bar:
    month: int
    label: str
    value: int
    x: int
    y: int
    height: int


CHART_HEIGHT = 160
CHART_BAR = 32
CHART_GAP = 12


def entry_of(indicator: Indicator) -> Entry | None:
    return BY_CODE.get(indicator.code) if indicator.code else None


def this_year() -> int:
    return fiscal_year(timezone.localdate())


def years_of(indicator: Indicator) -> list[int]:
    if indicator.plan is not None:
        return indicator.plan.years
    year = this_year()
    return list(range(year - 2, year + 1))


def year_rows(indicator: Indicator) -> list[YearRow]:
    """Target vs actual for each year of the plan (one count per year, future years empty)."""
    targets = dict(
        IndicatorTarget.objects.filter(indicator=indicator).values_list("fiscal_year", "value")
    )
    figures = dict(
        ManualFigure.objects.filter(indicator=indicator).values_list("fiscal_year", "value")
    )
    entry, current = entry_of(indicator), this_year()
    rows = []
    for year in years_of(indicator):
        if entry is None:
            actual = figures.get(year)
        else:
            actual = entry.count(year_span(year)) if year <= current else None
        rows.append(YearRow(year, fiscal_year_label(year), targets.get(year), actual))
    return rows


def actual_of(indicator: Indicator, year: int) -> int | None:
    entry = entry_of(indicator)
    if entry is not None:
        return entry.count(year_span(year))
    figure = ManualFigure.objects.filter(indicator=indicator, fiscal_year=year).first()
    return figure.value if figure else None


def monthly(entry: Entry, year: int) -> list[Bar]:
    """The twelve months' numbers and their bars (scaled to the highest month): one grouped
    query for an entry dated by one field (`Entry.months`)."""
    counts = entry.months(year)
    top = max(counts) or 1
    bars = []
    for index, (value, (first, _)) in enumerate(zip(counts, month_spans(year), strict=True)):
        height = round(value * CHART_HEIGHT / top)
        bars.append(
            Bar(
                first.month,
                f"{first.month}月",
                value,
                CHART_GAP + index * (CHART_BAR + CHART_GAP),
                CHART_HEIGHT - height + 10,
                height,
            )
        )
    return bars
