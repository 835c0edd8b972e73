"""The map's figures: one value per area of the level drawn, its class for shading, and the
outline and resource points to draw — in a fixed number of queries, whatever the number of
areas, consultations or cases.

Figures:
- 相談受付（人口千人あたり）: consultations of the fiscal year (`counts.counts_by_area`) summed
  to each area, suppressed by `counts.area_column`; the rate is shown only for a shown count
  (`counts.per_thousand`: the rate of a hidden count would give the count away).
- 支援ケース件数: cases of the fiscal year, suppressed the same way.
- 社会資源の数: services running now (運営中) with a place in the area (a service counts once
  per area however many places it has there). The directory is public: no suppression.
- 高齢化率: 65歳以上人口 / 人口 of the area's figures (`figures_for_year`).

Shading: the shown values in up to 5 classes of equal numbers of areas (quantiles), light to
dark; hidden counts are hatched, areas without a value left blank.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kasane import access
from kasane.accounts.models import User
from kasane.community import counts
from kasane.community.map_geometry import (
    Projection,
    Shape,
    extent,
    label_point,
    read_shape,
    svg_path,
)
from kasane.community.models import AreaBoundary, AreaFigures
from kasane.core.safe_counts import Cell, min_cell, small_label
from kasane.organizations.models import Area, AreaKind
from kasane.resources.models import ServiceAtLocation, Status

LEVELS: dict[str, str] = {
    AreaKind.SPHERE: "圏域",
    AreaKind.DISTRICT: "地区",
    AreaKind.TOWN: "町丁目",
}
FIGURES: dict[str, str] = {
    "consultations": "相談受付（人口千人あたり）",
    "cases": "支援ケース件数",
    "resources": "社会資源の数",
    "aging": "高齢化率",
}
UNITS = {"consultations": "件/千人", "cases": "件", "resources": "件", "aging": "%"}
CLASSES = 5
HIDDEN_CLASS = "map-hidden"
NONE_CLASS = "map-none"


# --- The city's figures (population) ---


@dataclass(frozen=True)
class Population:
    population: int
    aged_65: int


def figures_for_year(
    year: int, areas: Iterable[Area], all_areas: Iterable[Area]
) -> tuple[int | None, dict[int, Population]]:
    """The population of each area from the newest figures of `year` or before (the year
    used, and {area id: Population}). An area without a row of its own sums the rows of its
    町丁目."""
    used = AreaFigures.objects.filter(year__lte=year).aggregate(year=Max("year"))["year"]
    if used is None:
        return None, {}
    rows = {
        area_id: Population(population, aged_65)
        for area_id, population, aged_65 in AreaFigures.objects.filter(year=used).values_list(
            "area_id", "population", "aged_65"
        )
    }
    towns = [area for area in all_areas if area.kind == AreaKind.TOWN and area.pk in rows]
    found: dict[int, Population] = {}
    for area in areas:
        if area.pk in rows:
            found[area.pk] = rows[area.pk]
            continue
        parts = [rows[town.pk] for town in towns if town.code.startswith(area.code)]
        if parts:
            found[area.pk] = Population(
                sum(part.population for part in parts), sum(part.aged_65 for part in parts)
            )
    return used, found


# --- Classes ---


def class_breaks(values: Sequence[float], classes: int = CLASSES) -> list[float]:
    """The upper bound of each class: quantiles of the values (fewer classes when there are
    fewer distinct values)."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks = [ordered[math.ceil(len(ordered) * k / classes) - 1] for k in range(1, classes + 1)]
    return sorted(set(breaks))


def class_index(value: float, breaks: Sequence[float]) -> int:
    return next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)


def shade_classes(count: int) -> list[str]:
    """The CSS classes of `count` classes, spread over the 5 shades (3 classes: 1, 3, 5)."""
    if count <= 1:
        return ["map-class-3"][:count]
    return [f"map-class-{1 + round(i * (CLASSES - 1) / (count - 1))}" for i in range(count)]


# --- The map ---


@dataclass
class MapArea:
    area: Area
    value: float | None  # what is shaded; None when hidden or unknown
    value_label: str  # 「12.3」, 「5未満」, 「秘匿」, 「—」
    count_label: str  # the count behind a rate (consultations), else ""
    population: int | None
    css_class: str
    path: str = ""
    label_xy: tuple[float, float] | None = None

    @property
    def title(self) -> str:
        return f"{self.area.name}：{self.value_label}"


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    title: str


@dataclass
class MapData:
    level: str
    figure: str
    year: int
    population_year: int | None
    areas: list[MapArea]
    legend: list[LegendEntry]
    points: list[MapPoint] = field(default_factory=list)
    width: float = 800
    height: float = 0
    hidden_label: str = ""

    @property
    def drawn(self) -> list[MapArea]:
        return [area for area in self.areas if area.path]

    @property
    def points_svg(self) -> SafeString:
        """The resource points as SVG, joined here rather than in a template loop: a city's
        thousands of places took 300 ms to render one tag at a time, 15 ms this way. Every
        title is escaped."""
        return mark_safe(  # noqa: S308 - numbers and escaped titles only
            "".join(
                f'<circle class="map-point" cx="{point.x}" cy="{point.y}" r="5">'
                f"<title>{escape(point.title)}</title></circle>\n"
                for point in self.points
            )
        )

    @property
    def undrawn(self) -> list[MapArea]:
        return [area for area in self.areas if not area.path]

    @property
    def figure_label(self) -> str:
        return FIGURES[self.figure]

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def unit(self) -> str:
        return UNITS[self.figure]


def _shapes(areas: list[Area], all_areas: list[Area]) -> dict[int, Shape]:
    """Each area's outline: its own boundary, else its children's (each by the same rule),
    so a 圏域 without a boundary of its own is drawn as its 町丁目."""
    own = {
        boundary.area_id: read_shape(boundary.geometry)
        for boundary in AreaBoundary.objects.filter(area__is_active=True).only(
            "area_id", "geometry"
        )
    }
    children: dict[int | None, list[Area]] = defaultdict(list)
    for area in all_areas:
        children[area.parent_id].append(area)
    shapes: dict[int, Shape] = {}

    def shape_of(area: Area) -> Shape:
        if area.pk not in shapes:
            shapes[area.pk] = own.get(area.pk) or [
                polygon for child in children[area.pk] for polygon in shape_of(child)
            ]
        return shapes[area.pk]

    return {area.pk: shape_of(area) for area in areas}


def _rate_label(value: float, figure: str) -> str:
    return f"{value:.1f}" if figure in {"consultations", "aging"} else f"{value:g}"


def _count_values(
    kind: counts.Kind, year: int, areas: list[Area], all_areas: list[Area]
) -> list[Cell]:
    totals = counts.roll_up(counts.counts_by_area(kind, year), areas, all_areas)
    table = counts.area_column(
        [totals.get(area.pk, 0) for area in areas],
        [area.name for area in areas],
        counts.KIND_LABELS[kind],
    )
    return [row.cells[0] for row in table.rows]


def _resource_counts(user: User, areas: list[Area]) -> dict[int, int]:
    pairs = (
        ServiceAtLocation.objects.filter(
            service__in=access.services_for_user(user), service__status=Status.ACTIVE
        )
        .values_list("service_id", "location__area_code")
        .distinct()
    )
    found: dict[int, set[int]] = defaultdict(set)
    for service_id, code in pairs:
        for area in areas:
            if code.startswith(area.code):
                found[area.pk].add(service_id)
    return {area_id: len(services) for area_id, services in found.items()}


def _values(
    user: User,
    figure: str,
    year: int,
    areas: list[Area],
    all_areas: list[Area],
    population: dict[int, Population],
) -> list[MapArea]:
    rows: list[MapArea] = []
    if figure in {"consultations", "cases"}:
        kind: counts.Kind = "consultations" if figure == "consultations" else "cases"
        cells = _count_values(kind, year, areas, all_areas)
        for area, cell in zip(areas, cells, strict=True):
            people = population.get(area.pk)
            if figure == "consultations":
                rate = counts.per_thousand(cell, people.population if people else None)
                value = float(rate) if rate else None
                label = rate or (cell.label if cell.hidden else "—")
                count_label = cell.label
            else:
                value = float(cell.value) if cell.value is not None else None
                label, count_label = cell.label, ""
            rows.append(_row(area, value, label, count_label, people, cell.hidden))
        return rows
    resources = _resource_counts(user, areas) if figure == "resources" else {}
    for area in areas:
        people = population.get(area.pk)
        shown: float | None = None
        if figure == "resources":
            shown = float(resources.get(area.pk, 0))
        elif people and people.population:
            shown = round(people.aged_65 * 100 / people.population, 1)
        label = "—" if shown is None else _rate_label(shown, figure)
        rows.append(_row(area, shown, label, "", people, False))
    return rows


def _row(
    area: Area,
    value: float | None,
    label: str,
    count_label: str,
    people: Population | None,
    hidden: bool,
) -> MapArea:
    css = HIDDEN_CLASS if hidden else NONE_CLASS
    return MapArea(area, value, label, count_label, people.population if people else None, css)


def _classify(rows: list[MapArea], figure: str, hidden_label: str) -> list[LegendEntry]:
    shown = [row for row in rows if row.value is not None]
    breaks = class_breaks([row.value for row in shown if row.value is not None])
    shades = shade_classes(len(breaks))
    members: dict[int, list[float]] = defaultdict(list)
    for row in shown:
        assert row.value is not None
        index = class_index(row.value, breaks)
        row.css_class = shades[index]
        members[index].append(row.value)
    legend = []
    for index, shade in enumerate(shades):
        low, high = min(members[index]), max(members[index])
        text = _rate_label(low, figure)
        if high != low:
            text += f"〜{_rate_label(high, figure)}"
        legend.append(LegendEntry(shade, text))
    if any(row.css_class == HIDDEN_CLASS for row in rows):
        legend.append(LegendEntry(HIDDEN_CLASS, f"件数を伏せた地域（{hidden_label}・秘匿）"))
    if any(row.css_class == NONE_CLASS for row in rows):
        legend.append(LegendEntry(NONE_CLASS, "値なし（人口の統計がない など）"))
    return legend


def _draw(data: MapData, shapes: dict[int, Shape], points: list[tuple[float, float, str]]) -> None:
    drawn = [(row, shapes.get(row.area.pk) or []) for row in data.areas]
    corners = [
        corner
        for _, shape in drawn
        if shape
        for corner in ((extent(shape)[0], extent(shape)[1]), (extent(shape)[2], extent(shape)[3]))
    ]
    projection = Projection.fit(corners)
    if projection is None:
        return
    data.width, data.height = projection.width, projection.height
    for row, shape in drawn:
        if not shape:
            continue
        row.path = svg_path(shape, projection)
        _, centre = label_point(shape)
        west, _, east, _ = extent(shape)
        # A name fits when the area is wider than the text (about one unit of 12 per letter).
        width = (east - west) * projection.shrink * projection.scale
        if width > 13 * len(row.area.name):
            row.label_xy = projection.xy(centre)
    for lon, lat, title in points:
        if projection.contains((lon, lat)):
            x, y = projection.xy((lon, lat))
            data.points.append(MapPoint(x, y, title))


def _resource_points(user: User) -> list[tuple[float, float, str]]:
    """Running services with a place that has coordinates: one point per place."""
    places: dict[tuple[float, float], list[str]] = defaultdict(list)
    rows = (
        ServiceAtLocation.objects.filter(
            service__in=access.services_for_user(user),
            service__status=Status.ACTIVE,
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .order_by("location__name", "service__name")
        .values_list("location__longitude", "location__latitude", "location__name", "service__name")
    )
    names: dict[tuple[float, float], str] = {}
    for lon, lat, place, service in rows:
        key = (float(lon or 0), float(lat or 0))  # never None: filtered above
        names.setdefault(key, place)
        places[key].append(service)
    return [
        (lon, lat, f"{names[(lon, lat)]}：{'、'.join(services)}")
        for (lon, lat), services in places.items()
    ]


def map_data(
    user: User, *, level: str, figure: str, year: int, with_points: bool = True
) -> MapData:
    """Everything the map page draws and tabulates, for a community reader."""
    access.community_reader(user)
    all_areas = list(Area.objects.active())
    areas = [area for area in all_areas if area.kind == level]
    population_year, population = figures_for_year(year, areas, all_areas)
    hidden_label = small_label(min_cell())
    rows = _values(user, figure, year, areas, all_areas, population)
    data = MapData(
        level=level,
        figure=figure,
        year=year,
        population_year=population_year,
        areas=rows,
        legend=_classify(rows, figure, hidden_label),
        hidden_label=hidden_label,
    )
    _draw(data, _shapes(areas, all_areas), _resource_points(user) if with_points else [])
    return data
