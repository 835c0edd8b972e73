"""デモ市 is a contract: these facts are what the issues and acceptance tests rely on."""

import datetime as dt
from functools import partial
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kasane import access
from kasane.access import consent_covers
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import (
    Assessment,
    Case,
    CaseNote,
    CaseStatus,
    CaseTeamMember,
    CaseTransition,
    ClosingReason,
    Evaluation,
    EvaluationDecision,
    PlanStatus,
    SupportPlan,
    TeamRole,
)
from kasane.core.japanese import name_key
from kasane.demo import city
from kasane.demo.load import GENERATED_CONSULTATIONS, load_demo_city
from kasane.demo.management.commands import load_demo
from kasane.intake.models import (
    Consultation,
    ConsultationIssue,
    Outcome,
    Referral,
    ReferralConsent,
    ReferralEvent,
    ReferralKind,
    ReferralStatus,
    Route,
    Urgency,
)
from kasane.intake.selectors import awaiting_acknowledgement, urgent_awaiting, with_overdue
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people.models import Consent, Household, HouseholdMember, Person, RestrictionGrant
from tests.builders import demo_case

pytestmark = pytest.mark.django_db

CONTRACT = {
    "admin": ("重層的支援推進課", {"admin"}),
    "coordinator": ("重層的支援推進課", {"coordinator"}),
    "houkatsu": ("東地域包括支援センター", {"consultant"}),
    "shougai": ("障害者基幹相談支援センター", {"consultant"}),
    "kosodate": ("こども家庭センター", {"consultant"}),
    "jiritsu": ("自立相談支援機関", {"consultant"}),
    "csw": ("社会福祉協議会", {"outreach_worker"}),
    "sanka": ("社会福祉協議会", {"participation_coordinator"}),
    "chiiki": ("生活支援コーディネーター 東圏域", {"community_worker"}),
    "zeimu": ("税務課", {"referrer"}),
    "suido": ("上下水道局", {"referrer"}),
    "keisatsu": ("デモ警察署", {"meeting_guest"}),
    "outsider": ("西地域包括支援センター", {"consultant"}),
    "kansa": ("情報政策課", {"auditor"}),
}


@pytest.mark.parametrize(("username", "expected"), CONTRACT.items())
def test_the_demo_users_keep_their_organisation_and_roles(username: str, expected: tuple) -> None:
    user = User.objects.select_related("organization").get(username=username)
    assert (user.organization.name, set(user.roles)) == expected
    assert user.is_active


def test_the_demo_city_has_four_spheres_with_districts_and_towns() -> None:
    spheres = Area.objects.filter(kind=AreaKind.SPHERE).order_by("sort_order")
    assert [sphere.name for sphere in spheres] == ["東圏域", "西圏域", "南圏域", "北圏域"]
    assert all(sphere.parent.name == "デモ市" for sphere in spheres)
    for sphere in spheres:
        districts = sphere.children.all()
        assert districts and all(district.children.exists() for district in districts)
    assert Area.objects.filter(name="南町9丁目", parent__parent__name="南圏域").exists()


def test_the_demo_city_has_about_thirty_organisations() -> None:
    assert 28 <= Organization.objects.count() <= 40
    assert Organization.objects.filter(name__endswith="地域包括支援センター").count() == 4


def _counts() -> tuple[int, ...]:
    return (
        Area.objects.count(),
        Organization.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        Household.objects.count(),
        Consent.objects.count(),
        Consultation.objects.count(),
        ConsultationIssue.objects.count(),
        Referral.objects.count(),
        ReferralEvent.objects.count(),
        Case.objects.count(),
        CaseTeamMember.objects.count(),
        CaseTransition.objects.count(),
        Assessment.objects.count(),
        SupportPlan.objects.count(),
        CaseNote.objects.count(),
        Evaluation.objects.count(),
    )


def test_loading_twice_changes_nothing() -> None:
    before = _counts()
    load_demo_city(password="another-password-1", generated=0)
    assert _counts() == before
    assert User.objects.get(username="admin").check_password("another-password-1")


def test_the_contract_in_this_test_matches_the_loader() -> None:
    assert set(CONTRACT) == set(city.USERS)


def _members(name: str) -> dict[str, HouseholdMember]:
    household = Household.objects.get(name=name)
    return {m.person.full_name: m for m in household.members.select_related("person")}


def test_the_named_households_are_the_contract() -> None:
    suzuki = _members("鈴木家")
    assert set(suzuki) == {"鈴木 ハナ", "鈴木 一郎"}
    hana, ichiro = suzuki["鈴木 ハナ"].person, suzuki["鈴木 一郎"].person
    assert (hana.birth_date.year, hana.care_level, hana.organization.name) == (
        1943,
        "care_1",
        "東地域包括支援センター",
    )
    assert hana.area.parent.parent.name == "東圏域"
    # 一郎 was asked and did not consent: 同意なし (a refusal on record), not 未確認.
    assert (ichiro.birth_date.year, ichiro.consent_state, suzuki["鈴木 一郎"].relation_label) == (
        1971,
        "refused",
        "長男",
    )
    assert not ichiro.consents.exists() and ichiro.consent_refusals.count() == 1
    assert "8050" in Household.objects.get(name="鈴木家").tags

    tanaka = _members("田中家")
    assert {name: m.person.birth_date.year for name, m in tanaka.items()}["田中 陽斗"] == 2022
    assert tanaka["田中 トシ"].person.care_level == "care_3"
    assert all(m.person.consents.get().method == "written" for m in tanaka.values())

    takahashi = _members("髙橋家")
    assert set(takahashi) == {"髙橋 美咲", "髙橋 恵"}
    assert takahashi["髙橋 美咲"].person.birth_date.year == 2009
    assert takahashi["髙橋 美咲"].person.organization.name == "こども家庭センター"

    sato = _members("佐藤家")
    sakura = sato["佐藤 さくら"].person
    assert sakura.is_restricted and sakura.address == "デモ市南町9-9-9"
    assert all(m.person.is_restricted for m in sato.values())
    granted = RestrictionGrant.objects.filter(person=sakura, revoked_at__isnull=True)
    assert [grant.user.username for grant in granted] == ["jiritsu"]
    assert sakura.organization.name == "自立相談支援機関"

    yamamoto = _members("山本家")["山本 勇"].person
    assert yamamoto.birth_date.year == 1951
    assert yamamoto.area.parent.parent.name == "北圏域"
    assert yamamoto.organization.name == "社会福祉協議会"

    kiyo = _members("小川家")["小川 キヨ"].person
    assert (kiyo.birth_date.year, kiyo.organization.name) == (1938, "東地域包括支援センター")
    assert kiyo.consents.get().all_organizations


def test_the_demo_adds_generated_people_and_consultations_once(coordinator: User) -> None:
    load_demo_city(password="x-password-2026", generated=40)
    generated = Person.objects.filter(created_by__isnull=True).count()
    assert generated == 40
    assert Household.objects.filter(created_by__isnull=True).exists()
    consultations = Consultation.objects.filter(created_by__isnull=True)
    assert consultations.count() == GENERATED_CONSULTATIONS
    cases = Case.objects.filter(created_by__isnull=True)
    generated_cases = cases.count()
    assert generated_cases > 0
    load_demo_city(password="x-password-2026", generated=40)
    assert Person.objects.filter(created_by__isnull=True).count() == generated
    assert consultations.count() == GENERATED_CONSULTATIONS
    assert cases.count() == generated_cases
    assert Case.objects.filter(created_by__isnull=False).count() == len(city.CASES)
    outsider = User.objects.get(username="outsider")
    assert not access.cases_for_user(outsider).exists()  # still on no case
    # What waits for the coordinator is still the named story only.
    assert [c.person.full_name for c in urgent_awaiting(coordinator)] == ["髙橋 美咲"]
    assert {r.subject_name for r in awaiting_acknowledgement(coordinator)} == {
        "山本 勇",
        "鈴木 ハナ",
    }


def test_generated_people_and_cases_keep_clear_of_the_named_ones() -> None:
    load_demo_city(password="x-password-2026", generated=300)
    named = {name_key(name) for name in city.named_people()}
    generated = Person.objects.filter(created_by__isnull=True)
    assert generated.count() == 300
    assert not generated.filter(name_key__in=named).exists()
    households = {name_key(name) for name in city.household_names()}
    generated_cases = Case.objects.filter(created_by__isnull=True, household__isnull=False)
    assert generated_cases.exists()
    names = generated_cases.values_list("household__name", flat=True)
    assert not households & {name_key(name) for name in names}


def test_load_demo_lists_the_demo_logins(monkeypatch: pytest.MonkeyPatch) -> None:
    # Named records only: the generated ones are covered above and take longer.
    monkeypatch.setattr(load_demo, "load_demo_city", partial(load_demo_city, generated=0))
    out = StringIO()
    call_command("load_demo", "--port", "8080", stdout=out)
    assert "デモ市を投入しました" in out.getvalue()
    assert "http://127.0.0.1:8080/" in out.getvalue()
    assert "coordinator  中村 真理（重層的支援推進課／" in out.getvalue()


# --- Intake: the named consultations and つなぐシート -----------------------------------------


def _sheet(sender: str) -> Referral:
    return with_overdue(
        Referral.objects.filter(kind=ReferralKind.SHEET, sender__username=sender)
    ).get()


def _audited_actions(referral: Referral) -> set[str]:
    events = AuditEvent.objects.filter(object_type="referral", object_id=str(referral.pk))
    return set(events.values_list("action", flat=True))


def test_the_tax_office_sheet_about_ichiro_was_accepted_and_linked() -> None:
    sheet = _sheet("zeimu")
    assert (sheet.subject_name, sheet.subject_kana, sheet.subject_contact) == (
        "鈴木 一郎",
        "スズキ イチロウ",
        "デモ市東町1丁目2-3",
    )
    assert "滞納" in sheet.reason
    assert (sheet.consent, sheet.urgency) == (ReferralConsent.UNCONFIRMED, Urgency.NORMAL)
    assert sheet.receiver_organization.name == "重層的支援推進課"
    # 鈴木家's case was opened from it: under way, and its sender reads 支援開始 (issue 13 point 8).
    assert sheet.status == ReferralStatus.IN_PROGRESS and sheet.status_label == "支援開始"
    assert sheet.acknowledged_by.username == "coordinator"
    assert sheet.person == _members("鈴木家")["鈴木 一郎"].person
    assert sheet.sent_at <= timezone.now() - dt.timedelta(days=9)
    assert sheet.sent_at < sheet.acknowledged_at < timezone.now()
    assert [event.kind for event in sheet.events.all()] == [
        "sent",
        "accepted",
        "person_linked",
        "in_progress",
        "case_opened",
    ]
    assert all(event.at < timezone.now() for event in sheet.events.all())
    assert _audited_actions(sheet) == {
        "referral.send",
        "referral.acknowledge",
        "referral.link_person",
        "referral.start",
        "referral.case_opened",
    }


def test_the_water_bureau_sheet_about_isamu_waits_and_is_overdue(coordinator: User) -> None:
    sheet = _sheet("suido")
    assert (sheet.subject_name, sheet.subject_kana) == ("山本 勇", "ヤマモト イサム")
    assert sheet.subject_contact == "デモ市北町2丁目7-1"
    assert "水道料金" in sheet.reason and "異臭" in sheet.reason
    assert sheet.consent == ReferralConsent.UNCONFIRMED
    assert (sheet.status, sheet.acknowledged_at, sheet.person) == (ReferralStatus.SENT, None, None)
    assert sheet.is_overdue
    assert sheet in awaiting_acknowledgement(coordinator)
    assert _audited_actions(sheet) == {"referral.send"}


def test_the_east_houkatsu_recorded_consultations_about_hana(houkatsu: User) -> None:
    hana = _members("鈴木家")["鈴木 ハナ"].person
    consultations = list(
        Consultation.objects.filter(organization=houkatsu.organization, person=hana)
        .prefetch_related("issues")
        .order_by("received_at")
    )
    assert len(consultations) >= 2
    assert {c.route for c in consultations} >= {Route.VISIT, Route.HOME_VISIT}
    assert all(c.household.name == "鈴木家" and c.created_by == houkatsu for c in consultations)
    assert all([i.is_main for i in c.issues.all()].count(True) == 1 for c in consultations)
    assert all(c.received_at < timezone.now() - dt.timedelta(hours=1) for c in consultations)
    passed_on = [c for c in consultations if c.outcome == Outcome.TO_COORDINATION]
    assert len(passed_on) == 1
    request = with_overdue(passed_on[0].referrals_sent.all()).get()
    assert (request.kind, request.status) == (ReferralKind.COORDINATION, ReferralStatus.SENT)
    assert request.sent_at > passed_on[0].received_at
    assert not request.is_overdue


def test_the_urgent_consultation_about_misaki_awaits_acknowledgement(
    coordinator: User, kosodate: User, outsider: User
) -> None:
    misaki = _members("髙橋家")["髙橋 美咲"].person
    consultation = Consultation.objects.get(person=misaki)
    assert (consultation.organization, consultation.created_by) == (
        kosodate.organization,
        kosodate,
    )
    assert consultation.household.name == "髙橋家"
    assert consultation.is_urgent and consultation.urgent_signs == ["safety_check"]
    assert consultation.awaits_acknowledgement
    now = timezone.now()
    assert now - dt.timedelta(hours=12) < consultation.received_at < now
    assert list(urgent_awaiting(coordinator)) == [consultation]
    assert list(urgent_awaiting(kosodate)) == [consultation]
    assert not urgent_awaiting(outsider).exists()


def test_the_tests_get_the_named_intake_records_only() -> None:
    assert not Consultation.objects.filter(created_by__isnull=True).exists()
    assert Consultation.objects.count() == len(city.CONSULTATIONS)
    assert Referral.objects.filter(kind=ReferralKind.SHEET).count() == len(city.SHEETS)


# --- Cases (issue 5) --------------------------------------------------------------------------


def _team(case: Case) -> dict[tuple[str, str], str]:
    members = case.team.filter(left_on__isnull=True).select_related("organization", "worker")
    return {(m.organization.name, m.role): m.worker.username for m in members}


def _path(case: Case) -> list[str]:
    return [transition.to_status for transition in case.transitions.all()]


def _case_actions(case: Case) -> set[str]:
    events = AuditEvent.objects.filter(object_type="case", object_id=str(case.pk))
    return set(events.values_list("action", flat=True))


def test_suzuki_is_a_coordination_case_in_assessment(
    jiritsu: User, houkatsu: User, outsider: User
) -> None:
    case = demo_case("鈴木家")
    assert (case.main_person.full_name, case.status) == ("鈴木 ハナ", CaseStatus.ASSESSMENT)
    assert "coordination" in case.programs and case.created_by.username == "coordinator"
    assert _team(case) == {
        ("東地域包括支援センター", TeamRole.LEAD): "houkatsu",
        ("重層的支援推進課", TeamRole.COORDINATION): "coordinator",
        ("自立相談支援機関", TeamRole.AGENCY): "jiritsu",
        ("社会福祉協議会", TeamRole.OUTREACH): "csw",
    }
    assert _path(case) == ["received", "screening", "decided", "assessment"]
    assert case.screening_criteria == ["household", "gap"]
    assert (case.referral.kind, case.referral.sender.username) == (ReferralKind.SHEET, "zeimu")
    assessment = case.assessments.get()
    entries = {e.person.full_name: e for e in assessment.entries.prefetch_related("issues")}
    issues = {name: {code.name for code in e.issues.all()} for name, e in entries.items()}
    assert issues == {
        "鈴木 ハナ": {"介護", "家族との関係"},
        "鈴木 一郎": {"ひきこもり・不登校", "社会的孤立", "経済的困窮"},
    }
    assert "一郎のことが心配" in entries["鈴木 ハナ"].wishes
    assert "放っておいてほしい" in entries["鈴木 一郎"].wishes
    assert _case_actions(case) >= {
        "case.open",
        "case.team_add",
        "case.transition",
        "case.assessment_save",
        "case.note_add",
    }
    assert case in access.cases_for_user(jiritsu) and case in access.cases_for_user(houkatsu)
    assert case not in access.cases_for_user(outsider)


def test_tanaka_is_in_support_with_an_approved_plan_and_notes_from_three_agencies() -> None:
    case = demo_case("田中家")
    assert (case.main_person.full_name, case.status) == ("田中 由美", CaseStatus.SUPPORT)
    assert _team(case) == {
        ("こども家庭センター", TeamRole.LEAD): "kosodate",
        ("重層的支援推進課", TeamRole.COORDINATION): "coordinator",
        ("東地域包括支援センター", TeamRole.AGENCY): "houkatsu",
        ("社会福祉協議会", TeamRole.PARTICIPATION): "sanka",
    }
    plan = case.plans.get()
    assert (plan.status, plan.version, plan.approved_by.username) == (
        PlanStatus.APPROVED,
        1,
        "coordinator",
    )
    assert plan.goal.startswith("母の介護と子育てを一人で抱え込まず")
    assert plan.includes_participation and not plan.includes_outreach
    assert plan.consent_on <= plan.approved_on <= timezone.localdate()
    assert plan.consent_method == "written"
    assert plan.monitoring_on > timezone.localdate()
    organizations = {item.organization.name for item in plan.items.all()}
    assert organizations >= {"東地域包括支援センター", "こども家庭センター", "社会福祉協議会"}
    notes = case.notes.select_related("organization")
    assert {note.organization.name for note in notes} == {
        "こども家庭センター",
        "東地域包括支援センター",
        "社会福祉協議会",
    }
    assert case.last_contact_on == max(note.written_on for note in notes)
    assert all(note.created_at <= timezone.now() for note in notes)
    assert _case_actions(case) >= {"case.plan_draft", "case.plan_save", "case.plan_approve"}


def test_every_case_lists_the_monitoring_date_its_approved_plan_says() -> None:
    approved = dict(
        SupportPlan.objects.filter(status=PlanStatus.APPROVED).values_list(
            "case_id", "monitoring_on"
        )
    )
    for case in Case.objects.all():
        expected = None if case.is_ended else approved.get(case.pk)
        assert case.next_monitoring_on == expected, case


def test_yamamoto_is_an_outreach_case_without_consent() -> None:
    case = demo_case("山本家")
    isamu = case.main_person
    assert (isamu.full_name, case.programs, case.status) == (
        "山本 勇",
        ["outreach"],
        CaseStatus.DECIDED,
    )
    assert _team(case) == {
        ("社会福祉協議会", TeamRole.LEAD): "csw",
        ("重層的支援推進課", TeamRole.COORDINATION): "coordinator",
    }
    assert not consent_covers(isamu, case.team.get(role=TeamRole.LEAD).organization)
    notes = list(case.notes.select_related("author"))
    assert len(notes) >= 2 and {note.author.username for note in notes} == {"csw"}
    assert any("不在" in note.content for note in notes)
    assert any("拒否" in note.content for note in notes)
    # The water bureau's sheet about him still waits for the coordinator.
    assert _sheet("suido").status == ReferralStatus.SENT


def test_an_earlier_case_ended_by_handing_back_to_the_east_houkatsu(houkatsu: User) -> None:
    case = demo_case("小川家")
    assert (case.main_person.full_name, case.status) == ("小川 キヨ", CaseStatus.CLOSED)
    assert _path(case)[-1] == "closed" and case.ended_on < timezone.localdate()
    evaluation = case.evaluations.get()
    assert (evaluation.decision, evaluation.closing_reason) == (
        EvaluationDecision.CLOSE,
        ClosingReason.HANDBACK,
    )
    assert case.closing_reason == ClosingReason.HANDBACK
    assert evaluation.handback_organization == houkatsu.organization
    assert evaluation.items.count() == evaluation.plan.items.count()
    handback = evaluation.handback_referral
    assert (handback.kind, handback.receiver_organization) == (
        ReferralKind.HANDBACK,
        houkatsu.organization,
    )
    assert handback.sender_organization.name == "重層的支援推進課"
    assert (handback.status, handback.person) == (ReferralStatus.COMPLETED, case.main_person)
    assert handback.sent_at.date() <= handback.acknowledged_at.date() < timezone.localdate()
    assert handback not in awaiting_acknowledgement(houkatsu)


def test_the_outsider_is_on_no_case(outsider: User) -> None:
    assert not access.cases_for_user(outsider).exists()
    assert not CaseTeamMember.objects.filter(organization=outsider.organization).exists()


def test_the_tests_get_the_named_cases_only() -> None:
    assert Case.objects.count() == len(city.CASES)
    assert not Case.objects.filter(created_by__isnull=True).exists()
