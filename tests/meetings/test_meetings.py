"""Meetings (issue 6): scheduling, who sees what and when, pledges, consent by kind, minutes
whose decisions change the cases all or none, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services as cases
from kasane.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    ClosingReason,
    PlanStatus,
    SupportPlan,
    TeamRole,
)
from kasane.core.errors import DomainError, version_of
from kasane.meetings import services
from kasane.meetings.models import (
    ConfidentialityPledge,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Purpose,
)
from kasane.organizations.models import Organization
from tests.builders import (
    case_in_support,
    demo_case,
    demo_case_of,
    earlier_today,
    new_key,
    schedule_meeting,
)
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def schedule(
    coordinator: User,
    kind: str = MeetingKind.SUPPORT,
    *,
    starts_in: dt.timedelta,
    title: str = "テスト会議",
) -> Meeting:
    """An hour-long meeting of no registered body, `starts_in` from now."""
    return schedule_meeting(
        coordinator,
        kind,
        starts_at=timezone.now() + starts_in
        if starts_in >= dt.timedelta()
        else earlier_today(-starts_in),
        title=title,
        duration_minutes=60,
        place="市役所 会議室A",
        body=None,
    )


def pledge(coordinator: User, meeting: Meeting, user: User) -> ConfidentialityPledge:
    participant = meeting.participants.get(user=user)
    return services.pledge_record(
        actor=coordinator,
        participant=participant,
        signed_on=timezone.localdate(),
        text=services.current_pledge_text(),
    )


@pytest.fixture
def support_meeting(coordinator: User, keisatsu: User) -> Meeting:
    """A 支援会議 that started an hour ago about 鈴木家, with keisatsu invited."""
    meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    services.agenda_add(
        actor=coordinator,
        meeting=meeting,
        case=demo_case("鈴木家"),
        purpose=Purpose.SHARE,
        briefing="長男の一郎さんに同意がない。見守りの分担を決めたい。",
    )
    return meeting


def _item_url(meeting: Meeting) -> str:
    item = meeting.items.get()
    return reverse("meetings:item", args=[meeting.pk, item.pk])


# --- Scheduling -------------------------------------------------------------------------------


def test_a_coordinator_schedules_a_meeting_in_the_browser_form(coordinator: User) -> None:
    client = client_for(coordinator)
    response = client.post(
        reverse("meetings:create"),
        {
            "submission_key": new_key(),
            "kind": "support",
            "title": "12月の支援会議",
            "starts_on": "令和8年12月10日",
            "starts_time": "14:00",
            "duration_minutes": "90",
            "place": "本庁舎3階 第2会議室",
            "convener": coordinator.organization_id,
        },
    )
    meeting = Meeting.objects.get(title="12月の支援会議")
    assert response.status_code == 302
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-12-10 14:00"
    assert list(meeting.participants.values_list("user", flat=True)) == [coordinator.pk]
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(meeting.pk)).exists()


def test_a_place_or_online_is_required(coordinator: User) -> None:
    with pytest.raises(DomainError, match="場所"):
        services.meeting_schedule(
            actor=coordinator,
            kind=MeetingKind.SUPPORT,
            body=None,
            title="場所のない会議",
            starts_at=timezone.now(),
            duration_minutes=60,
            place="",
            is_online=False,
            convener=coordinator.organization,
        )


@pytest.mark.parametrize("username", ["houkatsu", "keisatsu", "zeimu", "kansa", "admin"])
def test_only_coordinators_schedule(username: str) -> None:
    user = User.objects.get(username=username)
    assert client_for(user).get(reverse("meetings:create")).status_code == 404


# --- Who sees what, and when ------------------------------------------------------------------


def test_before_the_start_a_guest_sees_date_place_and_count_only(
    coordinator: User, keisatsu: User
) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=2))
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    pledge(coordinator, meeting, keisatsu)
    body = client_for(keisatsu).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "市役所 会議室A" in body and "議題は1件です" in body
    assert "鈴木" not in body  # neither the case nor its people
    assert "中村 真理" not in body  # nor who else takes part
    item = meeting.items.get()
    url = reverse("meetings:item", args=[meeting.pk, item.pk])
    assert client_for(keisatsu).get(url).status_code == 404


def test_a_guest_without_a_pledge_sees_no_case_content(
    support_meeting: Meeting, keisatsu: User
) -> None:
    client = client_for(keisatsu)
    body = client.get(reverse("meetings:detail", args=[support_meeting.pk])).content.decode()
    assert "守秘義務の誓約が記録されるまで" in body
    assert "鈴木" not in body
    assert "グランドルール" in body  # shown to everyone at the start
    assert client.get(_item_url(support_meeting)).status_code == 404


def test_with_a_pledge_the_guest_reads_the_summary_read_only_and_it_is_audited(
    support_meeting: Meeting, coordinator: User, keisatsu: User
) -> None:
    pledge(coordinator, support_meeting, keisatsu)
    client = client_for(keisatsu)
    page = client.get(reverse("meetings:detail", args=[support_meeting.pk])).content.decode()
    assert "鈴木家" in page
    response = client.get(_item_url(support_meeting))
    body = response.content.decode()
    assert response.status_code == 200
    assert "鈴木 一郎" in body and "長男の一郎さんに同意がない" in body
    assert "議事の要旨を保存する" not in body and "記録する</button>" not in body
    event = AuditEvent.objects.filter(action="meeting.case_view", actor=keisatsu).latest("at")
    case = demo_case("鈴木家")
    assert event.object_id == str(case.pk)
    assert f"会議番号 {support_meeting.pk}" in event.reason
    # The meeting opens no other page of the case.
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert (
        client.get(reverse("people:household_detail", args=[case.household_id])).status_code == 404
    )


def test_the_window_closes_days_after_the_meeting(
    support_meeting: Meeting, coordinator: User, keisatsu: User, settings
) -> None:
    pledge(coordinator, support_meeting, keisatsu)
    Meeting.objects.filter(pk=support_meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=8)
    )
    client = client_for(keisatsu)
    assert client.get(_item_url(support_meeting)).status_code == 404
    body = client.get(reverse("meetings:detail", args=[support_meeting.pk])).content.decode()
    assert "閲覧できる期間" in body and "鈴木" not in body
    settings.KASANE_MEETING_GUEST_DAYS = 10
    assert client.get(_item_url(support_meeting)).status_code == 200


def test_a_period_pledge_covers_the_meeting(
    support_meeting: Meeting, coordinator: User, keisatsu: User
) -> None:
    today = timezone.localdate()
    services.pledge_record(
        actor=coordinator,
        participant=support_meeting.participants.get(user=keisatsu),
        signed_on=today,
        text=services.current_pledge_text(),
        for_period=True,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=300),
    )
    assert client_for(keisatsu).get(_item_url(support_meeting)).status_code == 200


def test_a_participant_can_pledge_in_kasane(support_meeting: Meeting, keisatsu: User) -> None:
    client = client_for(keisatsu)
    url = reverse("meetings:pledge_sign", args=[support_meeting.pk])
    assert "誓約書（第1版）" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 200  # the box must be ticked
    assert client.post(url, {"agree": "on"}).status_code == 302
    pledge_row = ConfidentialityPledge.objects.get(user=keisatsu, meeting=support_meeting)
    assert pledge_row.signed_online and pledge_row.text.version == "第1版"
    assert client.get(_item_url(support_meeting)).status_code == 200


def test_a_coordinator_participant_of_a_support_meeting_pledges_too(
    support_meeting: Meeting, coordinator: User
) -> None:
    client = client_for(coordinator)
    assert client.get(_item_url(support_meeting)).status_code == 404
    pledge(coordinator, support_meeting, coordinator)
    assert client.get(_item_url(support_meeting)).status_code == 200


def test_the_coordinator_records_an_external_participants_pledge(
    support_meeting: Meeting, coordinator: User
) -> None:
    client = client_for(coordinator)
    client.post(
        reverse("meetings:participant_add", args=[support_meeting.pk]),
        {
            "submission_key": new_key(),
            "name": "佐藤 和子",
            "organization_name": "東町地区",
            "role": "民生委員・児童委員",
        },
    )
    external = support_meeting.participants.get(name="佐藤 和子")
    response = client.post(
        reverse("meetings:pledge_record", args=[support_meeting.pk, external.pk]),
        {
            f"p{external.pk}-submission_key": new_key(),
            f"p{external.pk}-signed_on": timezone.localdate().isoformat(),
            f"p{external.pk}-text": services.current_pledge_text().pk,
            f"p{external.pk}-for_period": "0",
        },
    )
    assert response.status_code == 302
    assert ConfidentialityPledge.objects.filter(participant=external).exists()


@pytest.mark.parametrize(
    "username", ["outsider", "houkatsu", "zeimu", "kansa", "chiiki", "keisatsu"]
)
def test_everyone_else_gets_404(username: str, coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    client = client_for(User.objects.get(username=username))
    before = AuditEvent.objects.count()
    for url in (reverse("meetings:detail", args=[meeting.pk]), _item_url(meeting)):
        assert client.get(url).status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_guest_never_reaches_an_item_of_another_meeting(
    support_meeting: Meeting, coordinator: User, keisatsu: User
) -> None:
    pledge(coordinator, support_meeting, keisatsu)
    other = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    item = services.agenda_add(
        actor=coordinator, meeting=other, case=demo_case_of("山本 勇"), purpose=Purpose.SHARE
    )
    url = reverse("meetings:item", args=[support_meeting.pk, item.pk])
    assert client_for(keisatsu).get(url).status_code == 404


# --- Consent by kind --------------------------------------------------------------------------


def test_a_jusou_meeting_refuses_a_case_without_consent(coordinator: User) -> None:
    meeting = schedule(coordinator, MeetingKind.JUSOU, starts_in=dt.timedelta(days=1))
    client = client_for(coordinator)
    case = demo_case("鈴木家")
    body = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"submission_key": new_key(), "case_number": case.pk, "purpose": "share"},
    ).content.decode()
    assert "鈴木 一郎さんの重層的支援会議での共有への同意がありません" in body
    assert not meeting.items.exists()
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("田中家"), purpose=Purpose.PLAN
    )


def test_a_support_meeting_takes_a_case_without_consent(coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case_of("山本 勇"), purpose=Purpose.SHARE
    )
    assert meeting.items.count() == 1


def test_a_team_meeting_has_no_outside_participants(coordinator: User, keisatsu: User) -> None:
    meeting = schedule(coordinator, MeetingKind.TEAM, starts_in=dt.timedelta(days=1))
    with pytest.raises(DomainError, match="チーム会議"):
        services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    with pytest.raises(DomainError, match="チーム会議"):
        services.participant_add(actor=coordinator, meeting=meeting, name="佐藤 和子")


def test_purposes_follow_the_kind(coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    with pytest.raises(DomainError, match="支援会議で扱う目的"):
        services.agenda_add(
            actor=coordinator, meeting=meeting, case=demo_case_of("山本 勇"), purpose=Purpose.PLAN
        )


# --- Minutes and decisions --------------------------------------------------------------------


def _draft_plan(coordinator: User, case: Case) -> SupportPlan:
    item = {"issue": "見守り", "support": "月1回の訪問", "organization": coordinator.organization}
    plan = cases.plan_create(actor=coordinator, case=case, items=[item])
    SupportPlan.objects.filter(pk=plan.pk).update(
        consent_on=timezone.localdate(), consent_method="written", goal="家族で笑って暮らす"
    )
    plan.refresh_from_db()
    return plan


def _jusou_with_plan(coordinator: User) -> tuple[Meeting, SupportPlan]:
    meeting = schedule(coordinator, MeetingKind.JUSOU, starts_in=-dt.timedelta(hours=2))
    case = demo_case("田中家")
    plan = _draft_plan(coordinator, case)
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=case, purpose=Purpose.REPLAN
    )
    services.minutes_save(
        actor=coordinator,
        item=item,
        discussion="プランの改定を協議した。",
        loaded_at=version_of(item.updated_at),
    )
    services.decision_add(actor=coordinator, item=item, kind=DecisionKind.PLAN_APPROVED, plan=plan)
    return meeting, plan


def test_confirming_approves_the_plan_with_the_meeting(coordinator: User) -> None:
    meeting, plan = _jusou_with_plan(coordinator)
    item = meeting.items.get()
    monitoring = timezone.localdate() + dt.timedelta(days=60)
    services.decision_add(
        actor=coordinator, item=item, kind=DecisionKind.MONITORING, monitoring_on=monitoring
    )
    response = client_for(coordinator).post(
        reverse("meetings:confirm", args=[meeting.pk]), {"confirmed": "yes"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert plan.status == PlanStatus.APPROVED and plan.approved_meeting == meeting
    assert plan.approved_on == meeting.starts_on and plan.monitoring_on == monitoring
    assert not Decision.objects.filter(item__meeting=meeting, applied_at__isnull=True).exists()
    page = client_for(coordinator).get(reverse("cases:detail", args=[plan.case_id])).content
    assert f"{meeting.title}で承認".encode() in page


def test_confirming_is_all_or_nothing(coordinator: User) -> None:
    meeting, plan = _jusou_with_plan(coordinator)
    item = meeting.items.get()
    # A decision that cannot apply: 終結 from 支援中 is allowed, but the plan changed meanwhile.
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=Organization.objects.get(name="自立相談支援機関"),
        team_role=TeamRole.AGENCY,
        task="家計の相談",
    )
    SupportPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUPERSEDED)
    notes_before = CaseNote.objects.count()
    with pytest.raises(DomainError, match="議事録は確定していません"):
        services.minutes_confirm(actor=coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    assert CaseNote.objects.count() == notes_before
    assert not plan.case.team.filter(organization__name="自立相談支援機関").exists()


def test_a_support_meeting_adds_an_organisation_without_consent_and_its_task(
    coordinator: User, keisatsu: User
) -> None:
    meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    case = demo_case_of("山本 勇")
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE)
    houkatsu = Organization.objects.get(name="東地域包括支援センター")
    due = timezone.localdate() + dt.timedelta(days=14)
    services.minutes_save(
        actor=coordinator,
        item=item,
        discussion="見守りの分担。",
        loaded_at=version_of(item.updated_at),
    )
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=houkatsu,
        team_role=TeamRole.AGENCY,
        task="月に一度、見守りの訪問をする",
        due_on=due,
    )
    with pytest.raises(DomainError, match="誓約の記録がない参加者"):
        services.minutes_confirm(actor=coordinator, meeting=meeting)
    pledge(coordinator, meeting, coordinator)
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    member = case.team.get(organization=houkatsu, left_on__isnull=True)
    assert member.meeting == meeting
    note = CaseNote.objects.get(case=case, meeting=meeting)
    assert note.organization == houkatsu and note.next_action_on == due
    # The membership lets 東地域包括 read the case now.
    houkatsu_user = User.objects.get(username="houkatsu")
    assert client_for(houkatsu_user).get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_a_jusou_meeting_ends_a_case(coordinator: User) -> None:
    meeting = schedule(coordinator, MeetingKind.JUSOU, starts_in=-dt.timedelta(hours=1))
    case = demo_case("田中家")
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SUSPEND
    )
    services.minutes_save(
        actor=coordinator,
        item=item,
        discussion="連絡が取れない。",
        loaded_at=version_of(item.updated_at),
    )
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.SUSPENDED,
        closing_reason="contact_lost",
        reason="3か月連絡が取れない。",
    )
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED and case.ended_on == meeting.starts_on
    assert case.closing_reason == ""  # 終結の理由 is a closed case's only
    assert case.transitions.latest("at").meeting == meeting


def test_a_jusou_meeting_closes_a_case_with_its_reason(kosodate: User, coordinator: User) -> None:
    meeting = schedule(coordinator, MeetingKind.JUSOU, starts_in=-dt.timedelta(hours=1))
    case = case_in_support(kosodate, coordinator, "小川家")
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.CLOSE)
    services.minutes_save(
        actor=coordinator,
        item=item,
        discussion="市外へ転居した。",
        loaded_at=version_of(item.updated_at),
    )
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.CLOSED,
        closing_reason=ClosingReason.MOVED,
        reason="市外へ転居し、転居先の窓口に引き継いだ。",
    )
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    case.refresh_from_db()
    assert (case.status, case.closing_reason) == (CaseStatus.CLOSED, ClosingReason.MOVED)
    assert case.transitions.latest("at").reason.startswith("転出：")


def test_minutes_wait_for_the_start(coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case_of("山本 勇"), purpose=Purpose.SHARE
    )
    with pytest.raises(DomainError, match="開始後"):
        services.minutes_save(
            actor=coordinator,
            item=item,
            discussion="早すぎる",
            loaded_at=version_of(item.updated_at),
        )


def test_confirmed_minutes_cannot_change(coordinator: User) -> None:
    meeting, _plan = _jusou_with_plan(coordinator)
    services.minutes_confirm(actor=coordinator, meeting=meeting)
    with pytest.raises(DomainError, match="確定した会議"):
        services.agenda_add(
            actor=coordinator, meeting=meeting, case=demo_case_of("山本 勇"), purpose=Purpose.SHARE
        )


def test_decision_forms_record_and_audit(coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    pledge(coordinator, meeting, coordinator)
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case_of("山本 勇"), purpose=Purpose.SHARE
    )
    client = client_for(coordinator)
    url = reverse("meetings:decision_add", args=[meeting.pk, item.pk])
    refused = client.post(url, {"submission_key": new_key(), "kind": "role", "team_role": "agency"})
    assert "役割を担う機関を選んでください" in refused.content.decode()
    organization = Organization.objects.get(name="東地域包括支援センター")
    done = client.post(
        url,
        {
            "submission_key": new_key(),
            "kind": "role",
            "team_role": "agency",
            "organization": organization.pk,
            "task": "訪問",
        },
    )
    assert done.status_code == 302
    assert item.decisions.get().organization == organization
    assert AuditEvent.objects.filter(
        action="meeting.decision_add", object_id=str(meeting.pk)
    ).exists()
    wrong_kind = client.post(url, {"submission_key": new_key(), "kind": "plan_approved"})
    assert "支援会議では「支援プランの承認」は決められません" in wrong_kind.content.decode()


# --- Lists and query counts -------------------------------------------------------------------


def test_the_list_shows_a_guest_only_their_meetings(coordinator: User, keisatsu: User) -> None:
    mine = schedule(coordinator, starts_in=dt.timedelta(days=3), title="山崎さんの会議")
    services.participant_add(actor=coordinator, meeting=mine, user=keisatsu)
    schedule(coordinator, starts_in=dt.timedelta(days=3), title="ほかの会議")
    body = client_for(keisatsu).get(reverse("meetings:list")).content.decode()
    assert "山崎さんの会議" in body and "ほかの会議" not in body


def test_pages_take_a_fixed_number_of_queries(coordinator: User, keisatsu: User) -> None:
    def grow(n: int) -> Meeting:
        meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1), title=f"会議{n}")
        for username in ("keisatsu", "houkatsu", "jiritsu")[:n]:
            services.participant_add(
                actor=coordinator, meeting=meeting, user=User.objects.get(username=username)
            )
            pledge(coordinator, meeting, User.objects.get(username=username))
        pledge(coordinator, meeting, coordinator)
        for case in Case.objects.order_by("pk")[:n]:
            services.agenda_add(
                actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE
            )
        return meeting

    client = client_for(coordinator)
    small, large = grow(1), grow(3)
    detail = [queries_for(client, reverse("meetings:detail", args=[m.pk])) for m in (small, large)]
    assert detail[0] == detail[1]
    listed = queries_for(client, reverse("meetings:list") + "?when=all")
    grow(2)
    assert queries_for(client, reverse("meetings:list") + "?when=all") == listed


# --- What the review found ----------------------------------------------------------------------


def test_a_meeting_with_outside_participants_cannot_become_a_team_meeting(
    coordinator: User, keisatsu: User
) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    meeting.refresh_from_db()
    values = {
        "kind": MeetingKind.TEAM,
        "body": None,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "duration_minutes": 60,
        "place": "会議室",
        "is_online": False,
        "convener": meeting.convener,
    }
    with pytest.raises(DomainError, match="チーム会議にできません"):
        services.meeting_update(
            actor=coordinator, meeting=meeting, loaded_at=version_of(meeting.updated_at), **values
        )


def test_users_who_cannot_open_meetings_join_as_externals(coordinator: User, zeimu: User) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    with pytest.raises(DomainError, match="外部の参加者として"):
        services.participant_add(actor=coordinator, meeting=meeting, user=zeimu)


def test_the_case_page_shows_decisions_only_within_the_meeting_rules(coordinator: User) -> None:
    houkatsu = User.objects.get(username="houkatsu")
    meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
    services.participant_add(actor=coordinator, meeting=meeting, user=houkatsu)
    case = demo_case("鈴木家")
    item = services.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE)
    services.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=houkatsu.organization,
        team_role=TeamRole.AGENCY,
        reason="警察からの情報：夜間に大声",
    )
    page = client_for(houkatsu).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert meeting.title in page and "警察からの情報" not in page
    pledge(coordinator, meeting, houkatsu)
    page = client_for(houkatsu).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "警察からの情報" in page


def test_a_cancellation_reason_is_not_shown_to_an_unpledged_guest(
    coordinator: User, keisatsu: User
) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    services.participant_add(actor=coordinator, meeting=meeting, user=keisatsu)
    services.meeting_cancel(actor=coordinator, meeting=meeting, reason="鈴木さんの入院のため")
    body = client_for(keisatsu).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "中止されました" in body and "鈴木" not in body


def test_the_summary_shows_an_unrestricted_household_address(
    support_meeting: Meeting, coordinator: User, keisatsu: User
) -> None:
    pledge(coordinator, support_meeting, keisatsu)
    body = client_for(keisatsu).get(_item_url(support_meeting)).content.decode()
    assert "デモ市東町1丁目2-3" in body


def test_unpledged_participants_do_not_cost_queries(coordinator: User) -> None:
    meeting = schedule(coordinator, starts_in=dt.timedelta(days=1))
    client = client_for(coordinator)
    url = reverse("meetings:detail", args=[meeting.pk])
    services.participant_add(actor=coordinator, meeting=meeting, name="外部 一郎")
    one = queries_for(client, url)
    for n in range(4):
        services.participant_add(actor=coordinator, meeting=meeting, name=f"外部 {n}")
    assert queries_for(client, url) == one


def test_the_case_page_takes_a_fixed_number_of_queries_whatever_its_meetings(
    coordinator: User,
) -> None:
    case = demo_case_of("山本 勇")
    client = client_for(coordinator)
    url = reverse("cases:detail", args=[case.pk])

    def meet() -> None:
        meeting = schedule(coordinator, starts_in=-dt.timedelta(hours=1))
        item = services.agenda_add(
            actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE
        )
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=coordinator.organization,
            team_role=TeamRole.COORDINATION,
            task="訪問の調整",
        )

    meet()
    before = queries_for(client, url)
    for _ in range(3):
        meet()
    assert queries_for(client, url) == before
