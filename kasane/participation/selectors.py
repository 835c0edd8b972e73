"""Reading 参加支援: the case's participation page (people, their wishes and matches), the
resources that fit a person's wishes (`proposals`, on the directory's own search), a match's
page, the case page's section and the coordinator's home card (follow-ups due). Every read
starts from `kasane.access`; each list is a fixed number of queries whatever its rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.cases.models import Case, CaseTeamMember
from kasane.cases.services import household_people
from kasane.core.japanese import add_months
from kasane.core.pagination import CappedCount, capped_count
from kasane.organizations.models import Area, AreaKind
from kasane.participation.models import (
    ATTENDING_STAGES,
    FollowUp,
    FollowUpKind,
    Match,
    ParticipationProfile,
    Stage,
    follow_up_due_on,
)
from kasane.participation.services import due_follow_up, is_participation_case
from kasane.people.models import Person
from kasane.resources import selectors as resources
from kasane.resources.models import Schedule, Service, ServiceCategory

# How many fitting resources the matching page lists (the nearest first: the directory's order).
PROPOSAL_LIMIT = 20
HOME_LIMIT = 10


def years_of(person: Person, today: dt.date | None = None) -> int | None:
    if person.birth_date is None:
        return None
    today = today or timezone.localdate()
    born = person.birth_date
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def home_area(person: Person, case: Case) -> Area | None:
    """The person's 町丁目, or their household's."""
    if person.area_id is not None:
        return person.area
    household = case.household
    return household.area if household is not None else None


def widen(area: Area | None, kind: str) -> Area | None:
    """The area of this kind (地区, 圏域) that holds `area`; None for the whole city."""
    while area is not None and area.kind not in (kind, AreaKind.CITY):
        area = area.parent
    return area if area is not None and area.kind == kind else None


def proposals(
    user: User,
    *,
    categories: list[ServiceCategory] | QuerySet[ServiceCategory],
    weekdays: list[str],
    area: Area | None,
    age: int | None,
    accepting: bool = True,
) -> QuerySet[Service]:
    """The open services that fit: of one of the categories, meeting on one of the days,
    with a place in the area, for the age, and (by default) accepting new people now."""
    services = resources.search(user, {"area": area, "age": age, "accepting": accepting})
    if categories:
        services = services.filter(
            pk__in=Service.categories.through.objects.filter(
                servicecategory__in=list(categories)
            ).values("service_id")
        )
    if weekdays:
        on_days = Q()
        for day in weekdays:
            on_days |= Q(weekdays__contains=day)
        current = Schedule.objects.filter(resources.schedules_current(timezone.localdate()))
        services = services.filter(pk__in=current.filter(on_days).values("service_id"))
    return resources.with_rows(services).order_by(*resources.LIST_ORDER)


def mark_matched(found: list[Service], case: Case, person: Person) -> list[Service]:
    """Mark the services the person already has an open match with (one query)."""
    open_matches = Match.objects.filter(case=case, person=person).exclude(stage=Stage.ENDED)
    matched = {match.service_id: match for match in open_matches}
    for service in found:
        service.open_match = matched.get(service.pk)  # type: ignore[attr-defined]
    return found


@dataclass
class PersonRow:
    person: Person
    profile: ParticipationProfile | None
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class CaseParticipation:
    case: Case
    uses_participation: bool
    people: list[PersonRow]
    may_record: bool

    @property
    def matches(self) -> list[Match]:
        return [match for row in self.people for match in row.matches]


def case_participation(user: User, case: Case) -> CaseParticipation:
    """The case's people with their wishes and matches (four queries whatever their number)."""
    people = household_people(case)
    profiles = {p.person_id: p for p in ParticipationProfile.objects.filter(case=case)}
    rows = {person.pk: PersonRow(person, profiles.get(person.pk)) for person in people}
    matches = (
        access.matches_for_user(user)
        .filter(case=case)
        .prefetch_related("follow_ups")
        .order_by("-proposed_on", "-pk")
    )
    for match in matches:
        row = rows.get(match.person_id)
        if row is None:  # someone who has since left the household
            row = rows[match.person_id] = PersonRow(match.person, None)
        _mark(match)
        row.matches.append(match)
    return CaseParticipation(
        case=case,
        uses_participation=is_participation_case(case),
        people=list(rows.values()),
        may_record=access.may_record_participation(user, case),
    )


def _mark(match: Match, today: dt.date | None = None) -> None:
    """What the pages suggest: the follow-up due and whether 定着 may be confirmed."""
    today = today or timezone.localdate()
    recorded = {follow_up.kind for follow_up in match.follow_ups.all()}
    kind = due_follow_up(match, recorded, today)
    match.due_follow_up = FollowUpKind(kind).label if kind else ""  # type: ignore[attr-defined]
    match.due_kind = kind or ""  # type: ignore[attr-defined]
    due = match.settle_due_on
    match.settle_due = due is not None and due <= today  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MatchPage:
    match: Match
    transitions: list[Any]
    follow_ups: list[FollowUp]
    schedule: list[tuple[str, dt.date, bool]]


def match_page(match: Match) -> MatchPage:
    """A match with its history and follow-ups, and the follow-up schedule (three queries)."""
    follow_ups = list(match.follow_ups.select_related("recorded_by"))
    _mark(match)
    recorded = {f.kind for f in follow_ups}
    schedule = []
    if match.started_on is not None:
        schedule = [
            (kind.label, follow_up_due_on(kind, match.started_on), kind in recorded)
            for kind in FollowUpKind
        ]
    transitions = list(match.transitions.select_related("actor"))
    return MatchPage(match, transitions, follow_ups, schedule)


# The list's order: the newest proposals first.
LIST_ORDER = ("-proposed_on", "-id")


def match_list(user: User, filters: dict[str, Any]) -> QuerySet[Match]:
    """The matches the user may see, by stage (`open`: not ended, by default; `all`), and
    only those with a follow-up due (`due`)."""
    stage = filters.get("stage") or "open"
    matches = follow_ups_due(user) if filters.get("due") else access.matches_for_user(user)
    if stage == "open":
        matches = matches.exclude(stage=Stage.ENDED)
    elif stage != "all":
        matches = matches.filter(stage=stage)
    return matches.prefetch_related("follow_ups")


def mark_rows(matches: list[Match]) -> list[Match]:
    for match in matches:
        _mark(match)
    return matches


@dataclass(frozen=True)
class HomeFollowUps:
    matches: list[Match]
    count: CappedCount


def _recorded(kind: str) -> Exists:
    return Exists(FollowUp.objects.filter(match=OuterRef("pk"), kind=kind))


def follow_ups_due(user: User, today: dt.date | None = None) -> QuerySet[Match]:
    """Attending matches with a follow-up due and not recorded, on the cases the user may
    record on (participation coordinators: their organisation's team cases)."""
    today = today or timezone.localdate()
    matches = access.matches_for_user(user).filter(stage__in=ATTENDING_STAGES)
    if not access.has_role(user, Role.COORDINATOR):
        team = CaseTeamMember.objects.filter(
            organization_id=user.organization_id, left_on__isnull=True
        )
        matches = matches.filter(case_id__in=team.values("case_id"))
    due = (
        Q(started_on__lte=today - dt.timedelta(days=7), has_week=False)
        | Q(started_on__lte=add_months(today, -1), has_month=False)
        | Q(started_on__lte=add_months(today, -3), has_quarter=False)
    )
    return matches.annotate(
        has_week=_recorded(FollowUpKind.WEEK),
        has_month=_recorded(FollowUpKind.MONTH),
        has_quarter=_recorded(FollowUpKind.QUARTER),
    ).filter(due)


def home_follow_ups(user: User) -> HomeFollowUps | None:
    """The participation coordinator's card: the follow-ups due, oldest start first (two
    queries whatever the number of matches)."""
    if not access.has_role(user, Role.PARTICIPATION_COORDINATOR):
        return None
    today = timezone.localdate()
    due = follow_ups_due(user, today)
    rows = list(due.order_by("started_on", "pk")[:HOME_LIMIT])
    for match in rows:
        recorded = {
            kind
            for kind, flag in (
                (FollowUpKind.WEEK, match.has_week),  # type: ignore[attr-defined]
                (FollowUpKind.MONTH, match.has_month),  # type: ignore[attr-defined]
                (FollowUpKind.QUARTER, match.has_quarter),  # type: ignore[attr-defined]
            )
            if flag
        }
        kind = due_follow_up(match, {str(k) for k in recorded}, today)
        match.due_follow_up = FollowUpKind(kind).label if kind else ""  # type: ignore[attr-defined]
    return HomeFollowUps(rows, capped_count(due))


STAGE_LABELS = dict(Stage.choices)
