"""Reads of activities, committees and the register of resident helpers. Every function takes
a queryset that `kasane.access.community` has already limited to what the user may see, and
only narrows, orders and annotates it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kasane.community.models import (
    Activity,
    Committee,
    CommitteeMember,
    HelperMatch,
    Project,
    ResidentHelper,
)
from kasane.core.japanese import fiscal_year_range
from kasane.organizations.models import Area
from kasane.resources.models import Schedule, Service, Status

ACTIVITY_ORDER = ("-held_on", "-pk")
HELPER_ORDER = ("kana", "pk")


def criteria(values: dict[str, Any]) -> list[str]:
    """Which filters were used, for the audit row (never what was typed)."""
    return sorted(name for name, value in values.items() if value not in (None, "", [], ()))


def filter_activities(activities: QuerySet[Activity], values: dict[str, Any]) -> QuerySet[Activity]:
    if (area := values.get("area")) is not None:
        activities = activities.filter(area_code__startswith=area.code)
    if kind := values.get("kind"):
        activities = activities.filter(kind=kind)
    if (year := values.get("year")) is not None:
        activities = activities.filter(held_on__range=fiscal_year_range(year))
    return activities.prefetch_related("organizations")


def services_near(code: str) -> QuerySet[Service]:
    """Active services with a place in the area with this code prefix ("" for the city), for
    the place of an activity and the target of a match; the directory is small (tens)."""
    services = Service.objects.filter(status=Status.ACTIVE)
    if code:
        services = services.filter(at_locations__location__area_code__startswith=code)
    return services.distinct().order_by("kana", "pk")


def projects_near(code: str) -> QuerySet[Project]:
    projects = Project.objects.filter(ended_on__isnull=True)
    return (projects.filter(area_code__startswith=code) if code else projects).order_by("title")


def committees_with_counts(committees: QuerySet[Committee]) -> QuerySet[Committee]:
    """Each committee with its activities, issues and current members counted (one query)."""
    today = timezone.localdate()
    current = Q(members__term_end__isnull=True) | Q(members__term_end__gte=today)
    return committees.annotate(
        activity_count=Count("activities", distinct=True),
        issue_count=Count("issues", distinct=True),
        member_count=Count("members", filter=current, distinct=True),
    )


def committee_counts(committees: QuerySet[Committee], committee: Committee) -> Committee:
    """The committee with its counts (`committees_with_counts`), from the user's committees."""
    return committees_with_counts(committees).get(pk=committee.pk)


def committees_near(committees: QuerySet[Committee], code: str) -> QuerySet[Committee]:
    """The active committees of the area with this code prefix ("" for the city), for the
    committee of an activity."""
    committees = committees.filter(is_active=True)
    return committees.filter(area_code__startswith=code) if code else committees


@dataclass(frozen=True)
class Members:
    current: list[CommitteeMember]
    past: list[CommitteeMember]


def members_of(committee: Committee, today: dt.date) -> Members:
    """Current members (term not ended by today) and 過去の委員, in one query."""
    members = list(committee.members.all())
    past = [m for m in members if m.term_end is not None and m.term_end < today]
    return Members([m for m in members if m not in past], past)


def recent_activities(committee: Committee, limit: int = 20) -> list[Activity]:
    return list(
        committee.activities.select_related("area", "service").order_by(*ACTIVITY_ORDER)[:limit]
    )


def filter_helpers(
    helpers: QuerySet[ResidentHelper], values: dict[str, Any]
) -> QuerySet[ResidentHelper]:
    if (area := values.get("area")) is not None:
        helpers = helpers.filter(area_code__startswith=area.code)
    if kind := values.get("kind"):
        helpers = helpers.filter(kind=kind)
    if day := values.get("day"):
        helpers = helpers.filter(days__icontains=f'"{day}"')
    if text := values.get("q"):
        helpers = helpers.filter(Q(can_do__icontains=text) | Q(times__icontains=text))
    if values.get("active_only"):
        helpers = helpers.filter(is_active=True)
    return helpers.annotate(
        open_match_count=Count("matches", filter=Q(matches__ended_on__isnull=True), distinct=True)
    )


def matches_of(helper: ResidentHelper) -> list[HelperMatch]:
    return list(helper.matches.select_related("service", "project").order_by("-started_on", "-pk"))


def open_matches_of_service(service: Service) -> QuerySet[HelperMatch]:
    return HelperMatch.objects.filter(service=service, ended_on__isnull=True)


# --- candidates: who could lend a hand here ---


def service_days(service: Service, today: dt.date) -> set[str]:
    """The weekdays ("0" = Monday) the service meets on, from its current schedules."""
    schedules = Schedule.objects.filter(service=service).exclude(valid_to__lt=today)
    return {day for row in schedules.values_list("weekdays", flat=True) for day in row if day}


def service_area_codes(service: Service) -> list[str]:
    return sorted(
        set(service.at_locations.values_list("location__area_code", flat=True)) - {"", None}
    )


def candidates(
    helpers: QuerySet[ResidentHelper], area_codes: list[str], days: set[str]
) -> QuerySet[ResidentHelper]:
    """Active helpers (of those the user may see) who live in the 圏域 of one of the places
    (the first two digits of the code: helpers move within their 圏域), and, when the place
    has schedules, can act on one of its days. Helpers with open matches come last."""
    spheres = sorted({code.split("-")[0] for code in area_codes if code})
    found = helpers.filter(is_active=True)
    if spheres:
        in_area = Q()
        for sphere in spheres:
            in_area |= Q(area_code__startswith=sphere)
        found = found.filter(in_area)
    if days:
        on_days = Q()
        for day in sorted(days):
            on_days |= Q(days__icontains=f'"{day}"')
        found = found.filter(on_days)
    return found.annotate(
        open_match_count=Count("matches", filter=Q(matches__ended_on__isnull=True), distinct=True)
    ).order_by("open_match_count", "kana", "pk")


def sphere_of(area: Area) -> str:
    return area.code.split("-")[0]


def with_matches(helpers: QuerySet[ResidentHelper]) -> QuerySet[ResidentHelper]:
    return helpers.prefetch_related(
        Prefetch("matches", queryset=HelperMatch.objects.select_related("service", "project"))
    )
