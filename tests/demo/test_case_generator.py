"""Generated cases: every status, each one walked along the allowed path with what its status
needs on record, about generated people of the 主担当's window, and the same for the same seed."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kasane import access
from kasane.audit.models import AuditEvent
from kasane.cases import services
from kasane.cases.models import (
    ENDED_STATUSES,
    Case,
    CaseStatus,
    EvaluationDecision,
    PlanStatus,
    TeamRole,
)
from kasane.cases.services import TRANSITIONS
from kasane.core.errors import DomainError
from kasane.demo.generators.cases import generate_cases
from kasane.demo.generators.people import consultation_organizations, demo_towns, generate_people
from kasane.demo.guard import DemoRefused

pytestmark = pytest.mark.django_db

S = CaseStatus
NOW = timezone.make_aware(dt.datetime(2026, 10, 1, 12, 0))
AFTER_ASSESSMENT = (S.PLANNING, S.SUPPORT, S.MONITORING, S.REPLANNING, S.CLOSED, S.SUSPENDED)
WITH_APPROVED_PLAN = (S.SUPPORT, S.MONITORING, S.REPLANNING, S.CLOSED, S.SUSPENDED)
DECISIONS = {
    S.REPLANNING: EvaluationDecision.REPLAN,
    S.CLOSED: EvaluationDecision.CLOSE,
    S.SUSPENDED: EvaluationDecision.SUSPEND,
}


@pytest.fixture
def people() -> None:
    generate_people(
        count=300,
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=11,
        households=True,
    )


def _generated() -> list[Case]:
    return list(
        Case.objects.filter(created_by__isnull=True)
        .select_related("main_person", "household")
        .prefetch_related(
            "team__organization",
            "team__worker__role_assignments",
            "transitions",
            "assessments__entries__issues",
            "plans__items",
            "evaluations__items",
            "notes",
        )
        .order_by("pk")
    )


def _generate(count: int = 60, *, seed: int = 5, now: dt.datetime = NOW) -> list[Case]:
    assert generate_cases(count, seed=seed, now=now) == count
    return _generated()


def test_every_status_appears(people: None) -> None:
    statuses = Counter(case.status for case in _generate())
    assert set(statuses) == set(S.values)


def test_each_case_walked_the_allowed_path_to_its_status(people: None) -> None:
    today = NOW.date()
    for case in _generate():
        transitions = list(case.transitions.all())
        path = [t.to_status for t in transitions]
        assert path[0] == S.RECEIVED and path[-1] == case.status
        assert [t.from_status for t in transitions] == ["", *path[:-1]]
        assert all(b in TRANSITIONS[S(a)] for a, b in itertools.pairwise(path))
        days = [t.occurred_on for t in transitions]
        assert days == sorted(days) and days[0] == case.opened_on and days[-1] <= today
        assert [t.at for t in transitions] == sorted(t.at for t in transitions)
        assert all(t.at <= NOW for t in transitions)
        assert (case.ended_on is not None) == (case.status in ENDED_STATUSES)
        if case.ended_on:
            assert case.ended_on == days[-1]


def test_what_a_status_needs_is_on_record(people: None) -> None:
    for case in _generate():
        plans = list(case.plans.all())
        approved = [plan for plan in plans if plan.status == PlanStatus.APPROVED]
        if case.status in AFTER_ASSESSMENT:
            assert case.assessments.all(), case.status
        if case.status == S.PLANNING:
            assert [plan.status for plan in plans] == [PlanStatus.DRAFT]
        if case.status in WITH_APPROVED_PLAN:
            (plan,) = approved
            assert plan.goal and plan.items.all() and plan.consent_on and plan.consent_method
            assert plan.approved_on and plan.approved_by.username == "coordinator"
        else:
            assert not approved
        # The list's column says what the approved plan says, while the case is open.
        expected = approved[0].monitoring_on if approved and not case.is_ended else None
        assert case.next_monitoring_on == expected
        evaluations = list(case.evaluations.all())
        if case.status in DECISIONS:
            (evaluation,) = evaluations
            assert evaluation.decision == DECISIONS[case.status]
            assert evaluation.plan == approved[0]
            assert len(evaluation.items.all()) == len(approved[0].items.all())
            assert bool(evaluation.closing_reason) == (case.status != S.REPLANNING)
            closed_for = evaluation.closing_reason if case.status == S.CLOSED else ""
            assert case.closing_reason == closed_for  # as `evaluation_record` keeps it
            assert evaluation.handback_organization is None
        else:
            assert not evaluations
        if case.status in (S.DECIDED, *AFTER_ASSESSMENT, S.ASSESSMENT):
            assert case.screening_criteria
        if case.status == S.NOT_ELIGIBLE:
            assert case.not_eligible_reason


def test_the_team_is_the_window_of_the_main_person_and_the_coordinator(people: None) -> None:
    for case in _generate():
        team = {member.role: member for member in case.team.all()}
        assert set(team) == {TeamRole.LEAD, TeamRole.COORDINATION}
        lead = team[TeamRole.LEAD]
        assert lead.organization_id == case.main_person.organization_id
        assert lead.worker.organization_id == lead.organization_id
        assert access.CASE_WORK_ROLES.intersection(lead.worker.roles)
        assert team[TeamRole.COORDINATION].worker.username == "coordinator"
        assert all(m.joined_on == case.opened_on and m.left_on is None for m in team.values())


def test_cases_are_about_generated_people_one_case_each(people: None) -> None:
    cases = _generate()
    assert len({case.main_person_id for case in cases}) == len(cases)
    assert len({case.household_id for case in cases if case.household_id}) == len(
        [case for case in cases if case.household_id]
    )
    for case in cases:
        person = case.main_person
        assert person.created_by_id is None and not person.is_restricted
        if case.household_id:
            assert case.household.members.filter(person=person, left_on__isnull=True).exists()
        for assessment in case.assessments.all():
            members = {entry.person_id for entry in assessment.entries.all()}
            assert members == {p.pk for p in services.household_people(case)}


def test_notes_are_the_leads_and_only_the_latest_may_wait(people: None) -> None:
    for case in _generate():
        notes = sorted(case.notes.all(), key=lambda note: (note.written_on, note.pk))
        if not notes:
            assert case.status in (S.RECEIVED, S.SCREENING, S.NOT_ELIGIBLE)
            continue
        lead = next(m for m in case.team.all() if m.role == TeamRole.LEAD)
        assert all(note.organization_id == lead.organization_id for note in notes)
        assert case.last_contact_on == notes[-1].written_on
        assert all(case.opened_on <= note.written_on <= NOW.date() for note in notes)
        waiting = [n for n in notes if n.next_action and not n.next_action_done]
        assert len(waiting) <= 1
        if waiting:
            assert waiting[0] == notes[-1] and not case.is_ended


def test_the_services_carry_on_from_where_a_generated_case_stands(
    people: None, coordinator
) -> None:
    cases = {case.status: case for case in _generate()}
    services.case_transition(actor=coordinator, case=cases[S.SUPPORT], to_status=S.MONITORING)
    # A case in プラン作成 has its draft: record the consent, approve it and start support.
    draft = cases[S.PLANNING].plans.get()
    draft = services.plan_save(
        actor=coordinator,
        plan=draft,
        loaded_at=draft.updated_at.isoformat(),
        items=[{n: getattr(item, n) for n in services.ITEM_FIELDS} for item in draft.items.all()],
        consent_on=timezone.localdate(),
        consent_method="oral",
    )
    services.plan_approve(actor=coordinator, plan=draft)  # which starts support
    cases[S.PLANNING].refresh_from_db()
    assert cases[S.PLANNING].status == S.SUPPORT
    assert cases[S.PLANNING].next_monitoring_on == draft.monitoring_on
    with pytest.raises(DomainError):
        # A case in 再プラン needs a plan approved after it.
        services.case_transition(actor=coordinator, case=cases[S.REPLANNING], to_status=S.SUPPORT)


def test_it_gives_the_same_cases_for_the_same_seed(people: None) -> None:
    def a_run(seed: int) -> list[tuple]:
        with transaction.atomic():
            cases = _generate(seed=seed)
            transaction.set_rollback(True)
        return [
            (
                case.main_person_id,
                case.status,
                case.opened_on,
                case.summary,
                [(t.to_status, t.occurred_on, t.at) for t in case.transitions.all()],
                [(n.written_on, n.content) for n in case.notes.all()],
                [plan.goal for plan in case.plans.all()],
            )
            for case in cases
        ]

    first = a_run(5)
    assert a_run(5) == first
    assert a_run(6) != first


def test_it_writes_no_audit_rows_and_stamps_no_creator(people: None) -> None:
    before = AuditEvent.objects.count()
    cases = _generate()
    assert AuditEvent.objects.count() == before
    assert all(case.created_by_id is None for case in cases)
    assert all(case.updated_at <= NOW for case in cases)


def test_it_makes_none_without_generated_people() -> None:
    assert generate_cases(10, seed=1, now=NOW) == 0


@override_settings(KASANE_ENV="production", PRODUCTION=True)
def test_it_is_refused_in_production() -> None:
    with pytest.raises(DemoRefused):
        generate_cases(10, seed=1)
