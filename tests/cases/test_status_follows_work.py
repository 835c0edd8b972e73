"""The status follows the work (issue 13 point 4): saving the first assessment, the first plan
and its approval move the case along its path by themselves, each step an audited transition
through the same rules as the step buttons; never backwards, never skipping a step. An approval
dated before the plan was made or consented to is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services
from kasane.cases.models import Case, CaseStatus, PlanStatus, SupportPlan
from kasane.core.errors import DomainError
from tests.builders import case_decided, case_in_support, demo_issue_code, open_case, today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

S = CaseStatus


def _assess(actor: User, case: Case, on: dt.date | None = None) -> None:
    latest = case.assessments.order_by("-version").first()
    services.assessment_save(
        actor=actor,
        case=case,
        based_on=latest.version if latest else None,
        assessed_on=on or today(),
        household_view="",
        worker_view="介護と子育てが重なっている。",
        urgency="medium",
        entries=[{"person": case.main_person, "issues": [demo_issue_code("介護")]}],
    )


def _plan(actor: User, case: Case, *, consent_on: dt.date | None = None) -> SupportPlan:
    return services.plan_create(
        actor=actor,
        case=case,
        items=[
            {"issue": "介護", "support": "ショートステイの調整", "organization": actor.organization}
        ],
        goal="自分の時間を持ちたい",
        consent_on=consent_on or today(),
        consent_method="written",
    )


def _path(case: Case) -> list[tuple[str, str]]:
    return [(t.from_status, t.to_status) for t in case.transitions.order_by("pk")]


def _status(case: Case) -> str:
    case.refresh_from_db()
    return case.status


def test_the_first_assessment_moves_a_decided_case_to_assessment(kosodate: User) -> None:
    case = case_decided(kosodate)
    _assess(kosodate, case)
    assert _status(case) == S.ASSESSMENT
    last = case.transitions.order_by("pk").last()
    assert (last.from_status, last.to_status, last.actor) == (S.DECIDED, S.ASSESSMENT, kosodate)
    assert "アセスメント第1版" in last.reason
    audited = AuditEvent.objects.filter(action="case.transition", object_id=str(case.pk))
    assert audited.order_by("pk").last().details["to"] == S.ASSESSMENT


def test_the_first_plan_moves_the_case_to_planning(kosodate: User) -> None:
    case = case_decided(kosodate)
    _assess(kosodate, case)
    _plan(kosodate, case)
    assert _status(case) == S.PLANNING


def test_an_approval_moves_the_case_to_support_without_a_step_pressed(
    kosodate: User, coordinator: User
) -> None:
    case = case_decided(kosodate)
    _assess(kosodate, case)
    plan = _plan(kosodate, case)
    services.plan_approve(actor=coordinator, plan=plan)
    assert _status(case) == S.SUPPORT
    assert _path(case)[-3:] == [
        (S.DECIDED, S.ASSESSMENT),
        (S.ASSESSMENT, S.PLANNING),
        (S.PLANNING, S.SUPPORT),
    ]
    assert case.transitions.order_by("pk").last().actor == coordinator
    assert AuditEvent.objects.filter(action="case.transition", object_id=str(case.pk)).count() == 5


def test_work_before_the_decision_waits_for_it(kosodate: User) -> None:
    """The screening decision is the team's: an assessment saved at 受付 moves nothing, and
    nothing skips 支援決定."""
    case = open_case(kosodate)
    _assess(kosodate, case)
    assert _status(case) == S.RECEIVED
    services.case_transition(actor=kosodate, case=case, to_status=S.SCREENING)
    services.case_transition(actor=kosodate, case=case, to_status=S.DECIDED, criteria=["household"])
    _plan(kosodate, case)  # the assessment is on record: the plan takes both steps
    assert _status(case) == S.PLANNING
    assert _path(case)[-2:] == [(S.DECIDED, S.ASSESSMENT), (S.ASSESSMENT, S.PLANNING)]


def test_a_plan_without_an_assessment_stops_before_planning(kosodate: User) -> None:
    case = case_decided(kosodate)
    _plan(kosodate, case)
    assert _status(case) == S.ASSESSMENT  # プラン作成 needs an assessment on record


def test_the_work_never_moves_a_case_backwards(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    services.case_transition(actor=kosodate, case=case, to_status=S.MONITORING)
    before = case.transitions.count()
    _assess(kosodate, case)
    _plan(kosodate, case)
    assert _status(case) == S.MONITORING
    assert case.transitions.count() == before


def test_an_approval_after_replanning_returns_the_case_to_support(
    kosodate: User, coordinator: User
) -> None:
    case = case_in_support(kosodate, coordinator)
    services.case_transition(actor=kosodate, case=case, to_status=S.REPLANNING, reason="再検討")
    plan = _plan(kosodate, case)
    services.plan_approve(actor=coordinator, plan=plan)
    assert _status(case) == S.SUPPORT


def test_an_approval_dated_before_the_plan_was_made_is_refused(
    kosodate: User, coordinator: User
) -> None:
    case = case_decided(kosodate)
    _assess(kosodate, case)
    plan = _plan(kosodate, case, consent_on=today() - dt.timedelta(days=10))
    with pytest.raises(DomainError, match="このプランを作った日"):
        services.plan_approve(
            actor=coordinator, plan=plan, approved_on=today() - dt.timedelta(days=1)
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert _status(case) == S.PLANNING


def test_an_approval_dated_before_the_consent_is_refused_on_the_page(
    kosodate: User, coordinator: User
) -> None:
    case = case_decided(kosodate)
    _assess(kosodate, case)
    plan = _plan(kosodate, case)
    SupportPlan.objects.filter(pk=plan.pk).update(
        created_at=plan.created_at - dt.timedelta(days=10)
    )
    url = reverse("cases:plan_approve", args=[case.pk, plan.pk])
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    page = client_for(coordinator).post(url, {"approved_on": yesterday}, follow=True)
    assert "本人の同意日" in page.content.decode() and "同意を得てから承認" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert _status(case) == S.PLANNING


def test_the_assessment_page_moves_the_case(kosodate: User) -> None:
    """Through the page, as the user in the issue did: no step button."""
    case = case_decided(kosodate)
    data = {
        "based_on": "",
        "assessed_on": today().isoformat(),
        "household_view": "",
        "worker_view": "",
        "urgency": "medium",
    }
    for person in services.household_people(case):
        data.update(
            {f"person-{person.pk}-{name}": "" for name in ("wishes", "strengths", "risks", "notes")}
        )
    response = client_for(kosodate).post(reverse("cases:assessment_edit", args=[case.pk]), data)
    assert response.status_code == 302
    assert _status(case) == S.ASSESSMENT
