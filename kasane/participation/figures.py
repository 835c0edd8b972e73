"""参加支援の実績: a fiscal year's figures, computed by the database (aggregate queries, never
a loop over rows), for the page and later for the plan's indicators.

Definitions (the page says them too):
- **Matches of the year**: proposed on or before the year's last day and not ended before its
  first day. **People supported**: the people of those matches (each once).
- **Stage at the year's end**, from the days the match reached each stage (a match moved back
  has lost the days of the later stages): 終了 if it ended by then, else 定着, 参加開始, 体験,
  見学 by the latest day reached by then, else 提案.
- **Started / settled**: the people whose 参加開始 / 定着 day falls in the year (each once).
- **Partners**: cooperating organisations (協力事業者) whose agreement was made by the year's end.
- **Resources**: services registered by the year's end and not 休止・廃止 on it, by category
  and 圏域 (a service with places in two 圏域 counts in both; the total counts it once).
- **Unmet needs**: recorded in the year, by theme and 圏域.

Five queries whatever the number of rows. No small-count suppression: the page is internal,
for coordinators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When

from kasane.core.japanese import fiscal_year_range
from kasane.organizations.models import Area, AreaKind
from kasane.participation.models import Match, Stage, UnmetNeed, WishTag
from kasane.resources.models import ResourceOrganization, ServiceCategory, Status


@dataclass(frozen=True)
class Row:
    label: str
    counts: list[int]
    total: int
    spheres: list[str]

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(zip(self.spheres, self.counts, strict=True))


@dataclass(frozen=True)
class ParticipationFigures:
    fiscal_year: int
    start: dt.date
    end: dt.date
    supported: int
    started: int
    settled: int
    by_stage: list[tuple[str, int]]
    partners: int
    spheres: list[str]
    resources: list[Row]
    unmet: list[Row]


def matches_of_year(start: dt.date, end: dt.date) -> QuerySet[Match]:
    return Match.objects.filter(proposed_on__lte=end).exclude(ended_on__lt=start)


def _stage_at(end: dt.date) -> Case:
    return Case(
        When(ended_on__lte=end, then=Value(Stage.ENDED.value)),
        When(settled_on__lte=end, then=Value(Stage.SETTLED.value)),
        When(started_on__lte=end, then=Value(Stage.STARTED.value)),
        When(tried_on__lte=end, then=Value(Stage.TRIAL.value)),
        When(visited_on__lte=end, then=Value(Stage.VISIT.value)),
        default=Value(Stage.PROPOSED.value),
    )


def _spheres() -> list[Area]:
    return list(Area.objects.filter(kind=AreaKind.SPHERE).order_by("code", "pk"))


def participation_figures(year: int) -> ParticipationFigures:
    start, end = fiscal_year_range(year)
    matches = matches_of_year(start, end)
    people = matches.aggregate(
        supported=Count("person", distinct=True),
        started=Count("person", filter=Q(started_on__range=(start, end)), distinct=True),
        settled=Count("person", filter=Q(settled_on__range=(start, end)), distinct=True),
    )
    stages = dict(
        matches.annotate(at_end=_stage_at(end))
        .values("at_end")
        .annotate(n=Count("pk"))
        .values_list("at_end", "n")
    )
    spheres = _spheres()
    return ParticipationFigures(
        fiscal_year=year,
        start=start,
        end=end,
        supported=people["supported"],
        started=people["started"],
        settled=people["settled"],
        by_stage=[(stage.label, stages.get(stage.value, 0)) for stage in Stage],
        partners=ResourceOrganization.objects.filter(
            is_partner=True, partner_since__lte=end
        ).count(),
        spheres=[sphere.name for sphere in spheres],
        resources=resources_by_category(end, spheres),
        unmet=unmet_by_theme(start, end, spheres),
    )


def resources_by_category(end: dt.date, spheres: list[Area]) -> list[Row]:
    """Open services at the year's end by category (rows) and 圏域 (columns); one query."""
    open_on_end = Q(services__created_at__date__lte=end) & ~Q(
        services__status__in=[Status.SUSPENDED, Status.CLOSED],
        services__status_since__lte=end,
    )
    counts = {
        f"s{i}": Count(
            "services",
            filter=open_on_end
            & Q(services__at_locations__location__area_code__startswith=sphere.code),
            distinct=True,
        )
        for i, sphere in enumerate(spheres)
    }
    rows = ServiceCategory.objects.order_by("sort_order", "pk").annotate(
        total=Count("services", filter=open_on_end, distinct=True), **counts
    )
    return [
        Row(
            row.name,
            [getattr(row, f"s{i}") for i in range(len(spheres))],
            row.total,
            [sphere.name for sphere in spheres],
        )
        for row in rows
    ]


def unmet_by_theme(start: dt.date, end: dt.date, spheres: list[Area]) -> list[Row]:
    """Unmet needs recorded in the year by theme (rows) and 圏域 (columns); one query."""
    counts = {
        f"s{i}": Count("pk", filter=Q(area_code__startswith=sphere.code))
        for i, sphere in enumerate(spheres)
    }
    found: dict[str, dict[str, Any]] = {
        row["theme"]: dict(row)
        for row in UnmetNeed.objects.filter(recorded_on__range=(start, end))
        .values("theme")
        .annotate(total=Count("pk"), **counts)
        .order_by()
    }
    rows = []
    for theme in WishTag:
        row: dict[str, Any] = found.get(theme.value, {})
        rows.append(
            Row(
                theme.label,
                [int(row.get(f"s{i}", 0)) for i in range(len(spheres))],
                int(row.get("total", 0)),
                [sphere.name for sphere in spheres],
            )
        )
    return rows
