"""What each variant of the dashboard shows (the variants and who gets which:
`kasane.access.dashboard`). Every number is a catalogue entry's (`kasane.plan.catalogue`):
`entry.count(span)` for the city, `entry.visible(user, span).count()` for an organisation —
never a second way of counting. The community variant shows the community figures
(`kasane.community.figures`) and the counts from daily work through the one small-count
suppression rule (`kasane.community.counts`, `kasane.core.safe_counts`).

The charts' geometry is computed here (pure numbers); the templates draw the SVG and, beside
each chart, a table of the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import ENDED_STATUSES
from kasane.community import profiles
from kasane.community.counts import CategoryTable
from kasane.community.figures import CommunityFigures, community_figures
from kasane.core.pagination import CappedCount, capped_count
from kasane.intake import selectors as intake
from kasane.organizations.models import Area, AreaKind
from kasane.plan.catalogue import BY_CODE, ENTRIES, Entry, year_span
from kasane.plan.indicator_selectors import Bar, achievement_rate, monthly
from kasane.plan.models import Indicator, IndicatorTarget, ManualFigure

# The entries whose month-by-month trend the city's dashboard draws.
TREND_CODES = (
    "consultations",
    "coordination_cases",
    "meetings_held",
    "outreach_visits",
    "participation_started",
)
# 地域づくり's records are read city-wide by everyone who reads them: they are nobody's own
# organisation's work, so the organisation's dashboard leaves them out (community workers
# have their own variant).
CITY_WIDE_PROGRAMS = frozenset({"地域づくり"})


# --- Charts: horizontal bars ---

HBAR_LABEL = 200  # the width of the labels' column
HBAR_WIDTH = 280  # the longest bar
HBAR_ROW = 28


@dataclass(frozen=True)
class HBar:
    label: str
    text: str  # what the bar's end and the table say: "12件", 「5未満」
    y: int
    width: int  # 0 when there is no bar to draw (a hidden count, nothing)

    @property
    def text_x(self) -> int:
        return HBAR_LABEL + self.width + 6


@dataclass(frozen=True)
class HBarChart:
    bars: list[HBar]

    @property
    def width(self) -> int:
        return HBAR_LABEL + HBAR_WIDTH + 120

    @property
    def height(self) -> int:
        return len(self.bars) * HBAR_ROW + 8

    @property
    def label_x(self) -> int:
        return HBAR_LABEL - 8

    @property
    def bar_x(self) -> int:
        return HBAR_LABEL


def hbar_chart(items: Sequence[tuple[str, int | None, str]], top: int | None = None) -> HBarChart:
    """Bars for (label, value or None when hidden, text), scaled to `top` (else the largest
    value); a value above `top` draws a full bar."""
    scale = top or max((value or 0 for _, value, _ in items), default=0) or 1
    bars = [
        HBar(
            label,
            text,
            4 + index * HBAR_ROW,
            round(min(value, scale) * HBAR_WIDTH / scale) if value else 0,
        )
        for index, (label, value, text) in enumerate(items)
    ]
    return HBarChart(bars)


# --- The catalogue's numbers, by program ---


@dataclass(frozen=True)
class Figure:
    entry: Entry
    value: int
    indicator: Indicator | None  # the first 成果目標 that counts this entry


@dataclass(frozen=True)
class Program:
    name: str
    figures: list[Figure]


def _by_program(figures: list[Figure]) -> list[Program]:
    programs: dict[str, list[Figure]] = {}
    for figure in figures:
        programs.setdefault(figure.entry.program, []).append(figure)
    return [Program(name, listed) for name, listed in programs.items()]


def indicators_by_code() -> dict[str, Indicator]:
    """The first indicator (oldest) counting each catalogue entry. One query."""
    found: dict[str, Indicator] = {}
    for indicator in Indicator.objects.exclude(code="").order_by("pk"):
        found.setdefault(indicator.code, indicator)
    return found


def city_programs(
    year: int, indicators: dict[str, Indicator], trends: Sequence[Trend] = ()
) -> list[Program]:
    """Every catalogue entry's count for the city: one count per entry, but for an entry dated
    by one field whose monthly trend is drawn — its twelve months are its year, so their sum is
    its count (the same records, one query fewer)."""
    span = year_span(year)
    known = {trend.entry.code: trend.total for trend in trends if trend.entry.dated_by}
    figures = [
        Figure(
            entry,
            known[entry.code] if entry.code in known else entry.count(span),
            indicators.get(entry.code),
        )
        for entry in ENTRIES
    ]
    return _by_program(figures)


def visible_programs(user: User, year: int) -> list[Program]:
    """For each catalogue entry (but 地域づくり's), how many of the records behind the city's
    number this user may see — the normal record rules, so their organisation's work. An entry
    whose kind of record the user may not see at all is left out."""
    span = year_span(year)
    figures = []
    for entry in ENTRIES:
        if entry.program in CITY_WIDE_PROGRAMS:
            continue
        try:
            value = entry.visible(user, span).count()
        except Http404:
            continue
        figures.append(Figure(entry, value, None))
    return _by_program(figures)


# --- 成果目標 against their targets ---


@dataclass(frozen=True)
class Progress:
    indicator: Indicator
    target: int
    actual: int | None

    @property
    def rate(self) -> int | None:
        return achievement_rate(self.target, self.actual)


def progress(year: int, counted: dict[str, int]) -> list[Progress]:
    """The indicators with a target for the year, their actual (the entry's count already made
    for the page, or the manual figure) against it. Two queries."""
    targets = (
        IndicatorTarget.objects.filter(fiscal_year=year)
        .select_related("indicator")
        .order_by("indicator__pk")
    )
    manual = dict(
        ManualFigure.objects.filter(fiscal_year=year).values_list("indicator_id", "value")
    )
    rows = []
    for target in targets:
        indicator = target.indicator
        code = indicator.code
        actual: int | None
        if code and code in BY_CODE:
            actual = counted[code] if code in counted else BY_CODE[code].count(year_span(year))
        else:
            actual = manual.get(indicator.pk)
        rows.append(Progress(indicator, target.value, actual))
    return rows


def progress_chart(rows: list[Progress]) -> HBarChart:
    """Each indicator's actual as a share of its target; a full bar at 100% or more."""
    return hbar_chart(
        [
            (
                row.indicator.label,
                row.rate,
                f"{row.rate}%" if row.rate is not None else "実績なし",
            )
            for row in rows
        ],
        top=100,
    )


# --- Monthly trends ---


@dataclass(frozen=True)
class Trend:
    entry: Entry
    bars: list[Bar]
    indicator: Indicator | None

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def trends(year: int, indicators: dict[str, Indicator]) -> list[Trend]:
    return [
        Trend(BY_CODE[code], monthly(BY_CODE[code], year), indicators.get(code))
        for code in TREND_CODES
    ]


# --- An organisation's open work ---


@dataclass(frozen=True)
class Workload:
    open_cases: CappedCount
    waiting: CappedCount
    overdue: CappedCount


def workload(user: User) -> Workload:
    """Open cases the user's organisation is on the team of, and referrals to it awaiting 受理
    (and of those, overdue) — the home page's counts (`intake.unacknowledged_counts`)."""
    waiting = intake.unacknowledged_counts(user)
    open_cases = access.cases_for_user(user).exclude(status__in=ENDED_STATUSES)
    return Workload(capped_count(open_cases), waiting["waiting"], waiting["overdue"])


# --- Community ---


@dataclass(frozen=True)
class CommunityDashboard:
    area: Area | None
    figures: CommunityFigures
    kinds_chart: HBarChart
    tables: list[tuple[CategoryTable, HBarChart]]


def area_of(user: User) -> Area | None:
    """The area a community worker works in: their organisation's, else the city."""
    organization = user.organization
    if organization is not None and organization.area is not None:
        return organization.area
    return Area.objects.filter(kind=AreaKind.CITY).order_by("pk").first()


def suppressed_chart(counts: CategoryTable) -> HBarChart:
    """One bar per category of the suppressed table; a hidden count has no bar, only its label."""
    items = []
    for row in counts.table.rows:
        cell = row.cells[0]
        items.append((row.label, None if cell.hidden else cell.value, cell.label))
    return hbar_chart(items)


def community_dashboard(user: User, year: int) -> CommunityDashboard:
    figures = community_figures(year)
    kinds = hbar_chart([(row.kind, row.activities, f"{row.activities}回") for row in figures.kinds])
    area = area_of(user)
    tables = []
    if area is not None:
        population = profiles.population_for_rates(profiles.figures_by_year(area, [year]))
        for counts in profiles.area_counts(area, [year], population):
            tables.append((counts, suppressed_chart(counts)))
    return CommunityDashboard(area, figures, kinds, tables)
