"""Fictitious cases for デモ市: coordination cases in every status over the generated people, so
that the case list, the case page and my tasks have something real to show.

Everything is drawn from one seeded `random.Random` over the city as it stands (windows, staff
and generated people in pk order), so a seed and a moment give the same cases.

What is drawn, and why:
- A case is about a generated person (created_by None) registered by a consultation window
  that has case-work staff: the key person of their household (or someone living alone), never
  a restricted, moved-out or dead person, one case per person. The window is 主担当 with one
  of its workers; the coordinator joins as 多機関協働担当. Nobody else: generated people have
  no consent to share their case with other organisations.
- Every status appears, and each case walked the allowed path to it (`TRANSITIONS`), with the
  dates of each step in the past: statuses after アセスメント have an assessment, プラン作成 a
  draft plan, 支援中・モニタリング・再プラン・終結・中断 an approved plan, and 再プラン・終結・中断
  the evaluation that decided it (終結 never by つなぎ戻し: that would send a referral).
- Notes are the 主担当's. Only an open case's latest note may have a next action still to do.

This is bulk data, not a user's action: created_by stays None and no audit rows are written.
The times the models stamp (created_at, updated_at, a transition's at) are moved back to the
drawn days after inserting, so that lists sort as the story happened.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.cases.areas import fill_case_areas
from kasane.cases.models import (
    ENDED_STATUSES,
    Assessment,
    AssessmentEntry,
    Attainment,
    Case,
    CaseNote,
    CaseProgram,
    CaseStatus,
    CaseTeamMember,
    CaseTransition,
    ClosingReason,
    Evaluation,
    EvaluationDecision,
    EvaluationItem,
    NoteMethod,
    PlanItem,
    PlanStatus,
    ScreeningCriterion,
    SupportPlan,
    TeamRole,
    Urgency,
)
from kasane.cases.services import TRANSITIONS
from kasane.core.japanese import name_key
from kasane.demo import city
from kasane.demo.generators.intake import TOPICS, Topic
from kasane.demo.guard import refuse_in_production
from kasane.intake.models import IssueCode
from kasane.organizations.models import Field, Organization, Program
from kasane.people.models import ConsentMethod, HouseholdMember, Person

S = CaseStatus
STATUS_WEIGHTS = {
    S.RECEIVED: 4,
    S.SCREENING: 4,
    S.DECIDED: 5,
    S.NOT_ELIGIBLE: 4,
    S.ASSESSMENT: 7,
    S.PLANNING: 6,
    S.SUPPORT: 18,
    S.MONITORING: 8,
    S.REPLANNING: 4,
    S.CLOSED: 14,
    S.SUSPENDED: 5,
}
MAIN_PATH = (S.RECEIVED, S.SCREENING, S.DECIDED, S.ASSESSMENT, S.PLANNING, S.SUPPORT)
# Days from the step before to this one.
STEP_DAYS = {
    S.SCREENING: (1, 7),
    S.DECIDED: (3, 14),
    S.NOT_ELIGIBLE: (3, 14),
    S.ASSESSMENT: (0, 3),
    S.PLANNING: (14, 40),
    S.SUPPORT: (5, 20),
    S.MONITORING: (60, 120),
    S.REPLANNING: (1, 10),
    S.CLOSED: (20, 90),
    S.SUSPENDED: (30, 120),
}
# How long ago the case reached its status: ended cases may be long over.
SINCE_DAYS = {S.NOT_ELIGIBLE: 300, S.CLOSED: 300, S.SUSPENDED: 300}
OPEN_SINCE_DAYS = 20
WITH_ASSESSMENT = (S.PLANNING, S.SUPPORT, S.MONITORING, S.REPLANNING, S.CLOSED, S.SUSPENDED)
WITH_APPROVED_PLAN = (S.SUPPORT, S.MONITORING, S.REPLANNING, S.CLOSED, S.SUSPENDED)
DECISIONS = {
    S.REPLANNING: EvaluationDecision.REPLAN,
    S.CLOSED: EvaluationDecision.CLOSE,
    S.SUSPENDED: EvaluationDecision.SUSPEND,
}
CLOSING_REASONS = {
    S.CLOSED: {
        ClosingReason.GOAL: 60,
        ClosingReason.MOVED: 10,
        ClosingReason.DIED: 8,
        ClosingReason.WISH: 17,
        ClosingReason.OTHER: 5,
    },
    S.SUSPENDED: {ClosingReason.CONTACT_LOST: 70, ClosingReason.WISH: 30},
}
ATTAINMENTS = {
    EvaluationDecision.CLOSE: {
        Attainment.ACHIEVED: 60,
        Attainment.PARTLY: 35,
        Attainment.NOT_ACHIEVED: 5,
    },
    EvaluationDecision.REPLAN: {Attainment.PARTLY: 60, Attainment.NOT_ACHIEVED: 40},
    EvaluationDecision.SUSPEND: {Attainment.PARTLY: 30, Attainment.NOT_ACHIEVED: 70},
}
NOTE_METHODS = {
    NoteMethod.HOME_VISIT: 30,
    NoteMethod.PHONE: 30,
    NoteMethod.VISIT: 20,
    NoteMethod.MEETING: 8,
    NoteMethod.ACCOMPANY: 7,
    NoteMethod.MAIL: 3,
    NoteMethod.OTHER: 2,
}
NOTES = {
    NoteMethod.HOME_VISIT: (
        "訪問。本人と話ができた。生活の様子に大きな変わりはない。",
        "訪問したが不在。手紙を置いた。",
    ),
    NoteMethod.PHONE: (
        "本人から電話。困りごとを聞き取った。",
        "家族に電話し、最近の様子を確認した。",
    ),
    NoteMethod.VISIT: (
        "本人が来所。手続きの書類を一緒に確認した。",
        "家族が来所し、今後のことを相談した。",
    ),
    NoteMethod.MEETING: ("関係機関と打ち合わせ。役割分担を確認した。",),
    NoteMethod.ACCOMPANY: ("窓口の手続きに同行した。",),
    NoteMethod.MAIL: ("本人からメール。予定の変更の連絡。",),
    NoteMethod.OTHER: ("関係機関から様子の連絡があった。",),
}
NEXT_ACTIONS = ("次回の訪問", "手続きの結果を確認する", "本人に電話する", "関係機関と打ち合わせ")
GOALS = (
    "困りごとを相談しながら、住み慣れた家で暮らし続けたい",
    "生活のリズムを整えて、少しずつ外に出られるようになりたい",
    "家計の見通しを立てて、安心して暮らしたい",
    "家族が無理をせずに、みんなで暮らしていけるようにしたい",
    "仕事や居場所を見つけて、人とのつながりをもちたい",
)
SUPPORTS = (
    "定期的に訪問し、困りごとを一緒に整理する。",
    "必要な制度やサービスの手続きを一緒に進める。",
    "本人の話を聞き、次の一歩を一緒に考える。",
)
COORDINATION_SUPPORT = "関係機関の役割を調整し、支援の進み具合を確かめる。"
NOT_ELIGIBLE_REASONS = (
    "単一の機関で対応できる相談のため。",
    "既存のサービスで支援が始まっているため。",
)
CHANGES = {
    EvaluationDecision.CLOSE: "困りごとが落ち着き、本人が自分で相談先に連絡できるようになった。",
    EvaluationDecision.REPLAN: "状況が変わり、プランの見直しが必要になった。",
    EvaluationDecision.SUSPEND: "本人と連絡が取れない状態が続いている。",
}
REASONS = {
    EvaluationDecision.CLOSE: "プランの目標に照らし、支援を終えてよいと判断した。",
    EvaluationDecision.REPLAN: "新しい課題に合わせてプランを作り直す。",
    EvaluationDecision.SUSPEND: "いったん支援を中断し、状況が変われば再開する。",
}
DAY_FROM, DAY_MINUTES = dt.time(9, 0), 8 * 60  # stamps fall in 9:00–17:00


@dataclass(frozen=True)
class Window:
    organization: Organization
    workers: list[User]
    topics: tuple[Topic, ...]
    people: list[Person]


@dataclass
class Drawn:
    """One case and what belongs to it, before it is inserted."""

    case: Case
    worker: User
    path: list[tuple[CaseStatus, dt.date]]
    members: list[Person]
    topic: Topic
    team: list[CaseTeamMember] = field(default_factory=list)
    assessment: Assessment | None = None
    entries: list[tuple[AssessmentEntry, list[IssueCode]]] = field(default_factory=list)
    plans: list[tuple[SupportPlan, list[PlanItem]]] = field(default_factory=list)
    evaluation: tuple[Evaluation, list[str]] | None = None
    notes: list[CaseNote] = field(default_factory=list)


K = TypeVar("K")


def _weighted(rng: random.Random, weights: Mapping[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def path_to(status: CaseStatus, rng: random.Random) -> list[CaseStatus]:
    """The statuses a case passes through to reach `status`, along `TRANSITIONS`."""
    if status == S.NOT_ELIGIBLE:
        path = [S.RECEIVED, S.SCREENING, S.NOT_ELIGIBLE]
    elif status in MAIN_PATH:
        path = list(MAIN_PATH[: MAIN_PATH.index(status) + 1])
    elif status in (S.MONITORING, S.REPLANNING):
        path = [*MAIN_PATH, S.MONITORING, *([status] if status == S.REPLANNING else [])]
    else:  # 終結 and 中断 come from 支援中, or from モニタリング
        path = [*MAIN_PATH, *([S.MONITORING] if rng.random() < 0.5 else []), status]
    assert all(b in TRANSITIONS[S(a)] for a, b in itertools.pairwise(path))
    return path


# --- The city as it stands --------------------------------------------------------------------


def _case_workers() -> dict[int, list[User]]:
    users = (
        User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_WORK_ROLES)
        .distinct()
        .order_by("pk")
    )
    workers: dict[int, list[User]] = {}
    for user in users:
        workers.setdefault(user.organization_id, []).append(user)
    return workers


@dataclass(frozen=True)
class People:
    """Generated people who may be a case's main person, by organisation; the household of
    each (if any); and the current members of each household (key person first)."""

    by_organization: dict[int, list[Person]]
    household_of: dict[int, int]
    members: dict[int, list[Person]]


# The named households of the demo contract: no generated case is about a household of the same
# name (the case list and a meeting's agenda name a case by its household).
CONTRACT_HOUSEHOLDS = frozenset(name_key(name) for name in city.household_names())


def _people(organization_ids: list[int]) -> People:
    memberships = HouseholdMember.objects.filter(
        left_on__isnull=True,
        person__created_by__isnull=True,
        household__organization_id__in=organization_ids,
        household__organization_id=F("person__organization_id"),
    ).select_related("person", "household")
    members: dict[int, list[Person]] = {}
    in_household: dict[int, tuple[int, bool]] = {}
    for member in memberships.order_by("household_id", "-is_key_person", "pk"):
        members.setdefault(member.household_id, []).append(member.person)
        # No case about a generated 田中家: it would be taken for the contract's.
        is_key = member.is_key_person and name_key(member.household.name) not in CONTRACT_HOUSEHOLDS
        in_household[member.person_id] = (member.household_id, is_key)
    people = Person.objects.filter(
        organization_id__in=organization_ids,
        created_by__isnull=True,
        is_restricted=False,
        died_on__isnull=True,
        moved_out_on__isnull=True,
    ).order_by("pk")
    by_organization: dict[int, list[Person]] = {}
    household_of = {}
    for person in people:
        household_id, is_key = in_household.get(person.pk, (None, True))
        if is_key:  # one case per household: about its key person, or someone living alone
            by_organization.setdefault(person.organization_id, []).append(person)
            if household_id is not None:
                household_of[person.pk] = household_id
    return People(by_organization, household_of, members)


def _windows(exclude: tuple[str, ...] = ()) -> tuple[list[Window], People]:
    """The consultation windows with case-work staff and generated people, in pk order,
    except the organisations named in `exclude`."""
    workers = _case_workers()
    organizations = [
        organization
        for organization in Organization.objects.filter(is_active=True).order_by("pk")
        if Program.CONSULTATION in organization.programs
        and organization.pk in workers
        and organization.name not in exclude
    ]
    people = _people([organization.pk for organization in organizations])
    windows = []
    for organization in organizations:
        fields = [f for f in organization.fields if f in TOPICS] or [Field.OTHER]
        topics = tuple(topic for f in fields for topic in TOPICS[f])
        candidates = people.by_organization.get(organization.pk)
        if candidates:
            windows.append(Window(organization, workers[organization.pk], topics, candidates))
    return windows, people


# --- Drawing ----------------------------------------------------------------------------------


class CaseFactory:
    def __init__(
        self,
        *,
        seed: int,
        now: dt.datetime,
        coordinator: User | None,
        issues: dict[str, IssueCode],
        people: People,
    ) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.today = timezone.localdate(now)
        self.coordinator = coordinator
        self.issues = issues
        self.people = people

    def draw(self, windows: list[Window], count: int) -> list[Drawn]:
        rng = self.rng
        candidates = [(window, person) for window in windows for person in window.people]
        chosen = rng.sample(candidates, k=min(count, len(candidates)))
        statuses = list(STATUS_WEIGHTS)
        if len(chosen) > len(statuses):
            statuses += rng.choices(
                statuses, weights=list(STATUS_WEIGHTS.values()), k=len(chosen) - len(statuses)
            )
        else:
            statuses = rng.sample(statuses, k=len(chosen))
        rng.shuffle(statuses)
        return [
            self.case(window, person, status)
            for (window, person), status in zip(chosen, statuses, strict=True)
        ]

    def dates(self, path: list[CaseStatus]) -> list[tuple[CaseStatus, dt.date]]:
        """The day of each step, ending within the last weeks (or, once ended, months)."""
        gaps = [self.rng.randint(*STEP_DAYS[status]) if i else 0 for i, status in enumerate(path)]
        end = self.today - dt.timedelta(
            days=self.rng.randint(0, SINCE_DAYS.get(path[-1], OPEN_SINCE_DAYS))
        )
        day = end - dt.timedelta(days=sum(gaps))
        dates = []
        for status, gap in zip(path, gaps, strict=True):
            day += dt.timedelta(days=gap)
            dates.append((status, day))
        return dates

    def case(self, window: Window, person: Person, status: CaseStatus) -> Drawn:
        rng = self.rng
        path = self.dates(path_to(status, rng))
        steps = dict(path)
        topic = rng.choice(window.topics)
        household_id = self.people.household_of.get(person.pk)
        programs = [CaseProgram.COORDINATION]
        if rng.random() < 0.5:
            programs.append(CaseProgram.CONSULTATION)
        case = Case(
            household_id=household_id,
            main_person=person,
            programs=sorted(programs),
            status=status,
            summary=topic[0],
            opened_on=path[0][1],
            ended_on=path[-1][1] if status in ENDED_STATUSES else None,
            created_by=None,
        )
        if S.DECIDED in steps or status == S.NOT_ELIGIBLE:
            case.screening_criteria = sorted(
                rng.sample(ScreeningCriterion.values, k=rng.choice((1, 1, 2)))
            )
        if status == S.NOT_ELIGIBLE:
            case.screening_criteria = []
            case.not_eligible_reason = rng.choice(NOT_ELIGIBLE_REASONS)
        drawn = Drawn(
            case=case,
            worker=rng.choice(window.workers),
            path=path,
            members=self.people.members[household_id] if household_id else [person],
            topic=topic,
        )
        self.team(drawn, window.organization)
        if status in WITH_ASSESSMENT or (status == S.ASSESSMENT and rng.random() < 0.5):
            self.assessment(drawn, steps)
        if S.PLANNING in steps:
            self.plan(drawn, steps)
        if status in DECISIONS:
            self.evaluation(drawn, status, path[-1][1])
        if S.DECIDED in steps:
            self.notes(drawn)
        return drawn

    def team(self, drawn: Drawn, organization: Organization) -> None:
        opened_on = drawn.case.opened_on
        drawn.team.append(
            CaseTeamMember(
                organization=organization,
                worker=drawn.worker,
                role=TeamRole.LEAD,
                joined_on=opened_on,
                added_by=drawn.worker,
            )
        )
        coordinator = self.coordinator
        if coordinator is not None and coordinator.organization_id != organization.pk:
            drawn.team.append(
                CaseTeamMember(
                    organization_id=coordinator.organization_id,
                    worker=coordinator,
                    role=TeamRole.COORDINATION,
                    joined_on=opened_on,
                    added_by=coordinator,
                )
            )

    def assessment(self, drawn: Drawn, steps: dict[CaseStatus, dt.date]) -> None:
        rng = self.rng
        start = steps[S.ASSESSMENT]
        until = steps.get(S.PLANNING, self.today)
        drawn.assessment = Assessment(
            version=1,
            assessed_on=start + dt.timedelta(days=rng.randint(0, max(0, (until - start).days))),
            household_view="世帯の状況を聞き取った。",
            worker_view="課題が重なっており、関係機関で役割を分けて支える。",
            urgency=rng.choice(Urgency.values),
            created_by=None,
        )
        _, main, extras = drawn.topic
        for i, person in enumerate(drawn.members):
            names = [main, *extras] if i == 0 else rng.sample(list(extras) or [main], k=1)
            codes = [self.issues[name] for name in names if name in self.issues]
            entry = AssessmentEntry(
                person=person,
                wishes="今の暮らしを続けたい。" if i == 0 else "",
                notes=drawn.topic[0] if i == 0 else "",
            )
            drawn.entries.append((entry, codes))

    def plan(self, drawn: Drawn, steps: dict[CaseStatus, dt.date]) -> None:
        rng = self.rng
        approved_on = steps.get(S.SUPPORT)
        plan = SupportPlan(
            version=1,
            status=PlanStatus.APPROVED if approved_on else PlanStatus.DRAFT,
            goal=rng.choice(GOALS),
            direction="本人の思いを大切にし、関係機関で役割を分けて支える。",
            monitoring_on=approved_on + dt.timedelta(days=90) if approved_on else None,
            consent_on=approved_on,
            consent_method=rng.choice(ConsentMethod.values) if approved_on else "",
            approved_on=approved_on,
            approved_by=self.coordinator if approved_on else None,
            created_by=None,
        )
        if approved_on and not drawn.case.is_ended:
            drawn.case.next_monitoring_on = plan.monitoring_on  # as `plan_approve` keeps it
        lead = drawn.team[0]
        items = [
            PlanItem(
                order=1,
                issue=drawn.topic[1],
                support=rng.choice(SUPPORTS),
                organization=lead.organization,
                worker=drawn.worker,
                frequency=rng.choice(("月1回・6か月", "2週に1回・3か月", "週1回・3か月")),
            )
        ]
        if len(drawn.team) > 1:
            coordination = drawn.team[1]
            items.append(
                PlanItem(
                    order=2,
                    issue="関係機関の連携",
                    support=COORDINATION_SUPPORT,
                    organization_id=coordination.organization_id,
                    worker=coordination.worker,
                    frequency="3か月ごと",
                )
            )
        drawn.plans.append((plan, items))

    def evaluation(self, drawn: Drawn, status: CaseStatus, evaluated_on: dt.date) -> None:
        rng = self.rng
        decision = DECISIONS[status]
        plan, items = drawn.plans[0]
        evaluation = Evaluation(
            plan=plan,
            evaluated_on=evaluated_on,
            goal_attainment=_weighted(rng, ATTAINMENTS[decision]),
            changes=CHANGES[decision],
            decision=decision,
            closing_reason=_weighted(rng, CLOSING_REASONS[status])
            if status in CLOSING_REASONS
            else "",
            reason=REASONS[decision],
            created_by=None,
        )
        if status == S.CLOSED:
            drawn.case.closing_reason = evaluation.closing_reason  # as `evaluation_record` keeps it
        drawn.evaluation = (evaluation, [_weighted(rng, ATTAINMENTS[decision]) for _ in items])

    def notes(self, drawn: Drawn) -> None:
        rng = self.rng
        start = drawn.case.opened_on
        end = drawn.case.ended_on or self.today
        days = sorted(
            start + dt.timedelta(days=rng.randint(0, (end - start).days))
            for _ in range(rng.randint(1, 4))
        )
        for i, day in enumerate(days):
            method = _weighted(rng, NOTE_METHODS)
            note = CaseNote(
                written_on=day,
                method=method,
                content=rng.choice(NOTES[method]),
                is_sensitive=rng.random() < 0.1,
                author=drawn.worker,
                organization=drawn.team[0].organization,
            )
            if rng.random() < 0.6:
                note.next_action = rng.choice(NEXT_ACTIONS)
                note.next_action_on = day + dt.timedelta(days=rng.randint(3, 21))
                last_open = i == len(days) - 1 and drawn.case.ended_on is None
                note.next_action_done = not last_open
            drawn.notes.append(note)
        drawn.case.last_contact_on = days[-1]

    def stamp(self, day: dt.date) -> dt.datetime:
        """A moment in working hours on `day`, never after now."""
        minutes = self.rng.randrange(DAY_MINUTES)
        at = timezone.make_aware(dt.datetime.combine(day, DAY_FROM) + dt.timedelta(minutes=minutes))
        return min(at, self.now)


# --- Entry point ------------------------------------------------------------------------------


def generate_cases(
    count: int, *, seed: int, now: dt.datetime | None = None, exclude: tuple[str, ...] = ()
) -> int:
    """Insert about `count` fictitious cases (see the module text for what is drawn): fewer
    when there are fewer generated people to be about. Refused in production, like the demo
    city. Returns the number inserted."""
    refuse_in_production(action="架空の支援ケースを生成")
    now = now or timezone.now()
    windows, people = _windows(exclude)
    if count <= 0 or not windows:
        return 0
    coordinator = (
        User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR)
        .order_by("pk")
        .first()
    )
    factory = CaseFactory(
        seed=seed,
        now=now,
        coordinator=coordinator,
        issues={code.name: code for code in IssueCode.objects.filter(is_active=True)},
        people=people,
    )
    drawn = factory.draw(windows, count)
    with transaction.atomic():
        _write(factory, drawn)
    return len(drawn)


def _write(factory: CaseFactory, drawn: list[Drawn]) -> None:
    cases = Case.objects.bulk_create([d.case for d in drawn], batch_size=500)
    # Placed like any case (kasane.cases.areas), in one UPDATE of the new rows.
    if cases:
        fill_case_areas(Case.objects.filter(pk__gte=min(c.pk for c in cases), created_by=None))
    for d in drawn:
        for member in d.team:
            member.case = d.case
    CaseTeamMember.objects.bulk_create([m for d in drawn for m in d.team], batch_size=1000)
    _write_assessments(drawn)
    _write_plans(drawn)
    for d in drawn:
        for note in d.notes:
            note.case = d.case
    notes = CaseNote.objects.bulk_create([n for d in drawn for n in d.notes], batch_size=1000)
    transitions = CaseTransition.objects.bulk_create(
        [
            CaseTransition(
                case=d.case,
                from_status=before,
                to_status=status,
                occurred_on=day,
                reason=_transition_reason(d, status),
                actor=factory.coordinator
                if factory.coordinator and status in (S.DECIDED, S.NOT_ELIGIBLE)
                else d.worker,
            )
            for d in drawn
            for before, (status, day) in zip(
                ["", *(status for status, _ in d.path)], d.path, strict=False
            )
        ],
        batch_size=1000,
    )
    _backdate(factory, drawn, cases, notes, transitions)


def _transition_reason(drawn: Drawn, status: str) -> str:
    if status == S.NOT_ELIGIBLE:
        return drawn.case.not_eligible_reason
    if drawn.evaluation is not None and status in DECISIONS:
        return drawn.evaluation[0].reason
    return ""


def _write_assessments(drawn: list[Drawn]) -> None:
    with_assessment = [(d, d.assessment) for d in drawn if d.assessment is not None]
    for d, assessment in with_assessment:
        assessment.case = d.case
    Assessment.objects.bulk_create(
        [assessment for _, assessment in with_assessment], batch_size=500
    )
    for d, assessment in with_assessment:
        for entry, _ in d.entries:
            entry.assessment = assessment
    entries = [pair for d, _ in with_assessment for pair in d.entries]
    AssessmentEntry.objects.bulk_create([entry for entry, _ in entries], batch_size=1000)
    Through = AssessmentEntry.issues.through
    Through.objects.bulk_create(
        [
            Through(assessmententry=entry, issuecode=code)
            for entry, codes in entries
            for code in codes
        ],
        batch_size=1000,
    )


def _write_plans(drawn: list[Drawn]) -> None:
    plans = [(d, plan, items) for d in drawn for plan, items in d.plans]
    for d, plan, _ in plans:
        plan.case = d.case
    SupportPlan.objects.bulk_create([plan for _, plan, _ in plans], batch_size=500)
    for _, plan, items in plans:
        for item in items:
            item.plan = plan
    PlanItem.objects.bulk_create([i for _, _, items in plans for i in items], batch_size=1000)
    evaluated = [(d, d.evaluation) for d in drawn if d.evaluation is not None]
    for d, (evaluation, _) in evaluated:
        evaluation.case, evaluation.plan = d.case, d.plans[0][0]
    Evaluation.objects.bulk_create([evaluation for _, (evaluation, _) in evaluated], batch_size=500)
    EvaluationItem.objects.bulk_create(
        [
            EvaluationItem(evaluation=evaluation, plan_item=item, attainment=attainment)
            for d, (evaluation, attainments) in evaluated
            for item, attainment in zip(d.plans[0][1], attainments, strict=True)
        ],
        batch_size=1000,
    )


def _backdate(
    factory: CaseFactory,
    drawn: list[Drawn],
    cases: list[Case],
    notes: list[CaseNote],
    transitions: list[CaseTransition],
) -> None:
    """The stamps the models set on insert, moved back to the drawn days (bulk_update leaves
    auto_now alone)."""
    stamp = factory.stamp
    previous: dict[int, dt.datetime] = {}
    for transition in transitions:  # in the order of each case's path
        at = stamp(transition.occurred_on)
        before = previous.get(transition.case_id)
        if before is not None and at <= before:
            at = min(before + dt.timedelta(minutes=1), factory.now)
        transition.at = previous[transition.case_id] = at
    CaseTransition.objects.bulk_update(transitions, ["at"], batch_size=500)
    for note in notes:
        note.created_at = stamp(note.written_on)
    CaseNote.objects.bulk_update(notes, ["created_at"], batch_size=500)
    assessments = [d.assessment for d in drawn if d.assessment is not None]
    for assessment in assessments:
        assessment.created_at = stamp(assessment.assessed_on)
    Assessment.objects.bulk_update(assessments, ["created_at"], batch_size=500)
    plans = [plan for d in drawn for plan, _ in d.plans]
    for d in drawn:
        for plan, _ in d.plans:
            plan.created_at = stamp(dict(d.path)[S.PLANNING])
            plan.updated_at = stamp(plan.approved_on) if plan.approved_on else plan.created_at
    SupportPlan.objects.bulk_update(plans, ["created_at", "updated_at"], batch_size=500)
    evaluations = [d.evaluation[0] for d in drawn if d.evaluation is not None]
    for evaluation in evaluations:
        evaluation.created_at = stamp(evaluation.evaluated_on)
    Evaluation.objects.bulk_update(evaluations, ["created_at"], batch_size=500)
    for d in drawn:
        last = max([d.path[-1][1], *(n.written_on for n in d.notes)])
        d.case.created_at = stamp(d.case.opened_on)
        d.case.updated_at = max(stamp(last), d.case.created_at)
    Case.objects.bulk_update(cases, ["created_at", "updated_at"], batch_size=500)
