"""Reading the directory of 社会資源: the search (`search`, reused by participation
matching and the exports), whether one service fits a day, an age and an area (`fits`), a
service's page, and the freshness lists (what to check again). Every read starts from
`kasane.access`; each list is one query for its rows and one per prefetched relation,
whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kasane import access
from kasane.accounts.roles import Role
from kasane.audit.services import criteria_used
from kasane.core.japanese import name_key
from kasane.core.pagination import CappedCount, capped_count
from kasane.organizations.models import Area, AreaKind
from kasane.resources.models import (
    Occurrence,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
    stale_cutoff,
)

# The directory's order: by ふりがな (the index `resources_service_list`).
LIST_ORDER = ("kana", "id")
# The freshness list's: never checked first, then the oldest check.
STALE_ORDER = ("assured_date", "id")
# How many of the next dates a service page shows.
NEXT_DATES = 5


def area_prefix(area: Area | None) -> str:
    """The code prefix the area's places share ("" for the whole city: no filter)."""
    if area is None or area.kind == AreaKind.CITY:
        return ""
    return area.code


def schedules_current(on: dt.date) -> Q:
    """Schedules still valid on a day (or with no end)."""
    return Q(valid_to__isnull=True) | Q(valid_to__gte=on)


def search(user: Any, filters: dict[str, Any]) -> QuerySet[Service]:
    """The services the filters select (404 for those who may not read the directory):

    - `status`: 運営中 by default, 休止, 廃止 or "all";
    - `category` (a ServiceCategory), `area` (圏域, 地区 or 町丁目: a place of the service in
      it), `weekday` (0 = Monday: a current schedule on that day), `age` (within the service's
      ages), `q` (every word in the name, ふりがな, description or organisation, compared as
      `name_key` reads them: ひらがな/カタカナ, 全角/半角 and 異体字 do not matter),
      `accepting` (accepts new people now), `stale` (to check again).

    Not ordered; `with_rows` adds what a list shows."""
    services = access.services_for_user(user)
    status = filters.get("status") or Status.ACTIVE
    if status != "all":
        services = services.filter(status=status)
    if (category := filters.get("category")) is not None:
        services = services.filter(
            pk__in=Service.categories.through.objects.filter(servicecategory=category).values(
                "service_id"
            )
        )
    if prefix := area_prefix(filters.get("area")):
        services = services.filter(
            pk__in=ServiceAtLocation.objects.filter(location__area_code__startswith=prefix).values(
                "service_id"
            )
        )
    if (weekday := filters.get("weekday")) not in (None, ""):
        on_day = Schedule.objects.filter(schedules_current(timezone.localdate())).filter(
            weekdays__contains=str(weekday)
        )
        services = services.filter(pk__in=on_day.values("service_id"))
    if (age := filters.get("age")) is not None:
        services = services.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )
    for word in _words(filters.get("q") or ""):
        services = services.filter(search_key__contains=word)
    if filters.get("accepting"):
        services = services.filter(accepting_new=True)
    if filters.get("stale"):
        services = services.filter(needs_check())
    return services


def criteria(filters: dict[str, Any]) -> list[str]:
    """The filters a search used, for its audit row (names only; an unticked box is none)."""
    return criteria_used({name: value for name, value in filters.items() if value is not False})


def _words(text: str) -> list[str]:
    return [name_key(word) for word in (text or "").split() if name_key(word)]


def needs_check(today: dt.date | None = None) -> Q:
    """Not closed, and never checked or last checked before the cutoff (`Service.needs_check`
    as a condition)."""
    cutoff = stale_cutoff(today or timezone.localdate())
    return ~Q(status=Status.CLOSED) & (Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))


def with_rows(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a row of the directory shows: the organisation, categories, places with their
    areas, and current schedules (one query each)."""
    today = timezone.localdate()
    return services.select_related("organization").prefetch_related(
        Prefetch("categories", queryset=ServiceCategory.objects.order_by("sort_order", "pk")),
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location__area__parent__parent"
            ).order_by("pk"),
        ),
        Prefetch(
            "schedules",
            queryset=Schedule.objects.filter(schedules_current(today)).order_by("pk"),
        ),
    )


def fits(
    service: Service,
    *,
    weekday: int | None = None,
    age: int | None = None,
    area: Area | None = None,
    on: dt.date | None = None,
) -> bool:
    """Whether a service (read `with_rows`) fits a day of the week, an age and an area, as
    the search decides it: for matching a person's wishes one service at a time."""
    if age is not None and not service.fits_age(age):
        return False
    if weekday is not None:
        today = on or timezone.localdate()
        current = [s for s in service.schedules.all() if s.valid_to is None or s.valid_to >= today]
        if not any(str(weekday) in schedule.weekdays for schedule in current):
            return False
    prefix = area_prefix(area)
    if prefix:
        codes = [at.location.area_code for at in service.at_locations.all()]
        if not any(code.startswith(prefix) for code in codes):
            return False
    return True


@dataclass(frozen=True)
class Place:
    """A place of a service, with its schedules and their next dates."""

    at: ServiceAtLocation
    schedules: list[Schedule]


@dataclass(frozen=True)
class ServicePage:
    service: Service
    places: list[Place]
    unplaced: list[Schedule]  # schedules of the service itself (no fixed place)
    next_dates: list[tuple[Occurrence, Schedule]]


def service_page(service: Service, today: dt.date | None = None) -> ServicePage:
    """A service's page: its places and schedules (one query each) and the next dates the
    current schedules meet, soonest first."""
    today = today or timezone.localdate()
    ats = list(service.at_locations.select_related("location__area__parent__parent").order_by("pk"))
    schedules = list(service.schedules.order_by("pk"))
    places = [Place(at, [s for s in schedules if s.service_at_location_id == at.pk]) for at in ats]
    unplaced = [s for s in schedules if s.service_at_location_id is None]
    upcoming = [
        (occurrence, schedule)
        for schedule in schedules
        for occurrence in schedule.next_dates(today, NEXT_DATES)
    ]
    upcoming.sort(key=lambda pair: (pair[0].day, pair[1].opens_at or dt.time(0)))
    return ServicePage(service, places, unplaced, upcoming[:NEXT_DATES])


def categories_of(service: Service) -> list[ServiceCategory]:
    return list(service.categories.order_by("sort_order", "pk"))


def user_area(user: Any) -> Area | None:
    """The area of the user's organisation (a 生活支援コーディネーター's 圏域), if any."""
    organization = getattr(user, "organization", None)
    return organization.area if organization is not None else None


def stale_services(user: Any, area: Area | None) -> QuerySet[Service]:
    """Services to check again (`needs_check`) with a place in the area (all when None)."""
    return search(user, {"status": "all", "stale": True, "area": area})


@dataclass(frozen=True)
class HomeStale:
    area: Area | None
    services: list[Service]
    count: CappedCount


HOME_LIMIT = 5


def home_stale(user: Any) -> HomeStale | None:
    """The home card of community workers and participation coordinators: the services to
    check again in their organisation's area (every area when it has none), oldest first."""
    if not access.has_role(user, Role.COMMUNITY_WORKER, Role.PARTICIPATION_COORDINATOR):
        return None
    area = user_area(user)
    services = stale_services(user, area)
    rows = list(services.order_by("assured_date", "id")[:HOME_LIMIT])
    return HomeStale(area, rows, capped_count(services))


def partners(user: Any) -> QuerySet[ResourceOrganization]:
    """The cooperating organisations (協力事業者): their number is an indicator."""
    return access.resource_organizations_for_user(user).filter(is_partner=True)
