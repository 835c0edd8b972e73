"""Reading cases: the case list with its filters (and the export of it), everything the case
page shows in a fixed number of queries, and the worker's tasks for the home page. Records
come from `kasane.access`; these only narrow, order and annotate them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.db.models import (
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import criteria_used
from kasane.cases.models import (
    ENDED_STATUSES,
    Case,
    CaseNote,
    CaseStatus,
    CaseTeamMember,
    PlanStatus,
    ScreeningCriterion,
    SupportPlan,
    TeamRole,
)
from kasane.cases.services import EVALUATION_STATUSES, TRANSITIONS
from kasane.core.japanese import name_key
from kasane.core.pagination import CappedCount, capped_count
from kasane.organizations.models import Organization
from kasane.people.contact import home_masked, home_masked_sql
from kasane.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HOME_LIMIT = 10
NOTES_SHOWN = 20
# Coming up within this many days counts as due on the home page.
MONITORING_NOTICE_DAYS = 7
# The statuses along the main path, in order, for the page's status path.
MAIN_PATH = (
    CaseStatus.RECEIVED,
    CaseStatus.SCREENING,
    CaseStatus.DECIDED,
    CaseStatus.ASSESSMENT,
    CaseStatus.PLANNING,
    CaseStatus.SUPPORT,
    CaseStatus.CLOSED,
)


def lives_with_restricted() -> ExpressionWrapper:
    """Whether the case's main person is under 閲覧制限 or lives with someone who is: then the
    person's address and phone are masked (a shared home would tell where the restricted
    person lives). Cases never unmask, whatever grants the user holds."""
    return home_masked_sql("main_person")


def _leads() -> Prefetch:
    return Prefetch(
        "team",
        queryset=CaseTeamMember.objects.filter(role=TeamRole.LEAD, left_on__isnull=True)
        .select_related("organization", "worker")
        .order_by("pk"),
        to_attr="leads",
    )


# --- The list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""  # a CaseStatus, or "active" for every case not ended
    program: str = ""
    organization: Organization | None = None  # on the team now (coordinators)
    name: str = ""

    def for_audit(self) -> dict[str, Any]:
        """Which filters were used, not their values (a name typed is personal data)."""
        return {"criteria": criteria_used(self.__dict__)}


class CaseListAnnotations(TypedDict):
    home_restricted: bool


if TYPE_CHECKING:
    # A case as `case_list` returns it (django-stubs-ext is a development dependency).
    ListedCase = WithAnnotations[Case, CaseListAnnotations]


def case_list(user: User, filters: CaseFilters) -> QuerySet[ListedCase]:
    """The cases the user may see, filtered, newest activity first; each with `leads` (the
    current 主担当) and `home_restricted` (the next monitoring date is on the row)."""
    cases = (
        access.cases_for_user(user)
        .select_related("main_person__area", "household")
        .prefetch_related(_leads())
        .annotate(home_restricted=lives_with_restricted())
    )
    if filters.status == "active":
        cases = cases.exclude(status__in=ENDED_STATUSES)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.program:
        # A JSON list of codes; the quotes keep one code from matching inside another.
        cases = cases.filter(programs__icontains=f'"{filters.program}"')
    if filters.organization is not None and access.person_scope(user) is None:
        cases = cases.filter(
            pk__in=CaseTeamMember.objects.filter(
                organization=filters.organization, left_on__isnull=True
            ).values("case_id")
        )
    if key := name_key(filters.name):
        cases = cases.filter(
            Q(main_person__name_key__contains=key)
            | Q(main_person__kana_key__contains=key)
            | Q(household__name__icontains=filters.name.strip())
        )
    return cases.order_by("-updated_at", "-pk")


def open_cases_of(user: User, person: Person) -> QuerySet[Case]:
    """The person's cases not ended that the user may see (opening another one is then
    probably a duplicate)."""
    return (
        access.cases_for_user(user)
        .filter(main_person=person)
        .exclude(status__in=ENDED_STATUSES)
        .order_by("-opened_on", "-pk")
    )


# --- The case page ----------------------------------------------------------------------------


@dataclass
class TeamView:
    current: list[CaseTeamMember] = field(default_factory=list)
    former: list[CaseTeamMember] = field(default_factory=list)


def _visible(queryset: QuerySet, pk: int | None, *related: str) -> Any:
    """The record if the user may open it, else None; joined only to what the page names
    (the access getters join all their own pages show: planning a nine-table join cost the
    case page 7 ms for one row)."""
    if pk is None:
        return None
    return queryset.select_related(None).select_related(*related).filter(pk=pk).first()


@dataclass(frozen=True)
class NotesPage:
    """One page of the notes the user may read, newest first: the page never loads more than
    NOTES_SHOWN of them, however long the case has run."""

    notes: list[CaseNote]
    number: int
    count: CappedCount  # years of notes on a long case: counted up to a cap

    @property
    def first(self) -> int:
        return (self.number - 1) * NOTES_SHOWN + 1 if self.notes else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * NOTES_SHOWN + len(self.notes)

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    @property
    def has_older(self) -> bool:
        return self.last < self.count.value


def notes_page(notes: QuerySet[CaseNote], number: int) -> NotesPage:
    """Page `number` of `notes` (ordered); one out of range shows the nearest page."""
    count = capped_count(notes)
    number = max(1, min(number, -(-count.value // NOTES_SHOWN)))
    start = (number - 1) * NOTES_SHOWN
    return NotesPage(list(notes[start : start + NOTES_SHOWN]), number, count)


def case_page_context(user: User, case: Case, *, notes_number: int = 1) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries: the team (current and
    former), the transitions, the latest assessment, every plan version, the evaluations,
    one page of the notes the user may read (`notes_number`, newest first), and the sources
    and household the user may open."""
    members = list(
        case.team.select_related("organization", "worker", "meeting").order_by("joined_on", "pk")
    )
    team = TeamView(
        current=[m for m in members if m.left_on is None],
        former=[m for m in members if m.left_on is not None],
    )
    notes = notes_page(
        access.notes_for_user(user, case).order_by("-written_on", "-pk"), notes_number
    )
    plans = list(case.plans.select_related("approved_by", "approved_meeting").order_by("-version"))
    home_restricted = home_masked(case.main_person)
    may_work = access.may_work_on_case(user, case)
    attached = list(
        case.attached_referrals.select_related("referral__sender_organization").order_by(
            "attached_at"
        )
    )
    openable = set(
        access.referrals_received_for_user(user)
        .filter(pk__in=[link.referral_id for link in attached])
        .values_list("pk", flat=True)
    )
    return {
        # つなぎ attached to this case after it was opened; linked for those who may open them.
        "attached_referrals": [(link.referral, link.referral_id in openable) for link in attached],
        "case": case,
        "team": team,
        "transitions": list(case.transitions.select_related("actor__organization", "meeting")),
        "assessment": case.assessments.select_related("created_by").first(),
        "plans": plans,
        "approved_plan": next((p for p in plans if p.status == PlanStatus.APPROVED), None),
        "draft_plan": next((p for p in plans if p.status == PlanStatus.DRAFT), None),
        "evaluations": list(
            case.evaluations.select_related(
                "created_by", "handback_referral", "handback_organization"
            )
        ),
        "notes": notes.notes,
        "note_count": notes.count,
        "notes_page": notes,
        # The household (annotated `is_restricted`), the person and the sources, when this
        # user may open them; the page names them without a link otherwise.
        "household": _visible(access.households_for_user(user), case.household_id, "area"),
        "person_visible": access.may_see_person(user, case.main_person_id),
        "consultation": _visible(access.consultations_for_user(user), case.consultation_id),
        "referral": _visible(
            access.referrals_received_for_user(user), case.referral_id, "sender_organization"
        ),
        "home_restricted": home_restricted,
        "criteria_labels": [
            ScreeningCriterion(code).label
            for code in case.screening_criteria
            if code in ScreeningCriterion.values
        ],
        "path": status_path(case),
        "next_steps": next_steps(case) if may_work else [],
        "may_evaluate": may_work and case.status in EVALUATION_STATUSES,
        "may_work": may_work,
        "today": timezone.localdate(),
    }


@dataclass(frozen=True)
class PathStep:
    label: str
    state: str  # "done", "current" or "later"


def status_path(case: Case) -> list[PathStep]:
    """The main path and where the case stands on it. モニタリング and 再プラン stand in the place
    of 支援中; 対象外 ends the path after スクリーニング; 中断 stands alone (the history below
    says when)."""
    current = CaseStatus(case.status)
    if current == CaseStatus.SUSPENDED:
        return [PathStep(current.label, "current")]
    if current == CaseStatus.NOT_ELIGIBLE:
        done = (CaseStatus.RECEIVED, CaseStatus.SCREENING)
        return [*(PathStep(s.label, "done") for s in done), PathStep(current.label, "current")]
    loops = (CaseStatus.MONITORING, CaseStatus.REPLANNING)
    position = MAIN_PATH.index(CaseStatus.SUPPORT if current in loops else current)
    return [
        PathStep(
            current.label if index == position else status.label,
            "done" if index < position else "current" if index == position else "later",
        )
        for index, status in enumerate(MAIN_PATH)
    ]


def next_steps(case: Case) -> list[str]:
    """The statuses the case may move to from the page; 終結 is reached only by an evaluation."""
    allowed = TRANSITIONS[CaseStatus(case.status)] - {CaseStatus.CLOSED}
    return [status for status in CaseStatus.values if status in allowed]


# --- The home page ----------------------------------------------------------------------------


class QuietSince(TypedDict):
    quiet_since: dt.date


if TYPE_CHECKING:
    # A case as `my_tasks` lists it among the quiet ones: the date of its last recorded contact,
    # or of 受付 when there is none.
    QuietCase = WithAnnotations[Case, QuietSince]


@dataclass(frozen=True)
class MyTasks:
    """What a worker or coordinator has to do on cases: monitoring dates coming up (plans),
    next actions due (notes), and quiet cases (no recorded contact for `quiet_days` days).
    Each list holds at most HOME_LIMIT rows; the counts are of all, up to COUNT_CAP."""

    monitoring: list[SupportPlan]
    monitoring_count: CappedCount
    actions: list[CaseNote]
    actions_count: CappedCount
    quiet: list[QuietCase]
    quiet_count: CappedCount
    quiet_days: int

    @property
    def is_empty(self) -> bool:
        return not (self.monitoring_count or self.actions_count or self.quiet_count)


def my_tasks(user: User) -> MyTasks | None:
    """The tasks on the cases the user's organisation is on the team of (coordinators: every
    case), in a fixed number of queries; None for users who do no case work."""
    if not access.does_case_work(user):
        return None
    today = timezone.localdate()
    visible = access.cases_for_user(user)
    monitoring = (
        SupportPlan.objects.filter(
            status=PlanStatus.APPROVED,
            monitoring_on__lte=today + dt.timedelta(days=MONITORING_NOTICE_DAYS),
            case__in=visible.filter(status__in=EVALUATION_STATUSES),
        )
        .select_related("case__household", "case__main_person")
        .order_by("monitoring_on", "pk")
    )
    actions = (
        CaseNote.objects.filter(
            next_action_done=False,
            next_action_on__lte=today,
            organization_id=user.organization_id,
            case__in=visible,
        )
        .select_related("case__household", "case__main_person", "author")
        .order_by("next_action_on", "pk")
    )
    quiet_days = getattr(settings, "KASANE_CASE_QUIET_DAYS", 30)
    quiet = (
        visible.exclude(status__in=ENDED_STATUSES)
        .annotate(quiet_since=Coalesce("last_contact_on", "opened_on"))
        .filter(quiet_since__lt=today - dt.timedelta(days=quiet_days))
        .order_by("quiet_since", "pk")
    )
    return MyTasks(
        monitoring=list(monitoring[:HOME_LIMIT]),
        monitoring_count=capped_count(monitoring),
        actions=list(actions[:HOME_LIMIT]),
        actions_count=capped_count(actions),
        quiet=list(quiet[:HOME_LIMIT]),
        quiet_count=capped_count(quiet),
        quiet_days=quiet_days,
    )
