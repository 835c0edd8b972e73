"""地域づくりの実績: a fiscal year's figures (April–March, Japan time), one function per figure,
so that the plan's indicators (issue 18) reuse each of them alone. Where a number has a list
behind it (the places, the organisations), the list and the number come from the same
queryset, so they cannot disagree.

Definitions (the page says them too):
- **Issues**: 地域課題 raised in the year (`raised_on`), by theme and by their status today.
- **Projects**: 取組 started in the year. **Resources created**: services of the directory linked
  to a project (`Project.resources`) and registered in the year.
- **Activities**: held in the year, by kind, with their participants and new participants.
- **Places (拠点数)**: the distinct places of 居場所の開催 in the year — a service of the
  directory, or a place named in free text.
- **Organisations taking part (参加機関数)**: distinct organisations named on the year's
  activities.
- **Helpers matched**: matches of resident helpers started in the year (and the helpers).

These count community records, not individual case records: no small-count suppression.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from kasane.community.models import (
    Activity,
    ActivityKind,
    CommunityIssue,
    HelperMatch,
    IssueStatus,
    Project,
    Theme,
)
from kasane.core.japanese import fiscal_year_range
from kasane.organizations.models import Organization
from kasane.resources.models import Service

Period = tuple[dt.date, dt.date]


def period(year: int) -> Period:
    """The fiscal year's first and last day (1 April – 31 March)."""
    return fiscal_year_range(year)


# --- 地域課題 ---


def issues_raised(span: Period) -> QuerySet[CommunityIssue]:
    return CommunityIssue.objects.filter(raised_on__range=span)


@dataclass(frozen=True)
class ThemeRow:
    theme: str
    counts: list[int]  # by IssueStatus, in its order
    total: int


def issues_by_theme_and_status(span: Period) -> list[ThemeRow]:
    """Issues raised in the year: one row per theme (active themes, and any theme with an
    issue), one column per status; one query."""
    names = [status.value for status in IssueStatus]
    in_year = Q(issues__raised_on__range=span)
    themes = Theme.objects.annotate(
        total=Count("issues", filter=in_year),
        **{f"n_{name}": Count("issues", filter=in_year & Q(issues__status=name)) for name in names},
    ).order_by("sort_order", "pk")
    return [
        ThemeRow(theme.name, [getattr(theme, f"n_{name}") for name in names], theme.total)
        for theme in themes
        if theme.is_active or theme.total
    ]


# --- 取組 and the resources they created ---


def projects_started(span: Period) -> QuerySet[Project]:
    return Project.objects.filter(started_on__range=span)


def resources_created(span: Period) -> QuerySet[Service]:
    """Services linked to a project and registered in the year."""
    return (
        Service.objects.filter(community_projects__isnull=False, created_at__date__range=span)
        .distinct()
        .order_by("kana", "pk")
    )


# --- 活動 ---


def activities_held(span: Period) -> QuerySet[Activity]:
    return Activity.objects.filter(held_on__range=span)


@dataclass(frozen=True)
class KindRow:
    kind: str
    activities: int
    participants: int
    new_participants: int


def activities_by_kind(span: Period) -> list[KindRow]:
    found: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in activities_held(span)
        .values("kind")
        .annotate(n=Count("pk"), people=Sum("participants"), new=Sum("new_participants"))
        .order_by()
    }
    empty: dict[str, Any] = {}
    return [
        KindRow(
            kind.label,
            found.get(kind.value, empty).get("n") or 0,
            found.get(kind.value, empty).get("people") or 0,
            found.get(kind.value, empty).get("new") or 0,
        )
        for kind in ActivityKind
    ]


@dataclass(frozen=True)
class Participants:
    participants: int
    new_participants: int


def participants(span: Period) -> Participants:
    totals = activities_held(span).aggregate(
        people=Sum("participants"), new=Sum("new_participants")
    )
    return Participants(totals["people"] or 0, totals["new"] or 0)


def gathering_places(span: Period) -> QuerySet:
    """拠点: the distinct places of the year's 居場所の開催 — (service id, service name, place
    text) — a service of the directory, or a place named in free text."""
    return (
        activities_held(span)
        .filter(kind=ActivityKind.GATHERING)
        .values("service", "service__name", "place")
        .distinct()
        .order_by("service__name", "place")
    )


def places_count(span: Period) -> int:
    return gathering_places(span).count()


def organizations_taking_part(span: Period) -> QuerySet[Organization]:
    return Organization.objects.filter(
        pk__in=activities_held(span).values("organizations")
    ).order_by("kind", "kana", "pk")


# --- 地域の担い手 ---


def helper_matches_started(span: Period) -> QuerySet[HelperMatch]:
    return HelperMatch.objects.filter(started_on__range=span)


@dataclass(frozen=True)
class HelpersMatched:
    matches: int
    helpers: int


def helpers_matched(span: Period) -> HelpersMatched:
    found = helper_matches_started(span).aggregate(
        matches=Count("pk"), helpers=Count("helper", distinct=True)
    )
    return HelpersMatched(found["matches"], found["helpers"])


# --- the page ---


@dataclass(frozen=True)
class CommunityFigures:
    fiscal_year: int
    start: dt.date
    end: dt.date
    statuses: list[str]
    issues: list[ThemeRow]
    issues_total: int
    projects: int
    resources: list[Service]
    kinds: list[KindRow]
    participants: Participants
    places: list[dict]
    organizations: list[Organization]
    helpers: HelpersMatched

    @property
    def activities_total(self) -> int:
        return sum(row.activities for row in self.kinds)


def community_figures(year: int) -> CommunityFigures:
    """Every figure of the year: a fixed number of queries whatever the number of records."""
    span = period(year)
    issues = issues_by_theme_and_status(span)
    return CommunityFigures(
        fiscal_year=year,
        start=span[0],
        end=span[1],
        statuses=[status.label for status in IssueStatus],
        issues=issues,
        issues_total=issues_raised(span).count(),
        projects=projects_started(span).count(),
        resources=list(resources_created(span)),
        kinds=activities_by_kind(span),
        participants=participants(span),
        places=list(gathering_places(span)),
        organizations=list(organizations_taking_part(span)),
        helpers=helpers_matched(span),
    )
