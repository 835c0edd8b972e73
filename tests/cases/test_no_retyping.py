"""What was typed once is not typed again (issue 13, 'Re-typing and dead ends'): the first
assessment starts from the intake's 主訴 and issue checklist, and the plan editor adds any number
of item rows in one save (with htmx one row at a time; without JavaScript a submit that shows
the same input with more rows), up to PLAN_ITEMS_MAX."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Case, PlanStatus
from kasane.cases.plan_forms import PLAN_ITEMS_MAX
from kasane.intake import services as intake
from kasane.intake.models import Outcome
from tests.builders import case_decided, case_in_assessment, demo_issue_code
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _with_consultation(actor: User, case: Case) -> None:
    consultation = intake.consultation_create(
        actor=actor,
        person=case.main_person,
        household=case.household,
        received_at=timezone.now() - dt.timedelta(hours=1),
        route="visit",
        consulter_relation="self",
        summary="母の介護で眠れず、子どもの世話も手が回らない。",
        consent="oral",
        outcome=Outcome.HANDLED,
        issues=[demo_issue_code("介護"), demo_issue_code("子育て")],
    )
    Case.objects.filter(pk=case.pk).update(consultation=consultation)
    case.refresh_from_db()


def test_the_first_assessment_starts_from_the_intake(kosodate: User) -> None:
    case = case_decided(kosodate)
    _with_consultation(kosodate, case)
    page = client_for(kosodate).get(reverse("cases:assessment_edit", args=[case.pk]))
    member = next(m for m in page.context["members"] if m.person == case.main_person)
    assert set(member["issues"].value()) == {
        demo_issue_code("介護").pk,
        demo_issue_code("子育て").pk,
    }
    assert "母の介護で眠れず" in member["notes"].value()
    assert 'id="intake-prefill"' in page.content.decode()
    others = [m for m in page.context["members"] if m.person != case.main_person]
    assert all(not m["issues"].value() and not m["notes"].value() for m in others)


def test_a_later_version_starts_from_the_latest_not_the_intake(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    _with_consultation(kosodate, case)
    page = client_for(kosodate).get(reverse("cases:assessment_edit", args=[case.pk]))
    member = next(m for m in page.context["members"] if m.person == case.main_person)
    assert "母の介護で眠れず" not in (member["notes"].value() or "")
    assert 'id="intake-prefill"' not in page.content.decode()


def _new_plan_post(organization: int, rows: int, filled: int, **more: str) -> dict[str, str]:
    data = {
        "loaded_at": "",
        "goal": "自分の時間を持ちたい",
        "direction": "",
        "monitoring_on": "",
        "consent_on": "",
        "consent_method": "",
        "items-TOTAL_FORMS": str(rows),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **more,
    }
    for index in range(filled):
        data.update(
            {
                f"items-{index}-issue": f"課題{index + 1}",
                f"items-{index}-support": f"支援{index + 1}",
                f"items-{index}-organization": str(organization),
                f"items-{index}-worker": "",
                f"items-{index}-frequency": "",
            }
        )
    return data


def test_add_rows_without_javascript_keeps_the_input_and_saves_nothing(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    url = reverse("cases:plan_new", args=[case.pk])
    data = _new_plan_post(kosodate.organization_id, rows=2, filled=2, add_rows="1")
    response = client_for(kosodate).post(url, data)
    assert response.status_code == 200
    assert not case.plans.exists()
    items = response.context["items"]
    assert items.total_form_count() == 5
    assert [form["issue"].value() for form in items][:2] == ["課題1", "課題2"]
    assert "保存はされていません" not in response.content.decode()


def test_many_items_are_saved_in_one_save(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    url = reverse("cases:plan_new", args=[case.pk])
    response = client_for(kosodate).post(url, _new_plan_post(kosodate.organization_id, 7, 7))
    assert response.status_code == 302
    plan = case.plans.get()
    assert plan.status == PlanStatus.DRAFT
    assert [item.issue for item in plan.items.all()] == [f"課題{n}" for n in range(1, 8)]


def test_add_rows_stops_at_the_most_a_plan_may_have(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    url = reverse("cases:plan_new", args=[case.pk])
    data = _new_plan_post(kosodate.organization_id, PLAN_ITEMS_MAX - 1, 0, add_rows="1")
    response = client_for(kosodate).post(url, data)
    assert response.context["items"].total_form_count() == PLAN_ITEMS_MAX
    assert 'name="add_rows"' not in response.content.decode()


def test_htmx_adds_one_row_and_counts_it(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    url = reverse("cases:plan_item_row", args=[case.pk])
    response = client_for(kosodate).get(url, {"items-TOTAL_FORMS": "2"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="items-2-issue"' in body and "項目 3" in body
    assert 'name="items-TOTAL_FORMS" value="3"' in body and 'hx-swap-oob="true"' in body
    full = {"items-TOTAL_FORMS": str(PLAN_ITEMS_MAX)}
    assert client_for(kosodate).get(url, full).status_code == 204
    assert client_for(kosodate).get(url, {"items-TOTAL_FORMS": "x"}).status_code == 204
