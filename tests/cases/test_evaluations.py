"""評価 through the pages: 終結 by つなぎ戻し (the handback referral reaches the new 主担当),
再プラン, 中断, refusals, who may see an evaluation; and the worker's tasks on the home page
(monitoring due, next actions due, quiet cases) with their query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services
from kasane.cases.models import (
    Case,
    CaseStatus,
    ClosingReason,
    Evaluation,
    PlanStatus,
)
from kasane.core.japanese import wareki
from kasane.intake.models import Referral, ReferralKind, ReferralStatus
from kasane.organizations.models import Organization
from tests.builders import GOAL, case_in_assessment, case_in_support, new_key, open_case, today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def evaluation_data(case: Case, **values: str) -> dict[str, str]:
    plan = case.plans.get(status=PlanStatus.APPROVED)
    data = {
        "submission_key": new_key(),
        "evaluated_on": wareki(today()),  # 和暦 as typed
        "goal_attainment": "partly",
        "changes": "ショートステイを月に一度使えるようになった。",
        "decision": "close",
        "closing_reason": "goal",
        "handback_organization": "",
        "reason": "目標に届き、今後は地域包括が見守る。",
        "follow_up_on": "",
        "confirmed": "yes",  # 終結・中断 are asked once more (tests/core/test_confirmations.py)
    }
    for item in plan.items.all():
        data[f"item-{item.pk}-attainment"] = "achieved"
        data[f"item-{item.pk}-comment"] = f"{item.issue}は落ち着いた"
    data.update(values)
    return data


def evaluate_url(case: Case) -> str:
    return reverse("cases:evaluation_create", args=[case.pk])


# --- Recording ---------------------------------------------------------------------------------


def test_it_closes_by_handback_and_sends_the_referral(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    houkatsu = Organization.objects.get(name="東地域包括支援センター")
    data = evaluation_data(
        case,
        closing_reason="handback",
        handback_organization=str(houkatsu.pk),
        follow_up_on=str(today() + dt.timedelta(days=90)),
    )
    response = client_for(kosodate).post(evaluate_url(case), data, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.ended_on == today()
    assert case.closing_reason == ClosingReason.HANDBACK
    assert case.follow_up_on == today() + dt.timedelta(days=90)
    evaluation = Evaluation.objects.get(case=case)
    referral = evaluation.handback_referral
    assert referral.kind == ReferralKind.HANDBACK
    assert referral.receiver_organization == houkatsu
    assert referral.status == ReferralStatus.SENT
    assert referral.subject_name == "田中 由美"
    assert evaluation.items.count() == 2
    assert set(evaluation.items.values_list("attainment", flat=True)) == {"achieved"}
    page = response.content.decode()
    assert "東地域包括支援センターにつなぎ戻しを送りました" in page
    assert 'data-status="sent">送付済<' in page
    assert 'id="handback"' in page
    detail = client_for(kosodate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<dt>終結の理由</dt><dd>つなぎ戻し</dd>" in detail
    # It arrives in the receiving organisation's inbox.
    houkatsu_user = User.objects.get(username="houkatsu")
    inbox = client_for(houkatsu_user).get(reverse("referrals:list")).content.decode()
    assert reverse("referrals:detail", args=[referral.pk]) in inbox


def test_it_replans(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    data = evaluation_data(case, decision="replan", closing_reason="goal")
    response = client_for(kosodate).post(evaluate_url(case), data)
    evaluation = Evaluation.objects.get(case=case)
    assert response["Location"] == reverse("cases:evaluation", args=[case.pk, evaluation.pk])
    case.refresh_from_db()
    assert case.status == CaseStatus.REPLANNING
    assert case.ended_on is None
    assert case.closing_reason == ""
    assert evaluation.closing_reason == ""
    assert evaluation.handback_referral is None
    page = client_for(kosodate).get(response["Location"]).content.decode()
    assert reverse("cases:plan_new", args=[case.pk]) in page


def test_it_suspends(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    data = evaluation_data(
        case, decision="suspend", closing_reason="contact_lost", goal_attainment="not_achieved"
    )
    client_for(kosodate).post(evaluate_url(case), data)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED
    assert case.ended_on is not None
    assert case.closing_reason == ""  # 終結の理由 is a closed case's only
    assert not Referral.objects.filter(
        kind=ReferralKind.HANDBACK, subject_name="田中 由美"
    ).exists()


def test_it_shows_the_goal_and_each_plan_item(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    page = client_for(kosodate).get(evaluate_url(case)).content.decode()
    assert GOAL in page
    assert "ショートステイの利用を調整する" in page
    for item in case.plans.get(status=PlanStatus.APPROVED).items.all():
        assert f'name="item-{item.pk}-attainment"' in page
    assert "今後の主担当になる機関" in page
    assert AuditEvent.objects.filter(
        action="case.view", object_id=str(case.pk), details__page="evaluation_create"
    ).exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"closing_reason": ""}, "「終結」「中断」のときは理由を選んでください。"),
        ({"closing_reason": "handback"}, "今後の主担当になる機関を選んでください。"),
        ({"changes": ""}, "このフィールドは必須です。"),
    ],
)
def test_it_refuses_incomplete_input(
    kosodate: User, coordinator: User, values: dict[str, str], message: str
) -> None:
    case = case_in_support(kosodate, coordinator)
    data = evaluation_data(case, **values)
    response = client_for(kosodate).post(evaluate_url(case), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "保存はされていません" in page
    assert message in page
    assert not Evaluation.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT


def test_it_needs_each_item_evaluated(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    data = evaluation_data(case)
    first = case.plans.get(status=PlanStatus.APPROVED).items.first()
    del data[f"item-{first.pk}-attainment"]
    response = client_for(kosodate).post(evaluate_url(case), data)
    assert "保存はされていません" in response.content.decode()
    assert not Evaluation.objects.filter(case=case).exists()


def test_it_refuses_a_case_not_in_support(kosodate: User) -> None:
    case = case_in_assessment(kosodate)
    client = client_for(kosodate)
    response = client.get(evaluate_url(case), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])
    assert "支援中またはモニタリング中のケースについて記録します" in response.content.decode()
    client.post(evaluate_url(case), {"decision": "close", "reason": "x", "changes": "x"})
    assert not Evaluation.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT


def test_the_evaluation_page_is_audited(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    client_for(kosodate).post(evaluate_url(case), evaluation_data(case))
    evaluation = Evaluation.objects.get(case=case)
    url = reverse("cases:evaluation", args=[case.pk, evaluation.pk])
    page = client_for(coordinator).get(url).content.decode()
    assert "目標達成" in page
    assert reverse("cases:print_evaluation", args=[case.pk, evaluation.pk]) in page
    event = AuditEvent.objects.filter(action="case.view", actor=coordinator).latest("pk")
    assert event.details == {"page": "evaluation", "evaluation": evaluation.pk}


# --- Who may see ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["outsider", "zeimu", "kansa", "keisatsu", "chiiki"])
def test_others_get_404(username: str, kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    client_for(kosodate).post(evaluate_url(case), evaluation_data(case, decision="replan"))
    evaluation = Evaluation.objects.get(case=case)
    client = client_for(User.objects.get(username=username))
    assert client.get(evaluate_url(case)).status_code == 404
    assert client.post(evaluate_url(case), evaluation_data(case)).status_code == 404
    url = reverse("cases:evaluation", args=[case.pk, evaluation.pk])
    assert client.get(url).status_code == 404


def test_an_admin_neither_reads_nor_evaluates(
    admin: User, kosodate: User, coordinator: User
) -> None:
    """Admins manage the system and read no case (issue 19)."""
    case = case_in_support(kosodate, coordinator)
    client = client_for(admin)
    assert client.get(evaluate_url(case)).status_code == 404
    client_for(kosodate).post(evaluate_url(case), evaluation_data(case, decision="replan"))
    evaluation = Evaluation.objects.get(case=case)
    url = reverse("cases:evaluation", args=[case.pk, evaluation.pk])
    assert client.get(url).status_code == 404
    assert client_for(coordinator).get(url).status_code == 200


def test_an_evaluation_of_another_case_is_404(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    other = case_in_support(kosodate, coordinator, "髙橋家")
    client = client_for(kosodate)
    client.post(evaluate_url(other), evaluation_data(other, decision="replan"))
    evaluation = Evaluation.objects.get(case=other)
    url = reverse("cases:evaluation", args=[case.pk, evaluation.pk])
    assert client.get(url).status_code == 404


# --- My tasks on the home page ----------------------------------------------------------------


def add_tasks(kosodate: User, coordinator: User) -> None:
    """One case of each kind of task: monitoring due, a next action due, a quiet case."""
    case_in_support(kosodate, coordinator, monitoring_on=today())
    noted = case_in_assessment(kosodate, "髙橋家")
    services.note_add(
        actor=kosodate,
        case=noted,
        written_on=today() - dt.timedelta(days=2),
        method="phone",
        content="学校と連絡を取った。",
        next_action="家庭訪問の日程を決める",
        next_action_on=today() - dt.timedelta(days=1),
    )
    open_case(kosodate, "田中家", opened_on=today() - dt.timedelta(days=45))


def test_my_tasks_are_on_the_home_page(kosodate: User, coordinator: User) -> None:
    add_tasks(kosodate, coordinator)
    page = client_for(kosodate).get(reverse("front:home")).content.decode()
    assert 'id="my-tasks"' in page
    assert "モニタリングの予定" in page
    assert "家庭訪問の日程を決める" in page
    assert "期日を過ぎています" in page
    assert "接触の記録なし・受付から45日" in page
    assert AuditEvent.objects.filter(
        action="case.list", actor=kosodate, details__via="home"
    ).exists()


@pytest.mark.parametrize("username", ["zeimu", "kansa", "chiiki", "admin"])
def test_my_tasks_are_only_for_case_work(username: str) -> None:
    page = client_for(User.objects.get(username=username)).get("/").content.decode()
    assert 'id="my-tasks"' not in page


def test_my_tasks_take_the_same_queries_with_more_rows(kosodate: User, coordinator: User) -> None:
    client = client_for(kosodate)
    add_tasks(kosodate, coordinator)
    few = queries_for(client, "/")
    add_tasks(kosodate, coordinator)
    add_tasks(kosodate, coordinator)
    assert queries_for(client, "/") == few
