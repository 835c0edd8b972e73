"""支援ケース through the pages: opening a case, the status path and its rules, the team and
the consent it rests on, progress notes (sensitive ones too), who gets 404, the Excel export
with 閲覧制限 masked, the audit rows, my tasks, and query counts that do not grow with rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import exports, selectors, services
from kasane.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseTeamMember,
    PlanStatus,
    SupportPlan,
    TeamRole,
)
from kasane.intake.models import Consultation, Referral
from kasane.organizations.models import Organization
from kasane.people.models import MASK, Person
from tests.builders import demo_household, demo_person, new_key, today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

S = CaseStatus


def _open_tanaka(kosodate: User, **overrides: object) -> Case:
    values: dict[str, object] = {
        "actor": kosodate,
        "main_person": demo_person("田中 由美"),
        "household": demo_household("田中家"),
        "programs": ["coordination"],
        "lead_organization": kosodate.organization,
        "lead_worker": kosodate,
        "summary": "母の介護と子育てを一人で担っている。",
    }
    values.update(overrides)
    return services.case_open(**values)


def _approve_a_plan(case: Case, actor: User, coordinator: User, **values: object) -> SupportPlan:
    plan = services.plan_create(actor=actor, case=case, items=[])
    services.plan_save(
        actor=actor,
        plan=plan,
        loaded_at=plan.updated_at.isoformat(),
        items=[
            {
                "issue": "母の介護",
                "support": "介護保険の見直し",
                "organization": actor.organization,
                "frequency": "月1回",
            }
        ],
        goal="母の介護を一人で抱えずに、陽斗と過ごす時間をつくりたい。",
        consent_on=today(),
        consent_method="written",
        **values,
    )
    return services.plan_approve(actor=coordinator, plan=plan)


def _walk(case: Case, actor: User, coordinator: User, to: str) -> Case:
    """Take the case along the path (recording what each step needs) up to `to`."""
    path = [S.SCREENING, S.DECIDED, S.ASSESSMENT, S.PLANNING, S.SUPPORT, S.MONITORING]
    for status in path[: path.index(S(to)) + 1]:
        if status == S.PLANNING:
            services.assessment_save(
                actor=actor,
                case=case,
                based_on=None,
                assessed_on=today(),
                household_view="",
                worker_view="ダブルケアの負担が大きい。",
                urgency="medium",
                entries=[],
            )
        if status == S.SUPPORT:
            _approve_a_plan(case, actor, coordinator, monitoring_on=today() + dt.timedelta(days=3))
        case.refresh_from_db()
        if case.status == status:
            continue  # the work moved it there (the approval moves it to 支援中)
        services.case_transition(
            actor=actor, case=case, to_status=status, criteria=["household"] * (status == S.DECIDED)
        )
    case.refresh_from_db()
    return case


def _transition(client, case: Case, **data: object):
    return client.post(reverse("cases:transition", args=[case.pk]), data)


def _note_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "submission_key": new_key(),
        "written_on": today().isoformat(),
        "method": "home_visit",
        "content": "自宅を訪問。由美さんは疲れた様子。",
        "next_action": "",
        "next_action_on": "",
    }
    data.update(overrides)
    return data


# --- Opening a case ---------------------------------------------------------------------------


def test_it_opens_a_case_from_a_consultation(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    consultation = Consultation.objects.filter(person=hana).order_by("pk").first()
    client = client_for(houkatsu)
    url = reverse("cases:create") + f"?consultation={consultation.pk}"
    page = client.get(url).content.decode()
    assert "鈴木家" in page  # her household is offered
    assert consultation.summary[:20] in page  # the summary starts from the 主訴
    response = client.post(
        url,
        {
            "submission_key": new_key(),
            "opened_on": "令和7年4月1日",
            "household": demo_household("鈴木家").pk,
            "programs": ["coordination", "outreach"],
            "lead_organization": houkatsu.organization_id,
            "lead_worker": houkatsu.pk,
            "summary": "8050の世帯。長男のひきこもり。",
        },
    )
    case = Case.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.main_person == hana
    assert case.consultation == consultation
    assert case.status == S.RECEIVED
    assert case.opened_on == dt.date(2025, 4, 1)
    assert case.programs == ["coordination", "outreach"]
    lead = case.team.get()
    assert (lead.organization, lead.role, lead.worker) == (
        houkatsu.organization,
        TeamRole.LEAD,
        houkatsu,
    )
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.pk)).exists()
    assert AuditEvent.objects.filter(
        action="consultation.view", object_id=str(consultation.pk), details__page="case_create"
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "8050の世帯。長男のひきこもり。" in detail
    assert reverse("consultations:detail", args=[consultation.pk]) in detail
    assert "多機関協働" in detail and "アウトリーチ" in detail


def test_opening_needs_a_program_and_saves_nothing_without(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    before = Case.objects.count()
    response = client_for(houkatsu).post(
        reverse("cases:create") + f"?person={hana.pk}",
        {"opened_on": today().isoformat(), "lead_organization": houkatsu.organization_id},
    )
    assert response.status_code == 200
    assert "ケースの事業を一つ以上選んでください。" in response.content.decode()
    assert Case.objects.count() == before


def test_a_worker_opens_a_case_only_with_their_own_organisation_as_lead(
    houkatsu: User, kosodate: User
) -> None:
    response = client_for(houkatsu).post(
        reverse("cases:create") + f"?person={demo_person('鈴木 ハナ').pk}",
        {
            "opened_on": today().isoformat(),
            "programs": ["coordination"],
            "lead_organization": kosodate.organization_id,
        },
    )
    assert response.status_code == 200
    assert not Case.objects.filter(main_person__given_name="ハナ", created_by=houkatsu).exists()


def test_opening_from_a_person_another_organisation_registered_is_404(outsider: User) -> None:
    url = reverse("cases:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.parametrize("username", ["admin", "zeimu", "keisatsu", "chiiki", "kansa"])
def test_those_who_do_not_open_cases_get_404_on_the_form(username: str) -> None:
    user = User.objects.get(username=username)
    url = reverse("cases:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    assert client_for(user).get(url).status_code == 404
    assert client_for(user).post(url, {}).status_code == 404


# --- The status path --------------------------------------------------------------------------


def test_an_illegal_transition_is_refused_with_a_message(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    response = _transition(client_for(kosodate), case, to_status="support")
    assert response.status_code == 200
    assert "「受付」から「支援中」には進めません。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.RECEIVED
    assert case.transitions.count() == 1


def test_the_page_offers_only_the_allowed_next_steps(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    services.case_transition(actor=kosodate, case=case, to_status=S.SCREENING)
    page = client_for(kosodate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "「支援決定」にする" in page
    assert "「対象外」にする" in page
    assert "「支援中」に進める" not in page
    assert "世帯として支援が必要" in page  # the screening criteria
    assert reverse("cases:evaluation_create", args=[case.pk]) not in page


def test_decided_needs_the_screening_criteria(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    services.case_transition(actor=kosodate, case=case, to_status=S.SCREENING)
    client = client_for(kosodate)
    refused = _transition(client, case, to_status="decided", reason="チーム会議で検討")
    page = refused.content.decode()
    assert "支援決定には、スクリーニングで当てはまった判断を一つ以上選んでください。" in page
    assert "チーム会議で検討" in page  # the input is kept
    case.refresh_from_db()
    assert case.status == S.SCREENING
    response = _transition(
        client, case, to_status="decided", criteria=["household", "gap"], reason="チーム会議"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.DECIDED
    assert case.screening_criteria == ["household", "gap"]
    transition = case.transitions.last()
    assert (transition.actor, transition.reason, transition.occurred_on) == (
        kosodate,
        "チーム会議",
        today(),
    )
    assert AuditEvent.objects.filter(
        action="case.transition", object_id=str(case.pk), details__to="decided"
    ).exists()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "世帯として支援が必要、制度の狭間" in page
    assert "スクリーニング → 支援決定" in page


def test_not_eligible_needs_a_reason_and_records_where_the_person_went(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    services.case_transition(actor=kosodate, case=case, to_status=S.SCREENING)
    client = client_for(kosodate)
    refused = _transition(client, case, to_status="not_eligible", reason="")
    assert "理由を入力してください。" in refused.content.decode()
    houkatsu_org = Organization.objects.get(name="東地域包括支援センター")
    response = _transition(
        client,
        case,
        to_status="not_eligible",
        reason="既存の支援で足りる",
        referred_to=houkatsu_org.pk,
        confirmed="yes",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.not_eligible_reason, case.referred_to) == (
        S.NOT_ELIGIBLE,
        "既存の支援で足りる",
        houkatsu_org,
    )
    assert case.ended_on == today()


def test_support_needs_an_approved_plan(kosodate: User, coordinator: User) -> None:
    case = _walk(_open_tanaka(kosodate), kosodate, coordinator, S.PLANNING)
    response = _transition(client_for(kosodate), case, to_status="support")
    assert "支援中に進むには、承認済みの支援プランが必要です。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.PLANNING
    _approve_a_plan(case, kosodate, coordinator)
    case.refresh_from_db()
    assert case.status == S.SUPPORT  # the approval moved it, no step pressed


def test_closing_is_offered_only_through_an_evaluation(kosodate: User, coordinator: User) -> None:
    case = _walk(_open_tanaka(kosodate), kosodate, coordinator, S.SUPPORT)
    page = client_for(kosodate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:evaluation_create", args=[case.pk]) in page
    assert "「終結」" not in page
    response = _transition(client_for(kosodate), case, to_status="closed")
    assert "終結は、評価を記録して判断します。" in response.content.decode()


# --- The team ---------------------------------------------------------------------------------


def _team_add(client, case: Case, organization: Organization, role: str = "agency"):
    return client.post(
        reverse("cases:team_add", args=[case.pk]),
        {
            "submission_key": new_key(),
            "organization": organization.pk,
            "role": role,
            "joined_on": "",
        },
    )


def test_an_organisation_joins_only_with_the_main_persons_consent(
    houkatsu: User, jiritsu: User
) -> None:
    client = client_for(houkatsu)
    suzuki = demo_household("鈴木家")
    ichiro_case = services.case_open(
        actor=houkatsu,
        main_person=demo_person("鈴木 一郎"),
        household=suzuki,
        programs=["coordination"],
        lead_organization=houkatsu.organization,
    )
    refused = _team_add(client, ichiro_case, jiritsu.organization)
    assert refused.status_code == 200
    assert (
        "鈴木 一郎さんの同意が自立相談支援機関との共有を含んでいません。"
        in refused.content.decode()
    )
    assert not ichiro_case.team.filter(organization=jiritsu.organization).exists()
    assert (
        client_for(jiritsu).get(reverse("cases:detail", args=[ichiro_case.pk])).status_code == 404
    )

    hana_case = services.case_open(
        actor=houkatsu,
        main_person=demo_person("鈴木 ハナ"),
        household=suzuki,
        programs=["coordination"],
        lead_organization=houkatsu.organization,
    )
    response = _team_add(client, hana_case, jiritsu.organization)
    assert response.status_code == 302
    member = hana_case.team.get(organization=jiritsu.organization)
    assert (member.role, member.joined_on, member.added_by) == (TeamRole.AGENCY, today(), houkatsu)
    assert AuditEvent.objects.filter(action="case.team_add", object_id=str(hana_case.pk)).exists()
    # Being on the team is what lets jiritsu read the case, its household and its people.
    jiritsu_client = client_for(jiritsu)
    assert jiritsu_client.get(reverse("cases:detail", args=[hana_case.pk])).status_code == 200
    assert (
        jiritsu_client.get(reverse("people:household_detail", args=[suzuki.pk])).status_code == 200
    )


def test_an_organisation_that_left_the_team_gets_404(houkatsu: User, kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    member = services.team_add(
        actor=kosodate, case=case, organization=houkatsu.organization, role=TeamRole.AGENCY
    )
    url = reverse("cases:detail", args=[case.pk])
    assert client_for(houkatsu).get(url).status_code == 200
    response = client_for(kosodate).post(
        reverse("cases:team_leave", args=[case.pk, member.pk]), {"left_on": "", "confirmed": "yes"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == today()
    assert AuditEvent.objects.filter(action="case.team_leave", object_id=str(case.pk)).exists()
    assert client_for(houkatsu).get(url).status_code == 404
    assert (
        client_for(houkatsu)
        .post(reverse("cases:note_add", args=[case.pk]), _note_data())
        .status_code
        == 404
    )
    page = client_for(kosodate).get(url).content.decode()
    assert "東地域包括支援センター" in page and "離脱" in page  # the history stays


def test_a_worker_whose_own_organisation_leaves_goes_back_to_the_list(
    houkatsu: User, kosodate: User
) -> None:
    case = _open_tanaka(kosodate)
    member = services.team_add(
        actor=kosodate, case=case, organization=houkatsu.organization, role=TeamRole.AGENCY
    )
    response = client_for(houkatsu).post(
        reverse("cases:team_leave", args=[case.pk, member.pk]), {"left_on": "", "confirmed": "yes"}
    )
    assert response["Location"] == reverse("cases:list")


# --- Progress notes ---------------------------------------------------------------------------


def test_a_team_member_records_a_note(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    client = client_for(kosodate)
    response = client.post(
        reverse("cases:note_add", args=[case.pk]),
        _note_data(next_action="来週、同行して受診する", next_action_on=today().isoformat()),
    )
    assert response.status_code == 302
    note = case.notes.get()
    assert (note.author, note.organization, note.method) == (
        kosodate,
        kosodate.organization,
        "home_visit",
    )
    case.refresh_from_db()
    assert case.last_contact_on == today()
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "自宅を訪問。由美さんは疲れた様子。" in page
    assert "来週、同行して受診する" in page
    done = client.post(reverse("cases:note_done", args=[case.pk, note.pk]))
    assert done.status_code == 302
    note.refresh_from_db()
    assert note.next_action_done
    assert AuditEvent.objects.filter(
        action="case.note_action_done", object_id=str(case.pk)
    ).exists()


def test_a_refused_note_keeps_the_input(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    future = (today() + dt.timedelta(days=2)).isoformat()
    response = client_for(kosodate).post(
        reverse("cases:note_add", args=[case.pk]), _note_data(written_on=future)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "日付が未来の日付です。" in page
    assert "自宅を訪問。由美さんは疲れた様子。" in page
    assert not case.notes.exists()
    no_action = client_for(kosodate).post(
        reverse("cases:note_add", args=[case.pk]), _note_data(next_action_on=today().isoformat())
    )
    assert "次の対応も入力してください" in no_action.content.decode()
    assert not case.notes.exists()


def test_a_sensitive_note_is_read_only_by_its_organisation_and_coordinators(
    kosodate: User, houkatsu: User, coordinator: User
) -> None:
    case = _open_tanaka(kosodate)
    services.team_add(
        actor=kosodate, case=case, organization=houkatsu.organization, role=TeamRole.AGENCY
    )
    client_for(kosodate).post(
        reverse("cases:note_add", args=[case.pk]),
        _note_data(content="由美さんから夫の暴言について打ち明けられた。", is_sensitive="on"),
    )
    client_for(kosodate).post(
        reverse("cases:note_add", args=[case.pk]), _note_data(content="電話で近況を確認。")
    )
    assert case.notes.filter(is_sensitive=True).count() == 1
    url = reverse("cases:detail", args=[case.pk])
    secret = "夫の暴言"
    other_org = client_for(houkatsu).get(url).content.decode()
    assert secret not in other_org
    assert "電話で近況を確認。" in other_org
    assert "支援経過（1件）" in other_org
    assert secret in client_for(kosodate).get(url).content.decode()
    assert secret in client_for(coordinator).get(url).content.decode()
    note = case.notes.get(is_sensitive=True)
    done = client_for(houkatsu).post(reverse("cases:note_done", args=[case.pk, note.pk]))
    assert done.status_code == 404


def test_the_page_shows_the_newest_notes_and_pages_to_older_ones(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    for day in range(selectors.NOTES_SHOWN + 2):
        services.note_add(
            actor=kosodate,
            case=case,
            written_on=today() - dt.timedelta(days=day),
            method="phone",
            content=f"経過{day}日前",
        )
    client = client_for(kosodate)
    url = reverse("cases:detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert "経過0日前" in page
    assert f"経過{selectors.NOTES_SHOWN + 1}日前" not in page
    shown, count = selectors.NOTES_SHOWN, selectors.NOTES_SHOWN + 2
    assert "?notes_page=2#notes" in page and f"1〜{shown}件目（全{count}件）" in page
    older = client.get(url + "?notes_page=2")
    assert [note.content for note in older.context["notes"]] == [
        f"経過{shown}日前",
        f"経過{shown + 1}日前",
    ]
    assert f"{shown + 1}〜{count}件目（全{count}件）" in older.content.decode()
    assert "?notes_page=1#notes" in older.content.decode()
    # A page out of range (or not a number) shows the nearest one.
    assert client.get(url + "?notes_page=9").context["notes_page"].number == 2
    assert client.get(url + "?notes_page=x").context["notes_page"].number == 1


# --- Who gets 404 -----------------------------------------------------------------------------


def _case_urls(case: Case) -> list[tuple[str, str]]:
    member = case.team.first()
    note = case.notes.first()
    return [
        ("get", reverse("cases:detail", args=[case.pk])),
        ("get", reverse("cases:edit", args=[case.pk])),
        ("post", reverse("cases:edit", args=[case.pk])),
        ("post", reverse("cases:transition", args=[case.pk])),
        ("post", reverse("cases:team_add", args=[case.pk])),
        ("post", reverse("cases:team_leave", args=[case.pk, member.pk])),
        ("post", reverse("cases:note_add", args=[case.pk])),
        ("post", reverse("cases:note_done", args=[case.pk, note.pk])),
    ]


def _case_with_a_note(kosodate: User) -> Case:
    case = _open_tanaka(kosodate)
    services.note_add(
        actor=kosodate,
        case=case,
        written_on=today(),
        method="phone",
        content="電話",
        next_action="再訪",
        next_action_on=today(),
    )
    return case


@pytest.mark.parametrize("username", ["outsider", "zeimu", "keisatsu", "chiiki", "kansa"])
def test_those_off_the_team_get_404_on_every_case_url(username: str, kosodate: User) -> None:
    case = _case_with_a_note(kosodate)
    client = client_for(User.objects.get(username=username))
    for method, url in _case_urls(case):
        data = {"to_status": "screening"} if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    case.refresh_from_db()
    assert case.status == S.RECEIVED
    assert case.notes.count() == 1


@pytest.mark.parametrize("username", ["zeimu", "keisatsu", "chiiki", "kansa"])
def test_roles_without_case_work_get_404_on_the_list_and_the_export(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse("cases:list")).status_code == 404
    assert client.get(reverse("cases:export")).status_code == 404
    assert client.post(reverse("cases:export")).status_code == 404


def test_an_outsider_lists_no_case_of_another_organisation(outsider: User, kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    page = client_for(outsider).get(reverse("cases:list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) not in page


def test_a_team_member_opens_every_page(kosodate: User) -> None:
    case = _case_with_a_note(kosodate)
    client = client_for(kosodate)
    for url in (reverse("cases:detail", args=[case.pk]), reverse("cases:edit", args=[case.pk])):
        assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action="case.view", object_id=str(case.pk), actor=kosodate, details__page="detail"
    ).exists()


def test_the_admin_gets_404_on_every_page_of_the_case(admin: User, kosodate: User) -> None:
    """Admins manage the system and read no case (issue 19)."""
    case = _case_with_a_note(kosodate)
    client = client_for(admin)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    for method, url in _case_urls(case):
        assert getattr(client, method)(url).status_code in {404, 405}, url


def test_the_coordinator_works_on_any_case(coordinator: User, kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    response = _transition(client_for(coordinator), case, to_status="screening")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.SCREENING


# --- Changing the case ------------------------------------------------------------------------


def test_a_second_edit_is_refused_and_then_saved_knowingly(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    client = client_for(kosodate)
    url = reverse("cases:edit", args=[case.pk])
    loaded_at = case.updated_at.isoformat()
    services.case_update(
        actor=kosodate, case=case, loaded_at=loaded_at, summary="ほかの人が先に保存した"
    )
    data = {
        "programs": ["coordination", "participation"],
        "summary": "私の変更",
        "loaded_at": loaded_at,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "ほかの利用者が変更しました" in refused.content.decode()
    assert "私の変更" in refused.content.decode()
    case.refresh_from_db()
    assert case.summary == "ほかの人が先に保存した"
    data["loaded_at"] = refused.context["form"].data["loaded_at"]
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.summary, case.programs) == ("私の変更", ["coordination", "participation"])


# --- The list and the export ------------------------------------------------------------------


def test_the_list_filters_and_is_audited(kosodate: User, coordinator: User) -> None:
    tanaka = _open_tanaka(kosodate, programs=["coordination", "participation"])
    takahashi = services.case_open(
        actor=kosodate,
        main_person=demo_person("髙橋 恵"),
        household=demo_household("髙橋家"),
        programs=["consultation"],
        lead_organization=kosodate.organization,
    )
    client = client_for(coordinator)

    def listed(query: str) -> set[int]:
        page = client.get(reverse("cases:list") + query).context["page"]
        return {case.pk for case in page.object_list}

    assert {tanaka.pk, takahashi.pk} <= listed("")
    assert tanaka.pk in listed("?program=participation")
    assert takahashi.pk not in listed("?program=participation")
    assert listed("?name=たなか") & {tanaka.pk, takahashi.pk} == {tanaka.pk}
    assert tanaka.pk in listed("?status=active")
    assert tanaka.pk not in listed("?status=support")
    assert tanaka.pk in listed(f"?organization={kosodate.organization_id}")
    # Which filters were used, never a name typed (issue 21 point 2).
    lists = AuditEvent.objects.filter(action="case.list", actor=coordinator)
    assert lists.filter(details__criteria=["program"]).exists()
    assert lists.filter(details__criteria=["name"]).exists()
    assert not any("たなか" in str(event.details) for event in lists)
    page = client.get(reverse("cases:list")).content.decode()
    assert reverse("cases:detail", args=[tanaka.pk]) in page
    assert "こども家庭センター" in page  # 主担当


def test_the_export_masks_restricted_addresses_and_is_audited(
    jiritsu: User, kosodate: User
) -> None:
    sakura = demo_person("佐藤 さくら")
    sato = services.case_open(
        actor=jiritsu,
        main_person=sakura,
        household=demo_household("佐藤家"),
        programs=["coordination"],
        lead_organization=jiritsu.organization,
    )
    response = client_for(jiritsu).post(reverse("cases:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="cases-{today():%Y%m%d}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=False))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    row = rows[sato.pk]
    assert row["ケース"] == "佐藤家"
    assert row["主たる本人"] == "佐藤 さくら"
    assert row["住所"] == MASK and row["電話"] == MASK
    assert sakura.address not in str(list(sheet.values))
    # jiritsu holds a grant to see her address; an export masks it all the same.
    assert all(case.pk in rows for case in [sato])
    event = AuditEvent.objects.get(action="case.export", actor=jiritsu)
    assert event.details["rows"] == len(rows)

    tanaka = _open_tanaka(kosodate)
    other = load_workbook(io.BytesIO(client_for(kosodate).post(reverse("cases:export")).content))
    exported = {row[0]: row for row in other.active.iter_rows(min_row=2, values_only=True)}
    assert sato.pk not in exported  # only visible cases
    assert "緑ヶ丘1丁目5-8" in exported[tanaka.pk][4]  # not restricted: shown
    assert exported[tanaka.pk][9].date() == today()  # a real date, shown as 和暦
    row = next(r for r in other.active.iter_rows(min_row=2) if r[0].value == tanaka.pk)
    assert "ggge" in row[9].number_format


def test_the_export_stops_at_its_limit_with_a_note(
    kosodate: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_tanaka(kosodate)
    _open_tanaka(kosodate)
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 1)
    response = client_for(kosodate).post(reverse("cases:export"))
    values = list(load_workbook(io.BytesIO(response.content)).active.values)
    total = Case.objects.filter(team__organization=kosodate.organization).distinct().count()
    assert len(values) == 3  # header, one case, the note
    assert values[2][0] == f"先頭の1件だけを出力しました（全{total}件）。絞り込んでください。"
    event = AuditEvent.objects.filter(action="case.export", actor=kosodate).latest("pk")
    assert (event.details["rows"], event.details["total"]) == (1, total)


def test_the_export_writes_text_never_a_formula(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    Person.objects.filter(pk=case.main_person_id).update(given_name="=1+1")
    response = client_for(kosodate).post(reverse("cases:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == case.pk)
    assert row[2].value == "田中 =1+1"
    assert row[2].data_type == "s"


def test_the_export_follows_the_list_filters(kosodate: User) -> None:
    case = _open_tanaka(kosodate)
    response = client_for(kosodate).post(reverse("cases:export") + "?status=support")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert case.pk not in [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert AuditEvent.objects.filter(
        action="case.export", actor=kosodate, details__criteria=["status"]
    ).exists()


# --- My tasks ---------------------------------------------------------------------------------


def test_my_tasks_list_monitoring_next_actions_and_quiet_cases(
    kosodate: User, houkatsu: User, coordinator: User
) -> None:
    before = selectors.my_tasks(kosodate)
    due = _walk(_open_tanaka(kosodate), kosodate, coordinator, S.SUPPORT)
    note = services.note_add(
        actor=kosodate,
        case=due,
        written_on=today(),
        method="phone",
        content="電話",
        next_action="ケアマネに連絡",
        next_action_on=today(),
    )
    quiet = services.case_open(
        actor=kosodate,
        main_person=demo_person("髙橋 恵"),
        household=demo_household("髙橋家"),
        programs=["consultation"],
        lead_organization=kosodate.organization,
        opened_on=today() - dt.timedelta(days=45),
    )
    tasks = selectors.my_tasks(kosodate)
    assert due.pk in [plan.case_id for plan in tasks.monitoring]
    assert tasks.monitoring_count.value == before.monitoring_count.value + 1
    assert note in tasks.actions
    assert tasks.actions_count.value == before.actions_count.value + 1
    assert quiet in tasks.quiet and due not in tasks.quiet
    assert tasks.quiet_days == 30
    # Another organisation's worker, not on these teams, has none of them.
    others = selectors.my_tasks(houkatsu)
    assert due.pk not in [plan.case_id for plan in others.monitoring]
    assert note not in others.actions and quiet not in others.quiet
    # The coordinator sees the cases' monitoring and quiet cases, not another org's actions.
    steering = selectors.my_tasks(coordinator)
    assert quiet in steering.quiet
    assert note not in steering.actions
    assert selectors.my_tasks(User.objects.get(username="zeimu")) is None
    services.note_action_done(actor=kosodate, note=note)
    assert note not in selectors.my_tasks(kosodate).actions


def test_my_tasks_take_the_same_queries_for_more_rows(kosodate: User, coordinator: User) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.my_tasks(kosodate)
        return len(queries)

    _more_cases(kosodate, coordinator, 1)
    few = count()
    assert few > 0
    _more_cases(kosodate, coordinator, 4)
    assert count() == few


# --- Query counts -----------------------------------------------------------------------------


def _more_cases(kosodate: User, coordinator: User, n: int) -> list[Case]:
    cases = []
    for _ in range(n):
        case = _walk(
            _open_tanaka(kosodate, opened_on=today() - dt.timedelta(days=60)),
            kosodate,
            coordinator,
            S.SUPPORT,
        )
        services.note_add(
            actor=kosodate,
            case=case,
            written_on=today() - dt.timedelta(days=40),
            method="phone",
            content="電話",
            next_action="再訪",
            next_action_on=today(),
        )
        cases.append(case)
    return cases


def test_the_list_and_the_export_take_the_same_queries_for_more_rows(
    kosodate: User, coordinator: User
) -> None:
    client = client_for(coordinator)
    _more_cases(kosodate, coordinator, 2)
    export = reverse("cases:export")
    few = (queries_for(client, reverse("cases:list")), queries_for(client, export, post={}))
    _more_cases(kosodate, coordinator, 5)
    more = (
        queries_for(client, reverse("cases:list")),
        queries_for(client, export, post={}),
    )
    assert more == few


def test_the_case_page_takes_the_same_queries_for_more_rows(
    kosodate: User, houkatsu: User, jiritsu: User, coordinator: User
) -> None:
    case = _walk(_open_tanaka(kosodate), kosodate, coordinator, S.SUPPORT)
    client = client_for(kosodate)
    url = reverse("cases:detail", args=[case.pk])
    few = queries_for(client, url)
    services.team_add(actor=kosodate, case=case, organization=houkatsu.organization, role="agency")
    services.team_add(actor=kosodate, case=case, organization=jiritsu.organization, role="agency")
    member = CaseTeamMember.objects.get(case=case, organization=jiritsu.organization)
    services.team_leave(actor=kosodate, member=member)
    for day in range(6):
        services.note_add(
            actor=houkatsu if day % 2 else kosodate,
            case=case,
            written_on=today() - dt.timedelta(days=day),
            method="visit",
            content="来所",
            next_action="電話する",
            is_sensitive=day == 3,
        )
    services.case_transition(actor=kosodate, case=case, to_status=S.MONITORING)
    services.case_transition(actor=kosodate, case=case, to_status=S.SUPPORT)
    services.plan_create(actor=kosodate, case=case, items=[])
    assert queries_for(client, url) == few
    assert SupportPlan.objects.filter(case=case, status=PlanStatus.DRAFT).exists()
    assert CaseNote.objects.filter(case=case).count() == 6


# --- Mobile -----------------------------------------------------------------------------------


def test_the_case_page_stacks_its_tables_for_a_phone(kosodate: User, coordinator: User) -> None:
    case = _walk(_open_tanaka(kosodate), kosodate, coordinator, S.SUPPORT)
    page = client_for(kosodate).get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Every table is stacked (details) or compact rows (the team) on a phone.
    phone_ready = page.count('class="table table--stack"') + page.count('class="table table--rows"')
    assert phone_ready == page.count("<table")
    assert 'data-label="機関"' in page
    assert 'name="method"' in page and 'type="radio"' in page  # the note form


def test_a_referral_not_yet_linked_to_a_person_cannot_open_a_case(coordinator: User) -> None:
    referral = Referral.objects.filter(
        person__isnull=True, receiver_organization=coordinator.organization
    ).first()
    response = client_for(coordinator).get(reverse("cases:create") + f"?referral={referral.pk}")
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert not Case.objects.filter(referral=referral).exists()


def test_a_case_opens_from_a_referral_linked_to_a_person(coordinator: User) -> None:
    referral = Referral.objects.filter(
        person__isnull=True, receiver_organization=coordinator.organization
    ).first()
    referral.person = demo_person("山本 勇")
    referral.save(update_fields=["person"])
    url = reverse("cases:create") + f"?referral={referral.pk}"
    page = client_for(coordinator).get(url).content.decode()
    assert referral.reason[:15] in page
    csw = Organization.objects.get(name="社会福祉協議会")
    response = client_for(coordinator).post(
        url,
        {
            "submission_key": new_key(),
            "opened_on": today().isoformat(),
            "household": demo_household("山本家").pk,
            "programs": ["outreach"],
            "lead_organization": csw.pk,
            "summary": referral.reason,
        },
    )
    case = Case.objects.get(referral=referral)
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    # The coordinator who opens it for another organisation joins as 多機関協働担当.
    assert sorted(case.team.values_list("role", flat=True)) == ["coordination", "lead"]
