"""The case's next monitoring date (`Case.next_monitoring_on`): the approved plan's monitoring
date while the case is open, kept on the case row by the services that approve a plan, move
its date and end the case, so that the case list reads it without a subquery per case."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from kasane.accounts.models import User
from kasane.cases import services
from kasane.cases.models import Case, CaseStatus, PlanStatus
from kasane.core.japanese import wareki
from tests.builders import case_in_support, today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

IN_60_DAYS = today() + dt.timedelta(days=60)


def _evaluate(actor: User, case: Case, decision: str, closing_reason: str = "") -> Case:
    plan = case.plans.get(status=PlanStatus.APPROVED)
    services.evaluation_record(
        actor=actor,
        case=case,
        evaluated_on=today(),
        goal_attainment="partly",
        changes="ショートステイを使えるようになった。",
        decision=decision,
        closing_reason=closing_reason,
        reason="状況が変わった。",
        items=[{"plan_item": item, "attainment": "partly"} for item in plan.items.all()],
    )
    case.refresh_from_db()
    return case


def _approve_new_version(actor: User, coordinator: User, case: Case, on: dt.date) -> None:
    draft = services.plan_create(actor=actor, case=case, items=[])
    draft = services.plan_save(
        actor=actor,
        plan=draft,
        loaded_at=draft.updated_at.isoformat(),
        items=[{"issue": "子育て", "support": "一時預かり", "organization": actor.organization}],
        goal="自分の時間を持つ",
        monitoring_on=on,
        consent_on=today(),
        consent_method="oral",
    )
    services.plan_approve(actor=coordinator, plan=draft)


def test_it_is_the_approved_plans_date_and_follows_a_new_version(
    kosodate: User, coordinator: User
) -> None:
    case = case_in_support(kosodate, coordinator, monitoring_on=IN_60_DAYS)
    assert case.next_monitoring_on == IN_60_DAYS
    # 再プラン: the approved plan stands until the next version is approved.
    case = _evaluate(kosodate, case, "replan")
    assert (case.status, case.next_monitoring_on) == (CaseStatus.REPLANNING, IN_60_DAYS)
    _approve_new_version(kosodate, coordinator, case, today() + dt.timedelta(days=30))
    case.refresh_from_db()
    assert case.next_monitoring_on == today() + dt.timedelta(days=30)


def test_a_meetings_monitoring_decision_moves_it(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator, monitoring_on=IN_60_DAYS)
    services.plan_set_monitoring(actor=coordinator, case=case, monitoring_on=today())
    case.refresh_from_db()
    assert case.next_monitoring_on == today()


@pytest.mark.parametrize(
    ("decision", "reason", "status"),
    [("close", "goal", CaseStatus.CLOSED), ("suspend", "contact_lost", CaseStatus.SUSPENDED)],
)
def test_an_ended_case_has_none(
    kosodate: User, coordinator: User, decision: str, reason: str, status: str
) -> None:
    case = _evaluate(kosodate, case_in_support(kosodate, coordinator), decision, reason)
    assert (case.status, case.next_monitoring_on) == (status, None)


def test_a_suspension_by_the_step_button_clears_it(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    services.case_transition(
        actor=coordinator, case=case, to_status=CaseStatus.SUSPENDED, reason="転居した"
    )
    case.refresh_from_db()
    assert case.next_monitoring_on is None


def test_the_list_shows_it(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator, monitoring_on=IN_60_DAYS)
    body = client_for(kosodate).get(reverse("cases:list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in body
    assert wareki(IN_60_DAYS) in body


def test_the_migration_fills_it_from_the_approved_plans(kosodate: User, coordinator: User) -> None:
    open_case = case_in_support(kosodate, coordinator, monitoring_on=IN_60_DAYS)
    ended = _evaluate(kosodate, case_in_support(kosodate, coordinator, "髙橋家"), "close", "goal")
    Case.objects.update(next_monitoring_on=None)  # as the column is when just added
    migration = importlib.import_module("kasane.cases.migrations.0004_next_monitoring")
    migration.backfill(apps, None)
    filled = Case.objects.filter(pk__in=[open_case.pk, ended.pk])
    assert dict(filled.values_list("pk", "next_monitoring_on")) == {
        open_case.pk: IN_60_DAYS,
        ended.pk: None,
    }
