"""The whole-household assessment and the support plan through the pages: versions kept and
viewable, no silent overwrite between two workers, draft → items → approval by the
coordinator, revision, comparing versions, who gets 404, the audit rows and query counts."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services
from kasane.cases.models import (
    Assessment,
    Case,
    CaseProgram,
    CaseStatus,
    PlanItem,
    PlanStatus,
    ScreeningCriterion,
    SupportPlan,
)
from kasane.cases.plan_selectors import ItemSnapshot, PlanSnapshot, plan_diff
from kasane.core.errors import StaleEdit
from kasane.people import services as people_services
from kasane.people.models import Household, Person
from tests.builders import demo_issue_code
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

STALE = "ほかの利用者が変更しました"


def _tanaka_case(actor: User) -> Case:
    """田中家, opened by こども家庭センター and walked to アセスメント."""
    household = Household.objects.get(name="田中家")
    yumi = Person.objects.get(family_name="田中", given_name="由美")
    case = services.case_open(
        actor=actor,
        main_person=yumi,
        household=household,
        programs=[CaseProgram.COORDINATION],
        lead_organization=actor.organization,
        lead_worker=actor,
    )
    services.case_transition(actor=actor, case=case, to_status=CaseStatus.SCREENING)
    services.case_transition(
        actor=actor,
        case=case,
        to_status=CaseStatus.DECIDED,
        criteria=[ScreeningCriterion.HOUSEHOLD],
    )
    services.case_transition(actor=actor, case=case, to_status=CaseStatus.ASSESSMENT)
    return case


@pytest.fixture
def case(kosodate: User) -> Case:
    return _tanaka_case(kosodate)


def _people(case: Case) -> list[Person]:
    return services.household_people(case)


def _assessment_data(case: Case, based_on: int | None = None, **overrides: Any) -> dict:
    data: dict[str, Any] = {
        "based_on": "" if based_on is None else str(based_on),
        "assessed_on": timezone.localdate().isoformat(),
        "household_view": "母の介護と子育てが重なっている。",
        "worker_view": "由美さんの負担を減らすことから。",
        "urgency": "medium",
    }
    for person in _people(case):
        prefix = f"person-{person.pk}"
        data[f"{prefix}-issues"] = [demo_issue_code("介護").pk]
        data[f"{prefix}-wishes"] = f"{person.given_name}の思い"
        data[f"{prefix}-strengths"] = ""
        data[f"{prefix}-risks"] = ""
        data[f"{prefix}-notes"] = ""
    data.update(overrides)
    return data


def _save_assessment(actor: User, case: Case, wishes: str = "母の世話を続けたい") -> Assessment:
    latest = case.assessments.order_by("-version").first()
    return services.assessment_save(
        actor=actor,
        case=case,
        based_on=latest.version if latest else None,
        assessed_on=timezone.localdate(),
        household_view="",
        worker_view="",
        urgency="medium",
        entries=[
            {"person": person, "wishes": wishes, "issues": [demo_issue_code("介護")]}
            for person in _people(case)
        ],
    )


def _plan_data(plan: SupportPlan | None, items: list[dict[str, Any]], **overrides: Any) -> dict:
    """The editor's post; `plan` None for a new version (nothing saved yet)."""
    data: dict[str, Any] = {
        "loaded_at": plan.updated_at.isoformat() if plan else "",
        "goal": "母の介護を続けながら、自分の時間を持ちたい",
        "direction": "介護と子育ての負担を分ける。",
        "monitoring_on": "",
        "consent_on": "",
        "consent_method": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(plan.items.count() if plan else 0),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for name, value in item.items():
            data[f"items-{index}-{name}"] = value
    data.update(overrides)
    return data


def _item(
    organization: int, issue: str = "母の介護", support: str = "ケアマネと調整", **more: Any
) -> dict[str, Any]:
    return {
        "issue": issue,
        "support": support,
        "organization": str(organization),
        "worker": "",
        "frequency": "月1回",
        **more,
    }


def _draft(actor: User, case: Case, *, items: int = 1, consent: bool = True) -> SupportPlan:
    plan = services.plan_create(actor=actor, case=case, items=[])
    return services.plan_save(
        actor=actor,
        plan=plan,
        loaded_at=plan.updated_at.isoformat(),
        items=[
            {
                "issue": f"課題{n}",
                "support": f"支援{n}",
                "organization": actor.organization,
                "worker": actor,
                "frequency": "月1回",
            }
            for n in range(1, items + 1)
        ],
        goal="自分の時間を持ちたい",
        consent_on=timezone.localdate() if consent else None,
        consent_method="written" if consent else "",
    )


def _url(name: str, case: Case, plan: SupportPlan | None = None) -> str:
    if plan is None:
        return reverse(f"cases:{name}", args=[case.pk])
    return reverse(f"cases:{name}", args=[case.pk, plan.pk])


def _audited(action: str, case: Case, actor: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="case", object_id=str(case.pk), actor=actor
        ).order_by("pk")
    )


# --- Assessment -------------------------------------------------------------------------------


def test_it_records_a_first_and_second_assessment_both_kept(kosodate: User, case: Case) -> None:
    client = client_for(kosodate)
    page = client.get(_url("assessment_edit", case))
    assert page.status_code == 200
    assert page.context["form"]["based_on"].value() is None
    legends = [member.legend for member in page.context["members"]]
    assert legends[0] == "田中 由美（本人）"
    assert len(legends) == 3

    response = client.post(_url("assessment_edit", case), _assessment_data(case))
    assert response.status_code == 302
    first = case.assessments.get()
    assert first.version == 1
    assert first.entries.count() == 3
    assert [code.name for code in first.entries.first().issues.all()] == ["介護"]

    page = client.get(_url("assessment_edit", case))
    assert page.context["form"]["based_on"].value() == 1
    assert "由美の思い" in page.content.decode()  # prefilled from the latest version
    assert page.context["members"][0]["issues"].value() == [demo_issue_code("介護").pk]
    assert "checked" in str(page.context["members"][0]["issues"])
    yumi = _people(case)[0]
    response = client.post(
        _url("assessment_edit", case),
        _assessment_data(case, based_on=1, **{f"person-{yumi.pk}-wishes": "自分の時間がほしい"}),
    )
    assert response.status_code == 302
    assert list(case.assessments.values_list("version", flat=True)) == [2, 1]

    latest = client.get(_url("assessment", case)).content.decode()
    assert "「自分の時間がほしい」" in latest
    assert "<blockquote>" in latest
    older = client.get(_url("assessment", case) + "?version=1").content.decode()
    assert "「由美の思い」" in older
    assert "古い版（第1版）" in older
    assert client.get(_url("assessment", case) + "?version=9").status_code == 404
    versions = [
        event.details.get("version") for event in _audited("case.assessment_view", case, kosodate)
    ]
    assert versions[-2:] == [2, 1]


def test_it_shows_an_empty_assessment_page_before_the_first_version(
    kosodate: User, case: Case
) -> None:
    response = client_for(kosodate).get(_url("assessment", case))
    assert response.status_code == 200
    assert "まだアセスメントが記録されていません" in response.content.decode()


def test_it_refuses_the_second_of_two_saves_from_the_same_version(
    kosodate: User, coordinator: User, case: Case
) -> None:
    _save_assessment(kosodate, case)
    yumi = _people(case)[0]
    first, second = client_for(kosodate), client_for(coordinator)
    first.post(
        _url("assessment_edit", case),
        _assessment_data(case, based_on=1, **{f"person-{yumi.pk}-wishes": "吉田の記録"}),
    )
    mine = _assessment_data(case, based_on=1, **{f"person-{yumi.pk}-wishes": "中村の記録"})
    refused = second.post(_url("assessment_edit", case), mine)

    assert refused.status_code == 200
    body = refused.content.decode()
    assert STALE in body
    assert "中村の記録" in body  # the input is kept
    assert refused.context["form"]["based_on"].value() == "2"
    assert case.assessments.count() == 2

    again = dict(mine, based_on="2")
    assert second.post(_url("assessment_edit", case), again).status_code == 302
    latest = case.assessments.order_by("-version").first()
    assert latest.version == 3
    assert latest.entries.get(person=yumi).wishes == "中村の記録"


def test_it_keeps_the_input_when_a_field_is_wrong(kosodate: User, case: Case) -> None:
    yumi = _people(case)[0]
    data = _assessment_data(
        case, assessed_on="令和99年1月1日", **{f"person-{yumi.pk}-wishes": "残る言葉"}
    )
    response = client_for(kosodate).post(_url("assessment_edit", case), data)
    assert response.status_code == 200
    assert "入力内容を確認してください" in response.content.decode()
    assert "残る言葉" in response.content.decode()
    assert not case.assessments.exists()


# --- Plan: draft, edit, approve ---------------------------------------------------------------


def test_it_takes_a_plan_from_draft_to_approval(
    kosodate: User, houkatsu: User, coordinator: User, case: Case
) -> None:
    _save_assessment(kosodate, case)
    worker = client_for(kosodate)
    assert worker.get(_url("plan_new", case)).status_code == 200
    assert not case.plans.exists()  # opening the editor creates nothing

    items = [
        _item(
            kosodate.organization_id, issue="子育て", support="一時保育の利用", worker=kosodate.pk
        ),
        _item(houkatsu.organization_id),
        _item(houkatsu.organization_id, issue="", support="", frequency=""),  # an empty row
    ]
    items[2]["organization"] = ""
    response = worker.post(
        _url("plan_new", case),
        _plan_data(None, items, includes_participation="on", monitoring_on="R7.4.1"),
    )
    assert response.status_code == 302, response.context and response.context["items"].errors
    plan = case.plans.get()
    assert response.url == _url("plan", case, plan)
    assert plan.status == PlanStatus.DRAFT and plan.version == 1
    assert plan.includes_participation and plan.monitoring_on == dt.date(2025, 4, 1)
    assert [(item.issue, item.worker_id) for item in plan.items.all()] == [
        ("子育て", kosodate.pk),
        ("母の介護", None),
    ]
    assert _audited("case.plan_draft", case, kosodate)

    # The consultant may not approve: 404, whatever the plan.
    assert worker.post(_url("plan_approve", case, plan)).status_code == 404

    # Without the person's consent the coordinator is told why.
    boss = client_for(coordinator)
    today = timezone.localdate().isoformat()
    refused = boss.post(_url("plan_approve", case, plan), {"approved_on": today}, follow=True)
    assert "本人の同意（同意日と方法）を記録してから承認してください。" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    worker.post(
        _url("plan_edit", case, plan),
        _plan_data(
            plan,
            [
                _item(kosodate.organization_id, issue="子育て", support="一時保育の利用"),
                _item(houkatsu.organization_id),
            ],
            consent_on=today,
            consent_method="written",
        ),
    )
    asked = boss.post(_url("plan_approve", case, plan), {"approved_on": today})
    assert 'id="confirmation"' in asked.content.decode()  # approval cannot be undone
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    response = boss.post(
        _url("plan_approve", case, plan), {"approved_on": today, "confirmed": "yes"}, follow=True
    )
    assert "第1版を承認しました" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == coordinator and plan.approved_on == timezone.localdate()
    assert _audited("case.plan_approve", case, coordinator)

    # Approved: no more edits.
    response = worker.get(_url("plan_edit", case, plan), follow=True)
    assert "承認済みのプランは変更できません" in response.content.decode()


def test_the_plan_page_shows_the_plan(kosodate: User, coordinator: User, case: Case) -> None:
    plan = _draft(kosodate, case, items=2)
    body = client_for(coordinator).get(_url("plan", case, plan)).content.decode()
    assert "「自分の時間を持ちたい」" in body
    assert "課題2" in body and "支援2" in body and kosodate.full_name in body
    assert _url("plan_approve", case, plan) in body  # the coordinator may approve
    assert _url("print_plan", case, plan) in body
    worker_view = client_for(kosodate).get(_url("plan", case, plan)).content.decode()
    assert _url("plan_approve", case, plan) not in worker_view
    assert _url("plan_edit", case, plan) in worker_view
    assert [e.details["version"] for e in _audited("case.plan_view", case, coordinator)] == [1]


def test_a_new_version_copies_the_items_and_supersedes_the_old_on_approval(
    kosodate: User, coordinator: User, case: Case
) -> None:
    first = _draft(kosodate, case, items=2)
    services.plan_approve(actor=coordinator, plan=first)
    worker = client_for(kosodate)
    assert _url("plan_new", case) in worker.get(_url("plan", case, first)).content.decode()

    # The editor opens with the approved version's goal and items; going back creates nothing.
    editor = worker.get(_url("plan_new", case))
    assert editor.context["form"]["goal"].value() == first.goal
    assert [row["issue"].value() for row in editor.context["items"]][:2] == ["課題1", "課題2"]
    assert case.plans.count() == 1
    items = [_item(kosodate.organization_id, issue=f"課題{n}", support=f"支援{n}") for n in (1, 2)]
    worker.post(_url("plan_new", case), _plan_data(None, items, goal=first.goal))
    second = case.plans.get(version=2)
    assert second.status == PlanStatus.DRAFT
    assert [item.issue for item in second.items.all()] == ["課題1", "課題2"]
    assert second.goal == first.goal

    # With a draft, 「新しい版」 leads to that draft.
    response = worker.get(_url("plan_new", case))
    assert response.url == _url("plan_edit", case, second)
    refused = worker.post(_url("plan_new", case), _plan_data(None, items))
    assert refused.url == _url("plan_edit", case, second)
    assert case.plans.count() == 2

    # The person consents to the revised plan again (the draft does not copy the consent).
    assert not second.consent_on
    services.plan_save(
        actor=kosodate,
        plan=second,
        loaded_at=second.updated_at.isoformat(),
        items=[{"issue": "課題1", "support": "支援1", "organization": kosodate.organization}],
        consent_on=timezone.localdate(),
        consent_method="oral",
    )
    response = client_for(coordinator).post(
        _url("plan_approve", case, second),
        {"approved_on": timezone.localdate().isoformat(), "confirmed": "yes"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    body = worker.get(_url("plan", case, first)).content.decode()
    assert "改定済" in body and "第2版" in body


def test_it_refuses_the_second_of_two_plan_saves(
    kosodate: User, coordinator: User, case: Case
) -> None:
    plan = services.plan_create(actor=kosodate, case=case, items=[])
    org = kosodate.organization_id
    client_for(kosodate).post(_url("plan_edit", case, plan), _plan_data(plan, [_item(org)]))
    mine = _plan_data(plan, [_item(org, issue="中村の課題")], goal="中村の目標")
    refused = client_for(coordinator).post(_url("plan_edit", case, plan), mine)
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert "中村の目標" in refused.content.decode()
    plan.refresh_from_db()
    current = plan.updated_at.isoformat()
    assert refused.context["form"]["loaded_at"].value() == current
    assert plan.goal != "中村の目標"

    mine.update(loaded_at=current, **{"items-INITIAL_FORMS": "1"})
    assert client_for(coordinator).post(_url("plan_edit", case, plan), mine).status_code == 302
    plan.refresh_from_db()
    assert plan.goal == "中村の目標"
    assert [item.issue for item in plan.items.all()] == ["中村の課題"]


def test_it_deletes_an_item_and_checks_the_worker_belongs_to_the_organisation(
    kosodate: User, houkatsu: User, case: Case
) -> None:
    plan = _draft(kosodate, case, items=2)
    client = client_for(kosodate)
    wrong = _plan_data(plan, [_item(houkatsu.organization_id, worker=kosodate.pk)])
    response = client.post(_url("plan_edit", case, plan), wrong)
    assert response.status_code == 200
    assert "担当者は担当機関の職員から選んでください。" in response.content.decode()

    keep, drop = _item(kosodate.organization_id, issue="残す"), _item(kosodate.organization_id)
    data = _plan_data(plan, [keep, dict(drop, DELETE="on")], consent_on="", consent_method="")
    assert client.post(_url("plan_edit", case, plan), data).status_code == 302
    assert [item.issue for item in plan.items.all()] == ["残す"]


def test_consent_needs_both_date_and_method(kosodate: User, case: Case) -> None:
    plan = services.plan_create(actor=kosodate, case=case, items=[])
    data = _plan_data(plan, [], consent_on=timezone.localdate().isoformat())
    response = client_for(kosodate).post(_url("plan_edit", case, plan), data)
    assert "同意日と方法の両方を記録してください" in response.content.decode()


def test_a_plan_of_another_case_is_not_found(kosodate: User, case: Case) -> None:
    other = _tanaka_case(kosodate)
    plan = _draft(kosodate, other)
    client = client_for(kosodate)
    for name in ("plan", "plan_edit"):
        assert client.get(_url(name, case, plan)).status_code == 404
    assert client.get(_url("plan_compare", case) + f"?a={plan.pk}&b=999999").status_code == 404


# --- Comparing versions -----------------------------------------------------------------------


def test_compare_shows_what_changed(kosodate: User, coordinator: User, case: Case) -> None:
    first = _draft(kosodate, case, items=2)
    services.plan_approve(actor=coordinator, plan=first)
    second = services.plan_create(actor=kosodate, case=case, items=[])
    services.plan_save(
        actor=kosodate,
        plan=second,
        loaded_at=second.updated_at.isoformat(),
        goal="仕事に戻りたい",
        includes_outreach=True,
        items=[
            {
                "issue": "課題1",
                "support": "支援1（週1回に）",
                "organization": kosodate.organization,
            },
            {"issue": "新しい課題", "support": "新しい支援", "organization": kosodate.organization},
        ],
    )
    client = client_for(kosodate)
    response = client.get(_url("plan_compare", case))  # the latest two by default
    assert response.status_code == 200
    assert response.context["pair"] == (first, second)
    body = response.content.decode()
    assert '<del><span class="visually-hidden">変更前：</span>自分の時間を持ちたい</del>' in body
    assert '<ins><span class="visually-hidden">変更後：</span>仕事に戻りたい</ins>' in body
    assert "変更あり" in body
    diff = response.context["diff"]
    assert [(item.kind, (item.after or item.before).issue) for item in diff.items] == [
        ("changed", "課題1"),
        ("added", "新しい課題"),
        ("removed", "課題2"),
    ]
    # Either order of a and b gives the older first.
    swapped = client.get(_url("plan_compare", case) + f"?a={second.pk}&b={first.pk}")
    assert swapped.context["pair"] == (first, second)
    events = _audited("case.plan_view", case, kosodate)
    assert events[-1].details == {"page": "compare", "versions": [1, 2]}


def test_compare_with_one_version_says_so(kosodate: User, case: Case) -> None:
    _draft(kosodate, case)
    response = client_for(kosodate).get(_url("plan_compare", case))
    assert response.status_code == 200
    assert "比べられる版がまだありません" in response.content.decode()


def _snapshot(goal: str, items: list[ItemSnapshot]) -> PlanSnapshot:
    return PlanSnapshot(fields={"本人の目標": goal, "支援の方向性": "同じ"}, items=items)


def test_plan_diff_pairs_items_by_content_then_by_issue() -> None:
    a = ItemSnapshot("介護", "ケアマネと調整", "東地域包括支援センター", "小林 直子", "月1回")
    b = ItemSnapshot("子育て", "一時保育", "こども家庭センター")
    c = ItemSnapshot("就労", "職業相談", "自立相談支援機関")
    a2 = ItemSnapshot("介護", "ケアマネと調整", "東地域包括支援センター", "", "週1回")
    diff = plan_diff(_snapshot("前の目標", [a, b, c]), _snapshot("後の目標", [b, a2, c, b]))

    assert [(item.kind, item.after) for item in diff.items] == [
        ("same", b),
        ("changed", a2),
        ("same", c),
        ("added", b),
    ]
    assert [change.label for change in diff.changed_fields] == ["本人の目標"]
    changed = [f.label for f in diff.items[1].fields if f.changed]
    assert changed == ["担当者", "頻度・期間"]
    assert (diff.added_count, diff.removed_count, diff.changed_count) == (1, 0, 1)
    assert diff.has_changes


def test_plan_diff_of_identical_versions_has_no_changes() -> None:
    item = ItemSnapshot("介護", "調整", "東地域包括支援センター")
    diff = plan_diff(_snapshot("同じ", [item]), _snapshot("同じ", [item]))
    assert not diff.has_changes
    removed = plan_diff(_snapshot("同じ", [item]), _snapshot("同じ", []))
    assert [(i.kind, i.before) for i in removed.items] == [("removed", item)]


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["outsider", "zeimu", "kansa", "keisatsu", "chiiki", "houkatsu"]
)
def test_it_is_not_found_for_users_off_the_team(
    username: str, kosodate: User, coordinator: User, case: Case
) -> None:
    _save_assessment(kosodate, case)
    plan = _draft(kosodate, case)
    client = client_for(User.objects.get(username=username))
    gets = [
        _url("assessment", case),
        _url("assessment_edit", case),
        _url("plan", case, plan),
        _url("plan_edit", case, plan),
        _url("plan_compare", case),
    ]
    posts = [
        _url("assessment_edit", case),
        _url("plan_new", case),
        _url("plan_edit", case, plan),
        _url("plan_approve", case, plan),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"approved_on": "R7.4.1"}).status_code == 404, url
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert case.assessments.count() == 1


def test_the_admin_neither_reads_nor_writes(admin: User, kosodate: User, case: Case) -> None:
    """Admins manage the system and read no case (issue 19)."""
    _save_assessment(kosodate, case)
    plan = _draft(kosodate, case)
    client = client_for(admin)
    assert client.get(_url("assessment", case)).status_code == 404
    assert client.get(_url("plan", case, plan)).status_code == 404
    assert client.get(_url("assessment_edit", case)).status_code == 404
    assert client.get(_url("plan_edit", case, plan)).status_code == 404
    assert client.get(_url("plan_new", case)).status_code == 404
    assert client.post(_url("plan_new", case)).status_code == 404
    assert client.post(_url("plan_approve", case, plan)).status_code == 404


def test_a_team_member_who_left_no_longer_sees_it(
    kosodate: User, houkatsu: User, coordinator: User, case: Case
) -> None:
    member = services.team_add(
        actor=coordinator, case=case, organization=houkatsu.organization, role="agency"
    )
    client = client_for(houkatsu)
    assert client.get(_url("assessment", case)).status_code == 200
    services.team_leave(actor=coordinator, member=member)
    assert client.get(_url("assessment", case)).status_code == 404


def test_the_service_refuses_a_stale_assessment(kosodate: User, case: Case) -> None:
    _save_assessment(kosodate, case)
    with pytest.raises(StaleEdit):
        services.assessment_save(
            actor=kosodate,
            case=case,
            based_on=None,
            assessed_on=timezone.localdate(),
            household_view="",
            worker_view="",
            urgency="low",
            entries=[],
        )


# --- Query counts -----------------------------------------------------------------------------


def _grow_household(case: Case, actor: User, count: int) -> None:
    """Add `count` members to the case's household."""
    household = Household.objects.get(pk=case.household_id)
    for n in range(count):
        person = people_services.person_create(
            actor=actor,
            organization=actor.organization,
            family_name="田中",
            given_name=f"孫{n}",
            family_kana="タナカ",
            given_kana="マゴ",
        )
        people_services.household_member_add(
            actor=actor, household=household, person=person, relation="child"
        )


def test_the_assessment_pages_take_constant_queries(kosodate: User, case: Case) -> None:
    client = client_for(kosodate)
    _save_assessment(kosodate, case)
    few = (
        queries_for(client, _url("assessment", case)),
        queries_for(client, _url("assessment_edit", case)),
    )
    _grow_household(case, kosodate, 4)
    _save_assessment(kosodate, case)
    _save_assessment(kosodate, case)
    more = (
        queries_for(client, _url("assessment", case)),
        queries_for(client, _url("assessment_edit", case)),
    )
    assert few == more, (few, more)


def test_the_plan_pages_take_constant_queries(
    kosodate: User, coordinator: User, case: Case
) -> None:
    client = client_for(coordinator)
    first = _draft(kosodate, case, items=1)
    services.plan_approve(actor=coordinator, plan=first)
    second = _draft(kosodate, case, items=1)
    few = [
        queries_for(client, _url("plan", case, second)),
        queries_for(client, _url("plan_edit", case, second)),
        queries_for(client, _url("plan_compare", case)),
    ]
    services.plan_approve(actor=coordinator, plan=second)
    third = _draft(kosodate, case, items=8)
    PlanItem.objects.filter(plan=third).update(worker=None)
    more = [
        queries_for(client, _url("plan", case, third)),
        queries_for(client, _url("plan_edit", case, third)),
        queries_for(client, _url("plan_compare", case)),
    ]
    assert few == more, (few, more)


def test_a_case_without_a_household_assesses_the_main_person(kosodate: User) -> None:
    yumi = Person.objects.get(family_name="田中", given_name="由美")
    case = services.case_open(
        actor=kosodate,
        main_person=yumi,
        household=None,
        programs=[CaseProgram.CONSULTATION],
        lead_organization=kosodate.organization,
    )
    client = client_for(kosodate)
    page = client.get(_url("assessment_edit", case))
    assert [member.legend for member in page.context["members"]] == ["田中 由美（本人）"]
    assert client.post(_url("assessment_edit", case), _assessment_data(case)).status_code == 302
    assert "「由美の思い」" in client.get(_url("assessment", case)).content.decode()


@pytest.mark.parametrize("count", ["2000", str(2**63)])
def test_a_huge_item_count_is_refused_quickly_and_saves_nothing(
    kosodate: User, case: Case, count: str
) -> None:
    plan = _draft(kosodate, case, items=1)
    data = _plan_data(
        plan, [_item(kosodate.organization_id, issue="変えない")], goal="変えない目標"
    )
    data["items-TOTAL_FORMS"] = count
    started = time.monotonic()
    response = client_for(kosodate).post(_url("plan_edit", case, plan), data)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert "保存はされていません" in response.content.decode()
    assert len(response.content) < 500_000
    plan.refresh_from_db()
    assert plan.goal != "変えない目標"
