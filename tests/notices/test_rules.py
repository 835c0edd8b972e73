"""What notifies whom (kasane/notices/rules.py), through the services that make the changes:
for each rule, the right users get the notice, and the actor, outsiders and inactive users do
not. Notices are written in the change's transaction (a rolled-back change leaves none), and
texts carry no personal data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasane.accounts.models import User, UserRole
from kasane.accounts.roles import Role
from kasane.cases import jobs as case_jobs
from kasane.cases import services as cases
from kasane.cases.models import Case, CaseProgram, TeamRole
from kasane.core.errors import DomainError, version_of
from kasane.core.jobs import registered_jobs
from kasane.intake import jobs as intake_jobs
from kasane.intake import services as intake
from kasane.intake.models import Consultation, Outcome, Referral, ReferralKind, ReferralOutcome
from kasane.meetings import services as meetings
from kasane.meetings.models import DecisionKind, MeetingKind, Purpose
from kasane.notices.kinds import Kind, TargetType
from kasane.notices.models import ChatStyle, ChatWebhook, Delivery, Notice
from kasane.organizations.models import Organization
from kasane.people import services as people
from tests.builders import (
    case_in_support,
    demo_case,
    demo_household,
    demo_person,
    earlier_today,
    open_case,
    period_pledge,
    schedule_meeting,
    today,
    with_item,
)

pytestmark = pytest.mark.django_db

EAST = "東地域包括支援センター"
JIRITSU = "自立相談支援機関"
SHAKYO = "社会福祉協議会"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    """Each test reads only the notices it caused (the demo may have its own)."""
    Notice.objects.all().delete()
    yield


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def colleague(of: User, role: str = Role.CONSULTANT, *, name: str = "colleague") -> User:
    user = User.objects.create_user(
        f"{of.username}-{name}", full_name="同僚 一人", organization=of.organization
    )
    UserRole.objects.create(user=user, role=role)
    return user


def told(kind: str | None = None) -> dict[str, list[Notice]]:
    """Who got which notices (by username)."""
    notices = Notice.objects.select_related("recipient").order_by("pk")
    if kind is not None:
        notices = notices.filter(kind=kind)
    found: dict[str, list[Notice]] = {}
    for notice in notices:
        found.setdefault(notice.recipient.username, []).append(notice)
    return found


def only(notices: dict[str, list[Notice]], username: str) -> Notice:
    assert len(notices[username]) == 1, notices[username]
    return notices[username][0]


def consult(actor: User, **values: Any) -> Consultation:
    fields: dict[str, Any] = {
        "received_at": timezone.now() - dt.timedelta(hours=1),
        "route": "visit",
        "consulter_relation": "self",
        "summary": "生活費が足りず、家賃を2か月滞納している。",
        "consent": "oral",
        "outcome": Outcome.HANDLED,
    }
    return intake.consultation_create(actor=actor, **{**fields, **values})


def sheet(actor: User, **values: Any) -> Referral:
    fields: dict[str, Any] = {
        "subject_name": "山田 太郎",
        "subject_contact": "デモ市東町1丁目9-9",
        "reason": "国民健康保険料の相談で来庁。",
        "consent": "agreed",
        "urgency": "normal",
    }
    referral, _ = intake.sheet_submit(actor=actor, **{**fields, **values})
    return referral


def agency_referral(actor: User, receiver: str, **values: Any) -> Referral:
    fields: dict[str, Any] = {
        "subject_name": "山田 太郎",
        "reason": "家賃の滞納が続いている。",
        "consent": "agreed",
        "urgency": "normal",
    }
    return intake.referral_send(
        actor=actor,
        kind=ReferralKind.AGENCY,
        receiver=org(receiver),
        **{**fields, **values},
    )


def no_personal_data(*names: str) -> None:
    for notice in Notice.objects.all():
        for name in names:
            assert name not in notice.text, notice.text


# --- 1. A つなぎ arrives ----------------------------------------------------------------------


def test_it_tells_the_receiving_organisation_of_a_sheet(
    zeimu: User, coordinator: User, admin: User, outsider: User
) -> None:
    referral = sheet(zeimu)
    notices = told(Kind.REFERRAL_RECEIVED)
    notice = only(notices, "coordinator")
    assert notice.text == "つなぎ（つなぐシート）が届きました"
    assert (notice.target_type, notice.target_id) == (TargetType.REFERRAL, referral.pk)
    assert notice.actor == zeimu
    # Admins of the same organisation read, they do not act; the sender is not told.
    assert set(notices) == {"coordinator"}
    no_personal_data("山田", "太郎", "東町")


def test_it_tells_an_agency_of_an_urgent_referral(houkatsu: User, jiritsu: User) -> None:
    other = colleague(jiritsu)
    agency_referral(houkatsu, JIRITSU, urgency="urgent")
    notices = told(Kind.REFERRAL_RECEIVED)
    assert set(notices) == {"jiritsu", other.username}
    assert only(notices, "jiritsu").text == "緊急のつなぎ（機関から機関へ）が届きました"


def test_inactive_staff_are_not_told(houkatsu: User, jiritsu: User) -> None:
    other = colleague(jiritsu)
    other.is_active = False
    other.save(update_fields=["is_active"])
    agency_referral(houkatsu, JIRITSU)
    assert set(told(Kind.REFERRAL_RECEIVED)) == {"jiritsu"}


def test_a_consultation_passed_on_tells_the_receiver(houkatsu: User, jiritsu: User) -> None:
    consult(houkatsu, outcome=Outcome.TO_AGENCY, pass_to=org(JIRITSU))
    assert set(told(Kind.REFERRAL_RECEIVED)) == {"jiritsu"}


# --- 2. The sender's つなぎ moves on ----------------------------------------------------------


def test_it_tells_the_sender_each_step(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    intake.referral_acknowledge(actor=coordinator, referral=referral)
    intake.referral_complete(
        actor=coordinator, referral=referral, outcome=ReferralOutcome.INFORMATION
    )
    texts = [notice.text for notice in told(Kind.REFERRAL_STATUS)["zeimu"]]
    assert texts == [
        "送ったつなぎが「受理（受け止め）」になりました",
        "送ったつなぎが「完了（情報提供のみ）」になりました",
    ]
    notice = told(Kind.REFERRAL_STATUS)["zeimu"][0]
    assert (notice.target_type, notice.target_id) == (TargetType.SENT_REFERRAL, referral.pk)
    assert set(told(Kind.REFERRAL_STATUS)) == {"zeimu"}


def test_a_return_tells_the_sender_without_the_reason(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    intake.referral_return(actor=coordinator, referral=referral, reason="税務課で対応できる内容")
    notice = only(told(Kind.REFERRAL_STATUS), "zeimu")
    assert notice.text == "送ったつなぎが「差戻し」になりました"


def test_a_withdrawal_tells_nobody(zeimu: User) -> None:
    referral = sheet(zeimu)
    intake.referral_withdraw(actor=zeimu, referral=referral)
    assert told(Kind.REFERRAL_STATUS) == {}


def test_opening_a_case_from_a_referral_tells_the_sender_once(
    chiiki: User, coordinator: User
) -> None:
    referral = sheet(chiiki)
    household = demo_household("田中家")
    cases.case_open(
        actor=coordinator,
        main_person=demo_person("田中 由美"),
        household=household,
        programs=[CaseProgram.COORDINATION],
        lead_organization=coordinator.organization,
        referral=referral,
    )
    notice = only(told(Kind.REFERRAL_STATUS), "chiiki")
    assert notice.text == "送ったつなぎが「支援開始」になりました"


def test_attaching_to_a_case_tells_the_sender_once(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu, subject_name="鈴木 ハナ")
    cases.case_attach_referral(actor=coordinator, case=demo_case("鈴木家"), referral=referral)
    notice = only(told(Kind.REFERRAL_STATUS), "zeimu")  # 受理 and 対応中 in one step
    assert notice.text == "送ったつなぎが「対応中」になりました"


def test_a_consultation_opened_from_a_referral_tells_the_sender_once(
    zeimu: User, coordinator: User
) -> None:
    referral = sheet(zeimu)
    consult(coordinator, referral=referral)
    assert only(told(Kind.REFERRAL_STATUS), "zeimu").text == "送ったつなぎが「対応中」になりました"


def test_a_refused_step_writes_no_notice(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    with pytest.raises(DomainError):
        intake.referral_start(actor=coordinator, referral=referral)  # not yet 受理
    assert told(Kind.REFERRAL_STATUS) == {}


# --- 3. An urgent consultation ----------------------------------------------------------------


def test_an_urgent_consultation_tells_coordinators_and_the_organisation(
    houkatsu: User, coordinator: User, outsider: User, admin: User
) -> None:
    other = colleague(houkatsu)
    hook = ChatWebhook.objects.create(
        organization=houkatsu.organization,
        name="東包括のチャット",
        style=ChatStyle.SLACK,
        url="https://chat.example.jp/hook/abc",
        kinds=[Kind.URGENT_CONSULTATION],
    )
    consultation = consult(houkatsu, urgent_signs=["abuse"])
    notices = told(Kind.URGENT_CONSULTATION)
    assert set(notices) == {"coordinator", other.username}
    notice = only(notices, "coordinator")
    assert notice.text == "緊急の相談が届きました"
    assert (notice.target_type, notice.target_id) == (TargetType.CONSULTATION, consultation.pk)
    delivery = Delivery.objects.get(webhook=hook)
    assert delivery.once_key == f"urgent_consultation:{consultation.pk}:{hook.pk}"
    assert f"/consultations/{consultation.pk}/" in delivery.text
    no_personal_data("家賃", "滞納")


def test_a_consultation_that_becomes_urgent_tells_once(houkatsu: User, coordinator: User) -> None:
    consultation = consult(houkatsu)
    assert told(Kind.URGENT_CONSULTATION) == {}

    def edit(**values: Any) -> None:
        stored = Consultation.objects.get(pk=consultation.pk)
        fields = {
            name: getattr(stored, name)
            for name in ("received_at", "route", "consulter_relation", "summary", "consent")
        }
        intake.consultation_update(
            actor=houkatsu,
            consultation=stored,
            loaded_at=version_of(stored.updated_at),
            issues=[],
            main_issue=None,
            **{**fields, **values},
        )

    edit(urgency="urgent")
    edit(urgency="normal")
    edit(urgency="urgent")
    assert len(told(Kind.URGENT_CONSULTATION)["coordinator"]) == 1


# --- 4. The case team -------------------------------------------------------------------------


def test_opening_a_case_tells_the_lead_worker(coordinator: User, houkatsu: User) -> None:
    other = colleague(houkatsu)
    case = cases.case_open(
        actor=coordinator,
        main_person=demo_person("鈴木 ハナ"),
        household=None,
        programs=[CaseProgram.COORDINATION],
        lead_organization=houkatsu.organization,
        lead_worker=houkatsu,
    )
    notices = told(Kind.CASE_TEAM)
    assert set(notices) == {"houkatsu"}  # the named worker, not her colleague
    notice = only(notices, "houkatsu")
    assert notice.text == "主担当になりました"
    assert (notice.target_type, notice.target_id) == (TargetType.CASE, case.pk)
    assert other.username not in notices
    no_personal_data("鈴木", "ハナ")


def test_a_lead_organisation_without_a_worker_tells_its_staff(
    coordinator: User, houkatsu: User, outsider: User
) -> None:
    other = colleague(houkatsu)
    cases.case_open(
        actor=coordinator,
        main_person=demo_person("鈴木 ハナ"),
        household=None,
        programs=[CaseProgram.COORDINATION],
        lead_organization=houkatsu.organization,
    )
    assert set(told(Kind.CASE_TEAM)) == {"houkatsu", other.username}


def test_an_organisation_is_not_told_what_its_own_staff_did(houkatsu: User) -> None:
    other = colleague(houkatsu)
    open_case(houkatsu, "鈴木家")  # 東包括 opens a case it leads itself
    assert told(Kind.CASE_TEAM) == {}
    assert other.username not in told()


def test_joining_and_leaving_a_team_tell_the_worker(
    houkatsu: User, jiritsu: User, outsider: User
) -> None:
    case = open_case(houkatsu, "鈴木家")
    member = cases.team_add(
        actor=houkatsu,
        case=case,
        organization=jiritsu.organization,
        role=TeamRole.AGENCY,
        worker=jiritsu,
    )
    cases.team_leave(actor=houkatsu, member=member)
    texts = [notice.text for notice in told(Kind.CASE_TEAM)["jiritsu"]]
    assert texts == ["チームに加わりました（支援機関）", "チームから外れました"]
    assert set(told(Kind.CASE_TEAM)) == {"jiritsu"}  # not houkatsu (the actor), not outsider


def test_telling_an_organisation_takes_the_same_queries_however_many_staff(
    houkatsu: User, jiritsu: User
) -> None:
    def queries_to_add(household: str) -> int:
        case = open_case(houkatsu, household)
        with CaptureQueriesContext(connection) as queries:
            cases.team_add(
                actor=houkatsu, case=case, organization=jiritsu.organization, role=TeamRole.AGENCY
            )
        return len(queries)

    one = queries_to_add("鈴木家")
    colleague(jiritsu, name="a")
    colleague(jiritsu, name="b")
    colleague(jiritsu, Role.OUTREACH_WORKER, name="c")
    assert queries_to_add("田中家") == one
    assert len(told(Kind.CASE_TEAM)) == 4


def test_a_rolled_back_change_leaves_no_notice(houkatsu: User, jiritsu: User) -> None:
    case = open_case(houkatsu, "鈴木家")
    with pytest.raises(RuntimeError), transaction.atomic():
        cases.team_add(
            actor=houkatsu, case=case, organization=jiritsu.organization, role=TeamRole.AGENCY
        )
        raise RuntimeError("the request failed after the change")
    assert told(Kind.CASE_TEAM) == {}


# --- 5. Meetings ------------------------------------------------------------------------------


def test_inviting_tells_the_users_not_the_outside_participants(
    coordinator: User, houkatsu: User, jiritsu: User, outsider: User
) -> None:
    meeting = schedule_meeting(coordinator, starts_at=timezone.now() + dt.timedelta(days=3))
    meetings.participants_add(
        actor=coordinator,
        meeting=meeting,
        users=[houkatsu, jiritsu],
        name="民生委員 田中",
        organization_name="東地区民生委員協議会",
    )
    notices = told(Kind.MEETING)
    assert set(notices) == {"houkatsu", "jiritsu"}
    notice = only(notices, "jiritsu")
    assert notice.text == "会議に招集されました"
    assert (notice.target_type, notice.target_id) == ("meeting", meeting.pk)


def test_a_new_time_or_a_cancellation_tells_the_participants(
    coordinator: User, houkatsu: User, outsider: User
) -> None:
    starts = timezone.now() + dt.timedelta(days=3)
    meeting = schedule_meeting(coordinator, starts_at=starts)
    meetings.participant_add(actor=coordinator, meeting=meeting, user=houkatsu)
    values: dict[str, Any] = {
        "kind": meeting.kind,
        "body": meeting.body,
        "title": meeting.title,
        "starts_at": starts,
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "is_online": False,
        "convener": meeting.convener,
    }

    def update(**changes: Any) -> None:
        stored = type(meeting).objects.get(pk=meeting.pk)
        meetings.meeting_update(
            actor=coordinator,
            meeting=stored,
            loaded_at=version_of(stored.updated_at),
            **{**values, **changes},
        )
        values.update(changes)

    update(title="東圏域支援会議（第2回）")  # a correction of the title tells nobody
    update(starts_at=starts + dt.timedelta(days=1))
    update(place="市役所5階会議室")
    meetings.meeting_cancel(actor=coordinator, meeting=meeting, reason="台風のため")
    texts = [notice.text for notice in told(Kind.MEETING)["houkatsu"]]
    assert texts == [
        "会議に招集されました",
        "会議の日時が変更されました",
        "会議の場所が変更されました",
        "会議が中止されました",
    ]
    assert set(told(Kind.MEETING)) == {"houkatsu"}


# --- 6. A meeting's decision gives a task -----------------------------------------------------


def test_a_role_decided_at_a_meeting_tells_the_named_worker(
    coordinator: User, jiritsu: User
) -> None:
    meeting = schedule_meeting(coordinator, MeetingKind.SUPPORT)
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    case = demo_case("山本家")
    item = with_item(coordinator, meeting, case, Purpose.SHARE)
    meetings.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.ROLE,
        organization=jiritsu.organization,
        team_role=TeamRole.AGENCY,
        worker=jiritsu,
        task="家計の相談に乗る",
        due_on=today() + dt.timedelta(days=14),
    )
    meetings.minutes_confirm(actor=coordinator, meeting=meeting)
    notice = only(told(Kind.MEETING_TASK), "jiritsu")
    assert notice.text == "会議の決定で支援機関の役割になり、担うことが決まりました"
    assert (notice.target_type, notice.target_id) == (TargetType.CASE, case.pk)
    assert told(Kind.CASE_TEAM) == {}  # told once, as the meeting's decision
    assert set(told(Kind.MEETING_TASK)) == {"jiritsu"}
    no_personal_data("家計", "山本")


def test_a_monitoring_date_decided_at_a_meeting_tells_the_lead(
    coordinator: User, kosodate: User
) -> None:
    meeting = schedule_meeting(
        coordinator, MeetingKind.JUSOU, starts_at=earlier_today(dt.timedelta(hours=2))
    )
    case = demo_case("田中家")
    plan = cases.plan_create(
        actor=coordinator,
        case=case,
        items=[{"issue": "見守り", "support": "訪問", "organization": coordinator.organization}],
        goal="家族で笑って暮らす",
        consent_on=today(),
        consent_method="written",
    )
    item = with_item(coordinator, meeting, case, Purpose.REPLAN)
    meetings.decision_add(actor=coordinator, item=item, kind=DecisionKind.PLAN_APPROVED, plan=plan)
    meetings.decision_add(
        actor=coordinator,
        item=item,
        kind=DecisionKind.MONITORING,
        monitoring_on=today() + dt.timedelta(days=60),
    )
    meetings.minutes_confirm(actor=coordinator, meeting=meeting)
    notice = only(told(Kind.MEETING_TASK), "kosodate")  # the lead's named worker
    assert notice.text == "会議の決定でモニタリング予定日が決まりました"
    assert set(told(Kind.MEETING_TASK)) == {"kosodate"}


def test_an_approved_plan_tells_those_it_gives_a_part(
    coordinator: User, houkatsu: User, csw: User, sanka: User
) -> None:
    """持ち回り approval of 田中家's new plan: the worker named on an item (houkatsu), the case
    staff of an organisation named without a worker (社協: csw and sanka), once each; not the
    approver's own organisation."""
    case = demo_case("田中家")
    shakyo = Organization.objects.get(name="社会福祉協議会")
    plan = cases.plan_create(
        actor=coordinator,
        case=case,
        items=[
            {
                "issue": "介護",
                "support": "ケアマネと連携",
                "organization": houkatsu.organization,
                "worker": houkatsu,
            },
            {"issue": "孤立", "support": "居場所の見学に同行", "organization": shakyo},
            {"issue": "居場所", "support": "カフェを紹介", "organization": shakyo},
            {"issue": "見守り", "support": "訪問", "organization": coordinator.organization},
        ],
        goal="家族で笑って暮らす",
        consent_on=today(),
        consent_method="written",
    )
    cases.plan_approve(actor=coordinator, plan=plan)
    assert set(told(Kind.PLAN_ROLE)) == {"houkatsu", "csw", "sanka"}
    notice = only(told(Kind.PLAN_ROLE), "csw")
    assert notice.text == f"支援プラン第{plan.version}版が承認されました（担当する支援があります）"
    assert (notice.target_type, notice.target_id) == (TargetType.CASE, case.pk)
    no_personal_data("田中", "介護", "カフェ")


def test_minutes_that_cannot_be_confirmed_tell_nobody(
    coordinator: User, jiritsu: User, outsider: User
) -> None:
    """The first decision is applied (and its notice written), the second is refused: the
    whole confirmation rolls back, the notice with it."""
    meeting = schedule_meeting(coordinator, MeetingKind.SUPPORT)
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    first = with_item(coordinator, meeting, demo_case("山本家"), Purpose.SHARE)
    second = with_item(coordinator, meeting, demo_case("鈴木家"), Purpose.SHARE)
    meetings.decision_add(
        actor=coordinator,
        item=first,
        kind=DecisionKind.ROLE,
        organization=jiritsu.organization,
        team_role=TeamRole.AGENCY,
        worker=jiritsu,
    )
    meetings.decision_add(  # 鈴木家 has its 主担当: refused when applied
        actor=coordinator,
        item=second,
        kind=DecisionKind.ROLE,
        organization=outsider.organization,
        team_role=TeamRole.LEAD,
    )
    with pytest.raises(DomainError, match="議事録は確定していません"):
        meetings.minutes_confirm(actor=coordinator, meeting=meeting)
    assert told() == {}


# --- 7. What falls due (background jobs) ------------------------------------------------------


def test_an_urgent_referral_past_its_due_time_is_told_once(
    houkatsu: User, jiritsu: User, coordinator: User, outsider: User
) -> None:
    hook = ChatWebhook.objects.create(
        organization=jiritsu.organization,
        name="自立のチャット",
        style=ChatStyle.SLACK,
        url="https://chat.example.jp/hook/xyz",
        kinds=[Kind.URGENT_REFERRAL_OVERDUE],
    )
    late = agency_referral(
        houkatsu, JIRITSU, urgency="urgent", sent_at=timezone.now() - dt.timedelta(days=6)
    )
    agency_referral(houkatsu, JIRITSU, urgency="urgent")  # sent now: not due yet
    agency_referral(  # overdue but not urgent: the inbox shows it
        houkatsu, JIRITSU, sent_at=timezone.now() - dt.timedelta(days=6)
    )
    Notice.objects.all().delete()
    intake_jobs.urgent_referrals_overdue(timezone.now())
    intake_jobs.urgent_referrals_overdue(timezone.now())
    notices = told(Kind.URGENT_REFERRAL_OVERDUE)
    assert set(notices) == {"jiritsu", "coordinator"}
    notice = only(notices, "jiritsu")
    assert notice.text == "緊急のつなぎが受理の期限を過ぎています"
    assert notice.target_id == late.pk
    assert Delivery.objects.filter(webhook=hook).count() == 1


def test_an_acknowledged_urgent_referral_is_not_told(houkatsu: User, jiritsu: User) -> None:
    late = agency_referral(
        houkatsu, JIRITSU, urgency="urgent", sent_at=timezone.now() - dt.timedelta(days=6)
    )
    intake.referral_acknowledge(actor=jiritsu, referral=late)
    intake_jobs.urgent_referrals_overdue(timezone.now())
    assert told(Kind.URGENT_REFERRAL_OVERDUE) == {}


def test_the_jobs_are_registered() -> None:
    jobs = {job.name: job.every for job in registered_jobs()}
    assert jobs["intake.urgent_referrals_overdue"] == dt.timedelta(minutes=5)
    assert jobs["cases.tasks_due"] == dt.timedelta(minutes=15)


def note(actor: User, case: Case, on: dt.date, **values: Any) -> Any:
    return cases.note_add(
        actor=actor,
        case=case,
        written_on=today() - dt.timedelta(days=20),
        method="phone",
        content="本人と電話で話した。",
        next_action="家庭訪問する",
        next_action_on=on,
        **values,
    )


def test_a_next_action_is_told_on_its_day_and_once_after(houkatsu: User) -> None:
    case = open_case(houkatsu, "鈴木家")
    due = note(houkatsu, case, today())
    late = note(houkatsu, case, today() - dt.timedelta(days=2))
    note(houkatsu, case, today() - dt.timedelta(days=30))  # before the window: not told
    upcoming = note(houkatsu, case, today() + dt.timedelta(days=1))  # not yet
    done = note(houkatsu, case, today())
    cases.note_action_done(actor=houkatsu, note=done)
    for _ in range(2):
        case_jobs.tasks_due(timezone.now())
    notices = told(Kind.TASK_DUE)["houkatsu"]
    assert [(n.text, n.once_key) for n in notices] == [
        ("次の対応の予定日を過ぎています", f"note:{late.pk}:overdue"),
        ("次の対応の予定日です", f"note:{due.pk}:due"),
    ]
    assert notices[0].target_id == case.pk
    # The next day the action due today is late (told once more), the upcoming one due.
    tomorrow = timezone.now() + dt.timedelta(days=1)
    case_jobs.tasks_due(tomorrow)
    case_jobs.tasks_due(tomorrow)
    assert [n.once_key for n in told(Kind.TASK_DUE)["houkatsu"]][2:] == [
        f"note:{due.pk}:overdue",
        f"note:{upcoming.pk}:due",
    ]
    no_personal_data("家庭訪問", "電話")


def test_a_task_of_an_organisation_off_the_team_is_not_told(houkatsu: User, jiritsu: User) -> None:
    case = open_case(houkatsu, "鈴木家")
    member = cases.team_add(
        actor=houkatsu, case=case, organization=jiritsu.organization, role=TeamRole.AGENCY
    )
    note(jiritsu, case, today())
    cases.team_leave(actor=houkatsu, member=member)
    case_jobs.tasks_due(timezone.now())
    assert told(Kind.TASK_DUE) == {}


def test_a_coordinator_s_task_is_told_though_coordination_is_not_on_the_team(
    coordinator: User, houkatsu: User
) -> None:
    case = open_case(houkatsu, "鈴木家")
    assert not case.team.filter(organization=coordinator.organization).exists()
    note(coordinator, case, today())
    case_jobs.tasks_due(timezone.now())
    assert set(told(Kind.TASK_DUE)) == {"coordinator"}


def test_a_task_whose_author_left_goes_to_the_organisation(houkatsu: User, jiritsu: User) -> None:
    case = open_case(houkatsu, "鈴木家")
    other = colleague(houkatsu)
    note(other, case, today())
    other.is_active = False
    other.save(update_fields=["is_active"])
    case_jobs.tasks_due(timezone.now())
    assert set(told(Kind.TASK_DUE)) == {"houkatsu"}


def test_the_job_s_queries_do_not_grow_once_everyone_was_told(houkatsu: User) -> None:
    case = open_case(houkatsu, "鈴木家")

    def second_run() -> int:
        case_jobs.tasks_due(timezone.now())
        with CaptureQueriesContext(connection) as queries:
            case_jobs.tasks_due(timezone.now())
        return len(queries)

    note(houkatsu, case, today())
    few = second_run()
    for days in range(1, 6):
        note(houkatsu, case, today() - dt.timedelta(days=days))
    assert second_run() == few


def test_a_monitoring_date_tells_the_lead(coordinator: User, kosodate: User) -> None:
    case = case_in_support(kosodate, coordinator, "田中家", monitoring_on=today())
    Notice.objects.all().delete()
    case_jobs.tasks_due(timezone.now())
    case_jobs.tasks_due(timezone.now())
    notices = told(Kind.TASK_DUE)
    notice = only(notices, "kosodate")  # the lead organisation's staff (no worker named)
    assert notice.text == "モニタリングの予定日です"
    assert notice.target_id == case.pk
    assert set(notices) == {"kosodate"}


# --- 8. A consent is withdrawn ----------------------------------------------------------------


def test_a_withdrawal_tells_the_organisations_that_relied_on_it(
    houkatsu: User, jiritsu: User, outsider: User, coordinator: User
) -> None:
    case = demo_case("鈴木家")
    hana = demo_person("鈴木 ハナ")
    people.consent_withdraw(
        actor=houkatsu,
        consent=hana.consents.get(withdrawn_on__isnull=True),
        withdrawn_on=timezone.localdate(),
    )
    notices = told(Kind.CONSENT_WITHDRAWN)
    # 自立相談支援機関 and 社会福祉協議会 joined on her consent; 東包括 registered her (and
    # acted); coordination oversees.
    assert set(notices) == {"jiritsu", "csw", "sanka"}
    notice = only(notices, "jiritsu")
    assert notice.text == "本人の同意が撤回され、チームから外れました"
    assert (notice.target_type, notice.target_id) == (TargetType.CASE, case.pk)
    no_personal_data("鈴木", "ハナ")


def test_a_household_member_s_withdrawal_tells_the_case_s_team(
    kosodate: User, houkatsu: User, coordinator: User
) -> None:
    case = demo_case("田中家")
    toshi = demo_person("田中 トシ")
    consent = toshi.consents.filter(withdrawn_on__isnull=True).first()
    assert consent is not None
    registering = toshi.organization
    people.consent_withdraw(actor=kosodate, consent=consent, withdrawn_on=timezone.localdate())
    notices = told(Kind.CONSENT_WITHDRAWN)
    assert notices, "someone on the team relied on her consent"
    for username, received in notices.items():
        user = User.objects.get(username=username)
        assert user.organization != registering
        assert [n.text for n in received] == ["世帯員の同意が撤回されました"]
        assert received[0].target_id == case.pk
    assert "kosodate" not in notices and "coordinator" not in notices
