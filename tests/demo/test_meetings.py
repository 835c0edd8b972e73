"""デモ市's meetings (issue 6) are part of the contract: the register of bodies, a 支援会議 last
month on 鈴木家 and 山本 勇 under pledges, the 重層的支援会議 that approved 田中家's plan, last
week's チーム会議 that screened the new referrals, and an upcoming 支援会議."""

import datetime as dt

import pytest
from django.utils import timezone

from kasane.access import content_access, has_pledge
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseNote, CaseStatus, PlanStatus, TeamRole
from kasane.core.japanese import fiscal_year, fiscal_year_range, is_business_day
from kasane.demo import city
from kasane.demo.load import GENERATED_MEETING_MONTHS, load_demo_city
from kasane.intake.models import ReferralOutcome, ReferralStatus
from kasane.meetings.models import (
    AgendaItem,
    ConfidentialityPledge,
    Decision,
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    Purpose,
)
from kasane.meetings.selectors import overlaps
from kasane.organizations.models import Program
from tests.builders import demo_case, today

pytestmark = pytest.mark.django_db


def _meeting(title: str) -> Meeting:
    return Meeting.objects.select_related("body", "convener").get(title=title)


# --- The register -----------------------------------------------------------------------------


def test_the_register_names_the_bodies_of_the_city() -> None:
    bodies = {body.name: body for body in MeetingBody.objects.select_related("convener")}
    support, jusou, team = bodies["支援会議"], bodies["重層的支援会議"], bodies["チーム会議"]
    assert (support.kind, support.legal_basis, support.convener.name) == (
        MeetingKind.SUPPORT,
        "社会福祉法第106条の6",
        "重層的支援推進課",
    )
    assert jusou.kind == MeetingKind.JUSOU
    assert Program.COORDINATION in jusou.convener.programs
    assert team.kind == MeetingKind.TEAM
    others = {name for name, body in bodies.items() if body.kind == MeetingKind.OTHER}
    assert {"地域ケア会議", "支援調整会議", "要保護児童対策地域協議会（実務者会議）"} <= others
    assert bodies["地域ケア会議"].convener.name == "高齢介護課"
    assert all(body.members.exists() and body.targets for body in bodies.values())


def test_the_register_shows_where_bodies_overlap() -> None:
    bodies = list(MeetingBody.objects.prefetch_related("members"))
    found = {frozenset((o.first.name, o.second.name)): o for o in overlaps(bodies)}
    overlap = found[frozenset(("支援調整会議", "重層的支援会議"))]
    assert "複合的な課題を抱える世帯" in overlap.targets
    assert {"自立相談支援機関", "社会福祉協議会"} <= set(overlap.members)


# --- The 支援会議 last month ------------------------------------------------------------------


def test_a_support_meeting_last_month_discussed_suzuki_and_yamamoto() -> None:
    meeting = _meeting("定例支援会議")
    day = meeting.starts_on
    first_of_month = today().replace(day=1)
    assert (first_of_month - dt.timedelta(days=1)).replace(day=1) <= day < first_of_month
    assert is_business_day(day)
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "14:00"
    assert (meeting.kind, meeting.body.name, meeting.convener.name) == (
        MeetingKind.SUPPORT,
        "支援会議",
        "重層的支援推進課",
    )
    items = list(meeting.items.select_related("case"))
    assert {item.case for item in items} == {demo_case("鈴木家"), demo_case("山本家")}
    assert all(item.purpose == Purpose.SHARE and item.discussion for item in items)
    assert all(item.case.opened_on < day for item in items)
    assert meeting.status == MeetingStatus.CONFIRMED and meeting.minutes_note
    assert meeting.confirmed_by.username == "coordinator"
    assert timezone.localdate(meeting.confirmed_at) == day


def test_everyone_at_the_support_meeting_had_a_pledge_on_record() -> None:
    meeting = _meeting("定例支援会議")
    participants = list(meeting.participants.select_related("user"))
    users = {p.user.username for p in participants if p.user_id}
    assert users == {"coordinator", "houkatsu", "csw", "jiritsu", "keisatsu"}
    (volunteer,) = [p for p in participants if p.is_external]
    assert (volunteer.name, volunteer.organization_name, volunteer.role) == (
        "佐藤 和子",
        "東町地区",
        "民生委員・児童委員",
    )
    assert all(has_pledge(participant, meeting) for participant in participants)
    keisatsu = ConfidentialityPledge.objects.get(user__username="keisatsu", meeting=meeting)
    assert not keisatsu.signed_online and keisatsu.signed_on == meeting.starts_on
    assert ConfidentialityPledge.objects.get(participant=volunteer).meeting == meeting
    year = ConfidentialityPledge.objects.get(user__username="csw", meeting__isnull=True)
    period = fiscal_year_range(fiscal_year(meeting.starts_on))
    assert (year.valid_from, year.valid_until, year.signed_online) == (*period, False)


def test_the_police_read_the_cases_only_in_the_window(keisatsu: User) -> None:
    meeting = Meeting.objects.prefetch_related("participants").get(title="定例支援会議")
    assert content_access(keisatsu, meeting, manages=False).reason == "window_over"
    during = meeting.starts_at + dt.timedelta(minutes=30)
    assert content_access(keisatsu, meeting, manages=False, now=during).allowed


def test_the_support_meeting_shared_the_roles_of_the_suzuki_team() -> None:
    meeting = _meeting("定例支援会議")
    case = demo_case("鈴木家")
    decisions = list(
        Decision.objects.filter(item__meeting=meeting).select_related(
            "organization", "note", "team_member", "item__case"
        )
    )
    assert {d.kind for d in decisions} == {DecisionKind.ROLE}
    assert {d.item.case for d in decisions} == {case}  # 山本 勇: shared, no role yet
    assert {(d.organization.name, d.team_role) for d in decisions} == {
        ("社会福祉協議会", TeamRole.OUTREACH),
        ("東地域包括支援センター", TeamRole.LEAD),
        ("自立相談支援機関", TeamRole.AGENCY),
    }
    for decision in decisions:
        assert decision.applied_at is not None and decision.team_member.case == case
        note = decision.note
        assert (note.written_on, note.meeting, note.organization) == (
            meeting.starts_on,
            meeting,
            decision.organization,
        )
        assert note.next_action == decision.task and note.next_action_on == decision.due_on
        assert decision.due_on > meeting.starts_on
    outreach = next(d for d in decisions if d.team_role == TeamRole.OUTREACH)
    assert outreach.note.next_action_done  # the letter was delivered (the later note)
    # The existing team took the tasks: nobody joined twice.
    assert not case.team.filter(meeting=meeting).exists()
    assert case.team.filter(left_on__isnull=True).count() == 4


def test_the_yamamoto_case_was_opened_long_before_and_keeps_its_team() -> None:
    case = demo_case("山本家")
    meeting = _meeting("定例支援会議")
    assert case.opened_on < meeting.starts_on
    assert not CaseNote.objects.filter(case=case, meeting=meeting).exists()
    assert set(case.team.values_list("role", flat=True)) == {TeamRole.LEAD, TeamRole.COORDINATION}


# --- The 重層的支援会議 that approved 田中家's plan ----------------------------------------------


def test_a_jusou_meeting_approved_the_tanaka_plan() -> None:
    case = demo_case("田中家")
    plan = case.plans.select_related("approved_meeting").get()
    meeting = plan.approved_meeting
    assert meeting.kind == MeetingKind.JUSOU and meeting.status == MeetingStatus.CONFIRMED
    assert meeting.convener.name == "重層的支援推進課" and meeting.body.name == "重層的支援会議"
    assert (plan.status, plan.approved_on) == (PlanStatus.APPROVED, meeting.starts_on)
    assert is_business_day(meeting.starts_on) and meeting.starts_on < today()
    item = meeting.items.get()
    assert (item.case, item.purpose) == (case, Purpose.PLAN)
    kinds = {d.kind: d for d in item.decisions.all()}
    assert set(kinds) == {DecisionKind.PLAN_APPROVED, DecisionKind.MONITORING}
    assert kinds[DecisionKind.PLAN_APPROVED].plan == plan
    assert plan.monitoring_on == kinds[DecisionKind.MONITORING].monitoring_on > today()
    path = list(case.transitions.order_by("at", "pk"))
    assert [t.to_status for t in path] == [
        "received",
        "screening",
        "decided",
        "assessment",
        "planning",
        "support",
    ]
    assert path[-1].meeting == meeting and path[-1].occurred_on == meeting.starts_on
    assert meeting.confirmed_at <= path[-1].at < meeting.confirmed_at + dt.timedelta(hours=1)
    users = {p.user.username for p in meeting.participants.select_related("user")}
    assert users == {"coordinator", "kosodate", "houkatsu", "sanka"}


# --- Last week's チーム会議 --------------------------------------------------------------------


def test_a_team_meeting_last_week_screened_the_new_referrals() -> None:
    meeting = _meeting("週次チーム会議")
    day, now = meeting.starts_on, today()
    assert is_business_day(day) and (now - day).days >= 3
    # The latest business day three days back (a week, unless a long holiday comes between).
    assert (now - day).days <= 7 or not any(
        is_business_day(now - dt.timedelta(days=n)) for n in range(3, 8)
    )
    assert meeting.kind == MeetingKind.TEAM and meeting.status == MeetingStatus.CONFIRMED
    participants = list(meeting.participants.select_related("user"))
    assert all(p.user_id for p in participants)
    assert {p.user.username for p in participants} == {"coordinator", "shougai", "houkatsu"}
    items = {item.case.household.name: item for item in meeting.items.select_related("case")}
    assert set(items) == {"原田家", "大塚家"}
    assert all(item.purpose == Purpose.SCREENING for item in items.values())
    for item in items.values():
        referral = item.case.referral
        assert referral.receiver_organization.name == "重層的支援推進課"
        sent_on = timezone.localdate(referral.sent_at)
        assert day - dt.timedelta(days=7) <= sent_on < day
        assert item.case.opened_on == timezone.localdate(referral.acknowledged_at) < day
        assert referral.status == ReferralStatus.COMPLETED
        assert referral.sent_at < referral.acknowledged_at < referral.closed_at
        assert item.case.transitions.filter(meeting=meeting).count() == 2


def test_the_screening_decided_one_case_and_passed_the_other_on() -> None:
    meeting = _meeting("週次チーム会議")
    harada, otsuka = demo_case("原田家"), demo_case("大塚家")
    assert (harada.main_person.full_name, harada.status) == ("原田 康平", CaseStatus.DECIDED)
    assert harada.screening_criteria == ["household", "gap"]
    assert harada.referral.sender.username == "shougai"
    assert harada.referral.source_consultation.organization.name == "障害者基幹相談支援センター"
    assert harada.referral.outcome == ReferralOutcome.SUPPORT_STARTED
    joined = harada.team.select_related("organization").get(meeting=meeting)
    assert (joined.organization.name, joined.role, joined.joined_on) == (
        "自立相談支援機関",
        TeamRole.AGENCY,
        meeting.starts_on,
    )
    assert (otsuka.main_person.full_name, otsuka.status) == ("大塚 フミ", CaseStatus.NOT_ELIGIBLE)
    assert otsuka.not_eligible_reason and otsuka.referred_to.name == "東地域包括支援センター"
    assert otsuka.ended_on == meeting.starts_on
    assert (otsuka.referral.sender.username, otsuka.referral.outcome) == (
        "chiiki",
        ReferralOutcome.TO_OTHER_AGENCY,
    )


# --- The upcoming 支援会議 --------------------------------------------------------------------


def test_an_upcoming_support_meeting_is_scheduled() -> None:
    meeting = _meeting("北圏域支援会議")
    day = meeting.starts_on
    assert meeting.kind == MeetingKind.SUPPORT and is_business_day(day)
    assert 7 <= (day - today()).days <= 14
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "10:00"
    assert (meeting.status, meeting.confirmed_at, meeting.minutes_note) == (
        MeetingStatus.SCHEDULED,
        None,
        "",
    )
    participants = list(meeting.participants.select_related("user"))
    assert {"coordinator", "keisatsu"} <= {p.user.username for p in participants if p.user_id}
    assert any(p.is_external for p in participants)
    items = list(meeting.items.all())
    assert items and not any(item.discussion for item in items)
    assert not Decision.objects.filter(item__meeting=meeting).exists()


def test_the_guest_sees_no_case_before_the_upcoming_meeting(keisatsu: User) -> None:
    meeting = Meeting.objects.prefetch_related("participants").get(title="北圏域支援会議")
    assert content_access(keisatsu, meeting, manages=False).reason in ("no_pledge", "before_start")


# --- Through the services, once ---------------------------------------------------------------


def test_every_named_meeting_is_audited() -> None:
    for spec in city.MEETINGS:
        meeting = _meeting(spec["title"])
        actions = set(
            AuditEvent.objects.filter(object_type="meeting", object_id=str(meeting.pk)).values_list(
                "action", flat=True
            )
        )
        assert {"meeting.create", "meeting.agenda_add"} <= actions
        if meeting.starts_at < timezone.now():
            assert {"meeting.minutes_save", "meeting.confirm"} <= actions
    created = AuditEvent.objects.filter(action="meeting_body.create").count()
    assert created >= len(city.MEETING_BODIES)


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            MeetingBody,
            Meeting,
            MeetingParticipant,
            ConfidentialityPledge,
            AgendaItem,
            Decision,
            CaseNote,
            Case,
        )
    )


def test_loading_twice_adds_no_meeting() -> None:
    before = _counts()
    load_demo_city(password="another-password-1", generated=0)
    assert _counts() == before


def test_the_generated_city_adds_monthly_support_meetings_once() -> None:
    named = _counts()
    load_demo_city(password="x-password-2026", generated=30)
    generated = Meeting.objects.filter(title__startswith="支援会議（")
    assert generated.count() == GENERATED_MEETING_MONTHS
    last_month = _meeting("定例支援会議").starts_on
    for meeting in generated.prefetch_related("participants", "items__case"):
        assert meeting.status == MeetingStatus.CONFIRMED and meeting.starts_on < last_month
        assert all(has_pledge(p, meeting) for p in meeting.participants.all())
        cases = [item.case for item in meeting.items.all()]
        assert cases and all(case.created_by_id is None for case in cases)
        assert all(case.opened_on < meeting.starts_on for case in cases)
    counts = _counts()
    assert counts[1] == named[1] + GENERATED_MEETING_MONTHS
    load_demo_city(password="x-password-2026", generated=30)
    assert _counts() == counts
