"""Reading area profiles (地域プロフィール): the areas as a tree, an area's figures by year,
the resources in it, its profile versions and the anonymous counts from daily work.

**How figures roll up.** An area's figures for a year are its own `AreaFigures` row when it
has one (a 圏域 or 地区 may be entered by hand); else the sum of the rows of the 町丁目 under
it: 「町丁目の合計」 when every active 町丁目 has a row for that year, 「一部の町丁目の合計」
when only some have (the page says 「一部の町丁目の数値がありません」, and no rate per 1,000 is
computed from such a partial population); nothing when none has. The city sums every 町丁目.

Every function here is a fixed number of queries, whatever the number of areas, rows or
records: the figures of all areas come from one query and are summed in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from kasane.community.counts import CategoryTable, category_table, subtree_prefix
from kasane.community.models import AreaFigures, AreaProfile
from kasane.core.japanese import fiscal_year_label
from kasane.organizations.models import Area, AreaKind
from kasane.resources import selectors as resource_selectors
from kasane.resources.models import Service, ServiceCategory

# The figures a year shows, in the order of the table.
FIGURE_FIELDS = (
    "population",
    "aged_65",
    "aged_75",
    "households",
    "single_elderly_households",
    "children",
)
FIGURE_YEARS = 5  # the figures table: the chosen year and the four before it
COUNT_YEARS = 3  # the counts: the chosen fiscal year and the two before it
RESOURCE_NAMES_SHOWN = 30  # the list of names; the directory lists the rest

OWN = "own"
TOWNS = "towns"
PARTIAL = "partial"
SOURCE_LABELS = {OWN: "地域の数値", TOWNS: "町丁目の合計", PARTIAL: "一部の町丁目の合計"}


def _share(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


@dataclass(frozen=True)
class YearFigures:
    """An area's figures for one year, its own or summed from its 町丁目 (`source`)."""

    year: int
    population: int
    aged_65: int
    aged_75: int
    households: int
    single_elderly_households: int
    children: int
    source: str
    towns_counted: int = 0
    towns_total: int = 0

    @property
    def label(self) -> str:
        return fiscal_year_label(self.year)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def is_partial(self) -> bool:
        return self.source == PARTIAL

    @property
    def aged_65_share(self) -> str:
        """高齢化率 (65歳以上の割合)."""
        return _share(self.aged_65, self.population)

    @property
    def aged_75_share(self) -> str:
        """後期高齢者の割合 (75歳以上の割合)."""
        return _share(self.aged_75, self.population)


def _own(row: dict[str, Any]) -> YearFigures:
    return YearFigures(year=row["year"], source=OWN, **{name: row[name] for name in FIGURE_FIELDS})


def _summed(year: int, rows: list[dict[str, Any]], towns_total: int) -> YearFigures:
    sums = {name: sum(row[name] for row in rows) for name in FIGURE_FIELDS}
    source = TOWNS if len(rows) >= towns_total else PARTIAL
    return YearFigures(
        year=year, source=source, towns_counted=len(rows), towns_total=towns_total, **sums
    )


def _under(area: Area, town: Area) -> bool:
    return town.pk != area.pk and town.code.startswith(subtree_prefix(area))


def _figures_of(
    area: Area, year: int, rows: dict[tuple[int, int], dict[str, Any]], towns: list[Area]
) -> YearFigures | None:
    """The rule of the module docstring, from rows read once: {(area id, year): row}."""
    own = rows.get((area.pk, year))
    if own is not None:
        return _own(own)
    mine = [town for town in towns if _under(area, town)]
    found = [rows[(town.pk, year)] for town in mine if (town.pk, year) in rows]
    return _summed(year, found, len(mine)) if found else None


def _figure_rows(areas: Iterable[Area], years: Sequence[int]) -> dict[tuple[int, int], dict]:
    rows = AreaFigures.objects.filter(area__in=list(areas), year__in=list(years)).values(
        "area_id", "year", *FIGURE_FIELDS
    )
    return {(row["area_id"], row["year"]): row for row in rows}


def _active_towns(prefix: str) -> list[Area]:
    return list(Area.objects.active().filter(kind=AreaKind.TOWN, code__startswith=prefix))


def figures_by_year(area: Area, years: Sequence[int]) -> list[tuple[int, str, YearFigures | None]]:
    """(year, its label, figures or None) for each year, newest first. Two queries."""
    towns = _active_towns(subtree_prefix(area))
    rows = _figure_rows([area, *towns], years)
    return [
        (year, fiscal_year_label(year), _figures_of(area, year, rows, towns))
        for year in sorted(years, reverse=True)
    ]


def figure_years(current: int) -> list[int]:
    return list(range(current - FIGURE_YEARS + 1, current + 1))


# --- The home page: the tree of areas with their latest figures ---


@dataclass(frozen=True)
class TreeRow:
    depth: int
    area: Area
    figures: YearFigures | None


def area_tree(areas: QuerySet[Area]) -> tuple[list[TreeRow], int | None]:
    """The city, its 圏域 and 地区 depth first, each with its figures of the latest year any
    area has figures for (that year is returned too). Three queries, whatever the areas."""
    every = list(areas.order_by("code"))
    towns = [area for area in every if area.kind == AreaKind.TOWN]
    latest = AreaFigures.objects.order_by("-year").values_list("year", flat=True).first()
    figures = AreaFigures.objects.filter(year=latest or 0).values("area_id", "year", *FIGURE_FIELDS)
    rows = {(row["area_id"], row["year"]): row for row in figures}
    shown = [area for area in every if area.kind != AreaKind.TOWN]
    known = {area.pk for area in shown}
    children: dict[int | None, list[Area]] = {}
    for area in shown:  # an area whose parent is not shown (inactive) is a root
        children.setdefault(area.parent_id if area.parent_id in known else None, []).append(area)
    result: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for area in children.get(parent_id, []):
            figures = _figures_of(area, latest, rows, towns) if latest is not None else None
            result.append(TreeRow(depth, area, figures))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return result, latest


# --- Resources in the area (the directory) ---


@dataclass(frozen=True)
class AreaResources:
    total: int
    by_category: list[tuple[str, int]]
    services: list[Service]  # the first `RESOURCE_NAMES_SHOWN`, by ふりがな


def area_resources(user: Any, area: Area) -> AreaResources:
    """The directory's active services with a place in the area (the directory's own search,
    so the same rule and access): how many, by category, and the first names. Three
    queries."""
    services = resource_selectors.search(user, {"area": area})
    ids = services.values("pk")
    by_category = (
        ServiceCategory.objects.filter(services__in=ids)
        .annotate(n=Count("services", filter=Q(services__in=ids), distinct=True))
        .order_by("sort_order", "pk")
        .values_list("name", "n")
    )
    return AreaResources(
        total=services.count(),
        by_category=list(by_category),
        services=list(services.order_by(*resource_selectors.LIST_ORDER)[:RESOURCE_NAMES_SHOWN]),
    )


# --- Profile versions ---


def profile_versions(area: Area) -> list[AreaProfile]:
    """Every version of the area's profile, newest first (the first is current), with who
    wrote it and their organisation. One query."""
    return list(
        AreaProfile.objects.filter(area=area)
        .select_related("written_by__organization")
        .order_by("-written_at", "-pk")
    )


# --- Counts from daily work ---


def count_years(current: int) -> list[int]:
    return list(range(current - COUNT_YEARS + 1, current + 1))


def population_for_rates(
    figures: Iterable[tuple[int, str, YearFigures | None]],
) -> dict[int, int]:
    """The population of each year whose figures cover the whole area: a partial sum would
    make the rate per 1,000 too high."""
    return {
        year: found.population
        for year, _, found in figures
        if found is not None and not found.is_partial
    }


def area_counts(
    area: Area, years: Sequence[int], population: dict[int, int]
) -> list[CategoryTable]:
    """Consultations and cases by issue category × fiscal year, suppressed (counts.py
    defines what counts where). Four queries."""
    return [category_table(kind, area, years, population) for kind in ("consultations", "cases")]
