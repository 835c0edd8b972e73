"""Reading meetings: consent as the rules need it, the list, the meeting page in
a fixed number of queries, the overlaps in the register of bodies and the year's counts.
Records come from `kasane.access`; these only narrow, order and annotate them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import ENDED_STATUSES, Case, CaseTeamMember
from kasane.cases.selectors import CaseFilters, case_list
from kasane.core.japanese import fiscal_year_range
from kasane.meetings.models import (
    SHARES_WITHOUT_CONSENT,
    AgendaItem,
    ConfidentialityPledge,
    Decision,
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
)
from kasane.meetings.rules import purpose_choices, takes_targets
from kasane.outreach.models import OPEN_STAGES, OutreachAssignment, OutreachTarget
from kasane.people.contact import MASK, home_masked
from kasane.people.models import HouseholdMember, Person

# The ground rules (グランドルール) shown at the start of every 支援会議 and on its minutes,
# after Amagasaki's.
GROUND_RULES = (
    "会議で知った情報は、会議の外で話さず、持ち出しません（社会福祉法第106条の6の守秘義務。"
    "違反には罰則があります）。",
    "資料は会議の終わりに回収します。写真・録音・メモの持ち帰りはしません。",
    "本人や家族を責めず、本人の思いと強みから考えます。",
    "どの機関も「できること」を一つ持ち寄り、役割を分け合います。",
    "分からないことは分からないと言い、推測で話しません。",
    "決めたことは、担当と期限を確認して終わります。",
)


# What an outreach target's agenda item loads with it (its heading and summary).
TARGET_RELATED = ("outreach_target__person", "outreach_target__area")


# --- Consent ---------------------------------------------------------------------------------


def case_people(case: Case) -> list[Person]:
    """Whose consent a case rests on: the current members of its household, or its main
    person."""
    if case.household_id is None:
        return [case.main_person]
    members = HouseholdMember.objects.filter(
        household_id=case.household_id, left_on__isnull=True
    ).select_related("person")
    people = [member.person for member in members]
    return people or [case.main_person]


def missing_consent(case: Case, kind: str) -> list[Person]:
    """The people of the case without an active consent for a meeting of this kind (the rule
    is `access.missing_meeting_consent`)."""
    return access.missing_meeting_consent(case_people(case), kind)


# --- The list and the meeting page ------------------------------------------------------------


# The list opens on the meetings of the past week and those to come, so that a meeting just
# held (whose minutes are still to be written) does not drop out of sight.
RECENT_DAYS = 7
WHEN_CHOICES = (
    ("recent", f"{RECENT_DAYS}日前から先"),
    ("upcoming", "今日から先"),
    ("past", "過去"),
    ("all", "すべて"),
)


@dataclass(frozen=True)
class MeetingFilters:
    when: str = "recent"  # recent, upcoming, past, all (WHEN_CHOICES)
    kind: str = ""
    body: MeetingBody | None = None

    def for_audit(self) -> dict[str, Any]:
        return {
            "when": self.when,
            "kind": self.kind,
            "body": self.body.pk if self.body else None,
        }


def meeting_list(meetings: QuerySet[Meeting], filters: MeetingFilters) -> QuerySet[Meeting]:
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    meetings = meetings.annotate(item_count=Count("items", distinct=True))
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.body:
        meetings = meetings.filter(body=filters.body)
    if filters.when == "recent":
        meetings = meetings.filter(starts_at__gte=start_of_today - dt.timedelta(days=RECENT_DAYS))
    elif filters.when == "upcoming":
        meetings = meetings.filter(starts_at__gte=start_of_today)
    elif filters.when == "past":
        meetings = meetings.filter(starts_at__lt=start_of_today)
    return meetings.order_by(*meeting_order(filters))


def meeting_order(filters: MeetingFilters) -> tuple[str, str]:
    """Recent and upcoming meetings read forwards in time; past and all ones newest first."""
    return ("starts_at", "pk") if filters.when in ("recent", "upcoming") else ("-starts_at", "-pk")


@dataclass
class AgendaSearch:
    text: str
    cases: list[Case]
    has_more: bool


AGENDA_SEARCH_LIMIT = 20


def agenda_case_search(user: User, meeting: Meeting, text: str) -> AgendaSearch:
    """Cases to put on the agenda, found by the main person's name or kana, the household's
    name (as the case list finds them) or the case number: the user's cases not ended and not
    on this agenda yet, at most AGENDA_SEARCH_LIMIT."""
    text = text.strip()[:50]
    if text.isdigit():
        number = int(text) if len(text) <= 9 else 0  # beyond any case number
        cases = access.cases_for_user(user).filter(pk=number)
    else:
        cases = case_list(user, CaseFilters(name=text))
    cases = (
        cases.exclude(status__in=ENDED_STATUSES)
        .exclude(agenda_items__meeting=meeting)
        .select_related("household", "main_person")
        .order_by("-updated_at", "-pk")
    )
    found = list(cases[: AGENDA_SEARCH_LIMIT + 1]) if text else []
    return AgendaSearch(text, found[:AGENDA_SEARCH_LIMIT], len(found) > AGENDA_SEARCH_LIMIT)


@dataclass
class TeamCandidate:
    """A named worker on the team of a case on the agenda, not yet a participant."""

    user: User
    cases: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        organization = self.user.organization.name if self.user.organization_id else "所属なし"
        return f"{self.user.full_name}（{organization}）— {'、'.join(self.cases)}"


def team_candidates(meeting: Meeting) -> list[TeamCandidate]:
    """Whom the coordinator may invite in one step: the named workers of the current teams of
    the agenda's cases, then those assigned to its outreach targets, who can open a meeting and
    are not participants yet, in two queries."""
    members = (
        CaseTeamMember.objects.filter(
            case__agenda_items__meeting=meeting,
            left_on__isnull=True,
            worker__is_active=True,
            worker__in=User.objects.filter(role_assignments__role__in=access.MEETING_ROLES),
        )
        .exclude(worker__in=meeting.participants.filter(user__isnull=False).values("user"))
        .select_related("worker__organization", "case__household", "case__main_person")
        .order_by("case__agenda_items__order", "case_id", "worker__full_name", "pk")
    )
    candidates: dict[int, TeamCandidate] = {}
    for member in members:
        assert member.worker is not None
        candidate = candidates.setdefault(member.worker.pk, TeamCandidate(member.worker))
        if member.case.title not in candidate.cases:
            candidate.cases.append(member.case.title)
    for item in _target_assignments(meeting):
        assert item.outreach_target is not None
        for assignment in item.outreach_target.current:
            assert assignment.worker is not None
            candidate = candidates.setdefault(
                assignment.worker.pk, TeamCandidate(assignment.worker)
            )
            if item.title not in candidate.cases:
                candidate.cases.append(item.title)
    return list(candidates.values())


def _target_assignments(meeting: Meeting) -> list[AgendaItem]:
    """The agenda's outreach targets with their current assignments whose workers may be
    invited (active, able to open a meeting, not participants yet)."""
    workers = (
        User.objects.filter(is_active=True, role_assignments__role__in=access.MEETING_ROLES)
        .exclude(pk__in=meeting.participants.filter(user__isnull=False).values("user"))
        .values("pk")
    )
    return list(
        meeting.items.filter(outreach_target__isnull=False)
        .select_related(*TARGET_RELATED)
        .prefetch_related(
            Prefetch(
                "outreach_target__assignments",
                queryset=OutreachAssignment.objects.filter(left_on__isnull=True, worker__in=workers)
                .select_related("worker__organization")
                .order_by("worker__full_name", "pk"),
                to_attr="current",
            )
        )
        .order_by("order", "pk")
    )


def participants_with_pledges(meeting: Meeting) -> list[MeetingParticipant]:
    """The participants, each with `pledge` (the pledge that covers them, or None), in two
    queries."""
    participants = list(meeting.participants.select_related("user__organization").order_by("pk"))
    user_ids = [p.user_id for p in participants if p.user_id]
    day = meeting.starts_on
    pledges = list(
        ConfidentialityPledge.objects.filter(
            Q(meeting=meeting)
            | Q(
                user_id__in=user_ids,
                meeting__isnull=True,
                valid_from__lte=day,
                valid_until__gte=day,
            )
        )
        .select_related("text", "recorded_by")
        .order_by("signed_on", "pk")
    )
    for participant in participants:
        participant.pledge = next(
            (
                pledge
                for pledge in pledges
                if pledge.participant_id == participant.pk
                or (participant.user_id and pledge.user_id == participant.user_id)
            ),
            None,
        )
    return participants


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related(
            "case__household", "case__main_person", *TARGET_RELATED
        ).prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "plan", "organization", "worker", "handback_organization", "referred_to"
                ),
            )
        )
    )


CASE_MEETINGS_SHOWN = 10


def meetings_of_case(case: Case, meetings: QuerySet[Meeting]) -> QuerySet[AgendaItem]:
    """The agenda items about this case in the meetings the viewer may open, newest first."""
    return (
        AgendaItem.objects.filter(case=case, meeting__in=meetings)
        .select_related("meeting")
        .prefetch_related(
            "meeting__participants",
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "plan", "organization", "worker", "handback_organization", "referred_to"
                ),
            ),
        )
        .order_by("-meeting__starts_at", "-pk")
    )


def pledged_meetings(user: Any, meetings: list[Meeting]) -> set[int]:
    """Which of these meetings a pledge of the user covers, in one query."""
    ids = [meeting.pk for meeting in meetings]
    pledges = list(
        ConfidentialityPledge.objects.filter(
            Q(user=user, meeting_id__in=ids) | Q(user=user, meeting__isnull=True)
        ).only("meeting_id", "valid_from", "valid_until")
    )
    covered = {pledge.meeting_id for pledge in pledges if pledge.meeting_id}
    for meeting in meetings:
        day = meeting.starts_on
        # A pledge without a meeting has both dates (the pledge_has_scope constraint).
        if any(p.meeting_id is None and p.valid_from <= day <= p.valid_until for p in pledges):  # type: ignore[operator]
            covered.add(meeting.pk)
    return covered


def upcoming_for(user: Any, meetings: QuerySet[Meeting], limit: int = 5) -> list[Meeting]:
    """The meetings the user takes part in from today on (the home page)."""
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    return list(
        meetings.filter(
            participants__user=user,
            starts_at__gte=start_of_today,
            status=MeetingStatus.SCHEDULED,
        )
        .annotate(item_count=Count("items"))
        .order_by("starts_at", "pk")[:limit]
    )


# --- The register: where bodies overlap -------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    first: MeetingBody
    second: MeetingBody
    targets: list[str]
    members: list[str]


def overlaps(bodies: list[MeetingBody]) -> list[Overlap]:
    """Pairs of active bodies that discuss the same people with at least two of the same member
    organisations: the candidates to merge or to divide roles (Hatsukaichi)."""
    found = []
    active = [body for body in bodies if body.is_active]
    for first, second in combinations(active, 2):
        targets = [label for label in first.target_labels if label in second.target_labels]
        first_members = {m.name for m in first.members.all()}
        members = sorted(first_members & {m.name for m in second.members.all()})
        if targets and len(members) >= 2:
            found.append(Overlap(first, second, targets, members))
    return found


# --- The year's counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class YearCounts:
    rows: list[dict[str, Any]]
    decisions: list[tuple[str, int]]
    total_meetings: int
    total_cases: int
    total_targets: int = 0


def year_counts(fiscal_year: int) -> YearCounts:
    """Meetings held (minutes confirmed) in the fiscal year by kind, the cases and the outreach
    targets (people with no case) they discussed, and their decisions by type."""
    start, end = fiscal_year_range(fiscal_year)
    held = Meeting.objects.filter(
        status=MeetingStatus.CONFIRMED,
        starts_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        starts_at__lte=timezone.make_aware(dt.datetime.combine(end, dt.time.max)),
    )
    by_kind: dict[str, Any] = {
        row["kind"]: row
        for row in held.values("kind").annotate(
            n_meetings=Count("pk", distinct=True),
            n_items=Count("items", distinct=True),
            n_cases=Count("items__case", distinct=True),
            n_targets=Count("items__outreach_target", distinct=True),
        )
    }
    rows = [
        {
            "kind": kind,
            "label": kind.label,
            "meetings": by_kind.get(kind, {}).get("n_meetings", 0),
            "items": by_kind.get(kind, {}).get("n_items", 0),
            "cases": by_kind.get(kind, {}).get("n_cases", 0),
            "targets": by_kind.get(kind, {}).get("n_targets", 0),
        }
        for kind in MeetingKind
    ]
    decision_counts = Counter(
        dict(
            Decision.objects.filter(item__meeting__in=held)
            .values_list("kind")
            .annotate(n=Count("pk"))
        )
    )
    discussed = AgendaItem.objects.filter(meeting__in=held).aggregate(
        cases=Count("case", distinct=True), targets=Count("outreach_target", distinct=True)
    )
    return YearCounts(
        rows=rows,
        decisions=[(kind.label, decision_counts.get(kind.value, 0)) for kind in DecisionKind],
        total_meetings=sum(row["meetings"] for row in rows),
        total_cases=discussed["cases"],
        total_targets=discussed["targets"],
    )


# --- An agenda item's case summary ------------------------------------------------------------


def case_summary(user: Any, meeting: Meeting, case: Case) -> dict[str, Any]:
    """What participants read about a case on the agenda: the household, the case summary,
    the team, the latest assessment's views and the current plan. Never the progress notes
    (the team's working record) and never an unmasked restricted address. A member the
    meeting may not share (`access.meeting_shows`) is marked `withheld`."""
    from kasane.cases.models import PlanStatus, SupportPlan
    from kasane.people.contact import home_masked

    members = []
    if case.household_id:
        members = list(
            HouseholdMember.objects.filter(household_id=case.household_id, left_on__isnull=True)
            .select_related("person")
            .order_by("-is_key_person", "pk")
        )
    shown = access.meeting_shows(
        user, meeting, [case.main_person_id, *(member.person_id for member in members)]
    )
    for member in members:
        member.withheld = member.person_id not in shown
    home_restricted = home_masked(case.main_person)
    if case.household is not None:
        # The `contact` filter masks a household that does not say whether it is restricted.
        case.household.is_restricted = home_restricted or any(
            member.person.is_restricted for member in members
        )
    plans = list(
        SupportPlan.objects.filter(
            case=case, status__in=[PlanStatus.APPROVED, PlanStatus.DRAFT]
        ).prefetch_related("items__organization")
    )
    assessment = case.assessments.order_by("-version").first()
    return {
        "case": case,
        "main_withheld": case.main_person_id not in shown,
        "members": members,
        "home_restricted": home_restricted,
        "team": list(
            case.team.filter(left_on__isnull=True).select_related("organization", "worker")
        ),
        "assessment": assessment,
        "approved_plan": next((p for p in plans if p.status == PlanStatus.APPROVED), None),
        "draft_plan": next((p for p in plans if p.status == PlanStatus.DRAFT), None),
    }


def case_meetings(user: Any, case: Case) -> dict[str, Any]:
    """The case page's 会議 card: the meetings about this case the user may open, and for a
    coordinator the coming meetings the case could be put on, with the purposes each allows."""

    all_items = meetings_of_case(case, access.meetings_for_user(user))
    items = list(all_items[:CASE_MEETINGS_SHOWN])
    reads_all = access.oversees_meetings(user)
    pledged = pledged_meetings(user, [item.meeting for item in items])
    for item in items:
        # The card shows what a meeting decided only to those its rules let see its content.
        item.content_allowed = access.content_access(
            user, item.meeting, manages=reads_all, pledged=item.meeting_id in pledged
        ).allowed
    choices = []
    if access.may_manage_meetings(user) and not case.is_ended:
        coming = (
            Meeting.objects.filter(
                starts_at__gte=timezone.now() - dt.timedelta(hours=12),
                status=MeetingStatus.SCHEDULED,
            )
            .exclude(items__case=case)
            .order_by("starts_at", "pk")[:5]
        )
        choices = [(meeting, purpose_choices(meeting.kind)) for meeting in coming]
    count = len(items) if len(items) < CASE_MEETINGS_SHOWN else all_items.count()
    return {"meeting_items": items, "meeting_count": count, "meeting_choices": choices}


def agenda_people(meeting: Meeting) -> QuerySet[Any]:
    """Whom the meeting's agenda shows, for the audit row of its page or printout: each case's
    main person and the current members of its household, and each identified outreach
    target's person. A query that `audit_record` reads inside its insert."""
    main = Case.objects.filter(agenda_items__meeting=meeting).values("main_person_id")
    members = HouseholdMember.objects.filter(
        left_on__isnull=True, household__cases__agenda_items__meeting=meeting
    ).values("person_id")
    targets = OutreachTarget.objects.filter(
        agenda_items__meeting=meeting, person__isnull=False
    ).values("person_id")
    return Person.objects.filter(Q(pk__in=main) | Q(pk__in=members) | Q(pk__in=targets)).values(
        "pk"
    )


# --- Outreach targets on the agenda (someone with no case, at a 支援会議) ----------------------

# How many of a target's latest contact attempts its summary shows.
SUMMARY_ATTEMPTS = 5
# How many targets the meeting page offers to choose from (any other by its number).
AGENDA_TARGET_CHOICES = 20


def _open_cases() -> QuerySet[Case]:
    return Case.objects.exclude(status__in=ENDED_STATUSES)


def case_of_target(target: OutreachTarget) -> int | None:
    """The number of the target's case, if it has one: the case opened from it, or an open
    case of its person (then the 支援会議 takes that case, not the target)."""
    if target.case_id is not None:
        return target.case_id
    if target.person_id is None:
        return None
    return (
        _open_cases().filter(main_person_id=target.person_id).values_list("pk", flat=True).first()
    )


def target_summary(meeting: Meeting, target: OutreachTarget) -> dict[str, Any]:
    """What participants read about an outreach target on the agenda: who (the name, or the
    description while not identified), the area, the stage, why it was noticed and the dates
    and results of the latest attempts. Never the attempts' notes, never the target's page;
    a restricted person's address and area are masked (`people.contact`), whoever reads."""
    masked = target.person is not None and home_masked(target.person)
    attempts = list(
        target.attempts.select_related("organization").order_by("-occurred_at", "-pk")[
            :SUMMARY_ATTEMPTS
        ]
    )
    return {
        "target": target,
        "home_restricted": masked,
        "area_shown": MASK if masked else (target.area.name if target.area else ""),
        "attempts": attempts,
        "assignments": list(
            target.assignments.filter(left_on__isnull=True)
            .select_related("organization", "worker")
            .order_by("pk")
        ),
    }


def agenda_target_choices(user: User, meeting: Meeting) -> list[OutreachTarget]:
    """Outreach targets a coordinator may put on this 支援会議's agenda, at most
    AGENDA_TARGET_CHOICES: open, with no case (`case_of_target`), not on it yet, those overdue
    for a contact first."""
    if not takes_targets(meeting.kind):
        return []
    targets = (
        access.outreach_targets_for_user(user)
        .filter(stage__in=OPEN_STAGES, case__isnull=True)
        .exclude(agenda_items__meeting=meeting)
        .exclude(Exists(_open_cases().filter(main_person_id=OuterRef("person_id"))))
        .order_by(F("next_contact_on").asc(nulls_last=True), "pk")
    )
    return list(targets[:AGENDA_TARGET_CHOICES])


TARGET_MEETINGS_SHOWN = 10


def target_meetings(user: User, target: OutreachTarget) -> dict[str, Any] | None:
    """The target page's 会議 card: the meetings that discussed the target which the user may
    open (their decisions shown to those the meeting's rules let read them), and for a
    coordinator the coming 支援会議 it could be put on. None for those who open no meeting."""
    if not access.has_role(user, *access.MEETING_ROLES):
        return None
    all_items = (
        AgendaItem.objects.filter(
            outreach_target=target, meeting__in=access.meetings_for_user(user)
        )
        .select_related("meeting")
        .prefetch_related(
            "meeting__participants",
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("organization", "worker")
            ),
        )
        .order_by("-meeting__starts_at", "-pk")
    )
    items = list(all_items[:TARGET_MEETINGS_SHOWN])
    reads_all = access.oversees_meetings(user)
    pledged = pledged_meetings(user, [item.meeting for item in items])
    for item in items:
        item.content_allowed = access.content_access(
            user, item.meeting, manages=reads_all, pledged=item.meeting_id in pledged
        ).allowed
    choices: list[Meeting] = []
    if access.may_manage_meetings(user) and not target.is_closed and not case_of_target(target):
        choices = list(
            Meeting.objects.filter(
                kind__in=SHARES_WITHOUT_CONSENT,
                starts_at__gte=timezone.now() - dt.timedelta(hours=12),
                status=MeetingStatus.SCHEDULED,
            )
            .exclude(items__outreach_target=target)
            .order_by("starts_at", "pk")[:5]
        )
    count = len(items) if len(items) < TARGET_MEETINGS_SHOWN else all_items.count()
    return {"meeting_items": items, "meeting_count": count, "meeting_choices": choices}
