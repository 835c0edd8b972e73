"""Consultations, referrals and the selectors that read them, through the services (the views
are tested elsewhere). The demo's own intake records may be present: counts are relative and
lookups filter by what each test created."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError
from kasane.intake import selectors, services
from kasane.intake.models import (
    Consultation,
    IssueCode,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralStatus,
    Urgency,
)
from kasane.organizations.models import Organization
from kasane.people.models import MASK, Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


# --- Helpers ----------------------------------------------------------------------------------


def person(name: str) -> Person:
    family, given = name.split()
    return Person.objects.get(family_name=family, given_name=given)


def code(name: str) -> IssueCode:
    return IssueCode.objects.get(name=name)


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def consult(actor: User, **values: Any) -> Consultation:
    fields: dict[str, Any] = {
        "received_at": timezone.now() - dt.timedelta(hours=1),
        "route": "visit",
        "consulter_relation": "self",
        "summary": "生活費が足りず、家賃を2か月滞納している。",
        "consent": "oral",
        "outcome": Outcome.HANDLED,
    }
    return services.consultation_create(actor=actor, **{**fields, **values})


def sheet(actor: User, **values: Any) -> Referral:
    fields: dict[str, Any] = {
        "subject_name": "山田 太郎",
        "subject_kana": "ヤマダ タロウ",
        "subject_contact": "デモ市東町1丁目9-9",
        "reason": "国民健康保険料の相談で来庁。仕事を失い、食べるものにも困っている様子。",
        "consent": "agreed",
        "urgency": "normal",
    }
    referral, created = services.sheet_submit(actor=actor, **{**fields, **values})
    assert created
    return referral


def audited(action: str, target: Model) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=target._meta.model_name, object_id=str(target.pk)
        ).order_by("pk")
    )


def events(referral: Referral) -> list[tuple[str, str]]:
    return [(event.kind, event.actor.username) for event in referral.events.select_related("actor")]


# --- Consultations ----------------------------------------------------------------------------


def test_it_records_a_consultation_with_its_issues_and_one_main_issue(houkatsu: User) -> None:
    hana = person("鈴木 ハナ")
    consultation = consult(
        houkatsu,
        person=hana,
        household=Household.objects.get(name="鈴木家"),
        issues=[code("介護"), code("家族との関係"), code("社会的孤立")],
        main_issue=code("家族との関係"),
    )
    consultation.refresh_from_db()
    assert consultation.organization == houkatsu.organization
    assert consultation.worker == houkatsu and consultation.created_by == houkatsu
    assert consultation.person == hana
    assert not consultation.is_urgent and consultation.urgency == Urgency.NORMAL
    issues = [(item.code.name, item.is_main) for item in consultation.issues.all()]
    assert issues == [("家族との関係", True), ("介護", False), ("社会的孤立", False)]
    [event] = audited("consultation.create", consultation)
    assert event.actor == houkatsu
    assert event.details["person"] == hana.pk
    assert event.details["outcome"] == "handled"
    assert event.details["issues"] == 3  # how many, not which: the checklist is case content


def test_a_single_checked_issue_becomes_the_main_one(houkatsu: User) -> None:
    consultation = consult(houkatsu, issues=[code("住まい")])
    assert [(i.code.name, i.is_main) for i in consultation.issues.all()] == [("住まい", True)]
    [event] = audited("consultation.create", consultation)
    assert event.details["issues"] == 1


def test_several_issues_without_a_main_one_have_none(houkatsu: User) -> None:
    consultation = consult(houkatsu, issues=[code("住まい"), code("債務")])
    assert not consultation.issues.filter(is_main=True).exists()
    assert consultation.issues.count() == 2


def test_the_main_issue_must_be_one_of_those_checked(houkatsu: User) -> None:
    before = Consultation.objects.count()
    with pytest.raises(DomainError, match="主な課題は、印を付けた項目から"):
        consult(houkatsu, issues=[code("住まい")], main_issue=code("債務"))
    assert Consultation.objects.count() == before


@pytest.mark.parametrize(
    ("urgency", "signs", "expected", "urgent"),
    [
        ("normal", ["abuse"], Urgency.URGENT, True),
        ("soon", ["lifeline", "harm"], Urgency.URGENT, True),
        ("urgent", [], Urgency.URGENT, True),
        ("soon", [], Urgency.SOON, False),
    ],
)
def test_urgent_signs_make_a_consultation_urgent(
    houkatsu: User, urgency: str, signs: list[str], expected: str, urgent: bool
) -> None:
    consultation = consult(houkatsu, urgency=urgency, urgent_signs=signs)
    consultation.refresh_from_db()
    assert consultation.urgency == expected
    assert consultation.is_urgent is urgent
    assert consultation.awaits_acknowledgement is urgent
    assert audited("consultation.create", consultation)[0].details["urgent"] is urgent


def test_it_refuses_a_consultation_received_in_the_future(houkatsu: User) -> None:
    before = Consultation.objects.count()
    with pytest.raises(DomainError, match="受付日時が未来です"):
        consult(houkatsu, received_at=timezone.now() + dt.timedelta(days=1))
    assert Consultation.objects.count() == before
    # A clock a minute or two ahead is not "the future".
    consult(houkatsu, received_at=timezone.now() + dt.timedelta(minutes=1))


def test_it_refuses_a_household_the_person_is_not_in(houkatsu: User) -> None:
    before = Consultation.objects.count()
    with pytest.raises(DomainError, match="選んだ世帯に本人が含まれていません"):
        consult(
            houkatsu, person=person("田中 由美"), household=Household.objects.get(name="鈴木家")
        )
    assert Consultation.objects.count() == before


def test_it_refuses_a_household_the_person_has_left(houkatsu: User) -> None:
    household = Household.objects.get(name="鈴木家")
    ichiro = person("鈴木 一郎")
    HouseholdMember.objects.filter(household=household, person=ichiro).update(
        left_on=dt.date(2025, 4, 1)
    )
    with pytest.raises(DomainError, match="選んだ世帯に本人が含まれていません"):
        consult(houkatsu, person=ichiro, household=household)


def test_it_refuses_a_worker_from_another_organization(houkatsu: User, outsider: User) -> None:
    before = Consultation.objects.count()
    with pytest.raises(DomainError, match="受付者は同じ機関の職員から"):
        consult(houkatsu, worker=outsider)
    assert Consultation.objects.count() == before


def test_passing_to_an_agency_needs_an_agency(houkatsu: User) -> None:
    before = (Consultation.objects.count(), Referral.objects.count())
    with pytest.raises(DomainError, match="つなぎ先の機関を選んでください"):
        consult(houkatsu, outcome=Outcome.TO_AGENCY)
    with pytest.raises(DomainError, match="自分の機関は選べません"):
        consult(houkatsu, outcome=Outcome.TO_AGENCY, pass_to=houkatsu.organization)
    closed = org("自立相談支援機関")
    Organization.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    with pytest.raises(DomainError, match="現在使われていません"):
        consult(houkatsu, outcome=Outcome.TO_AGENCY, pass_to=closed)
    assert (Consultation.objects.count(), Referral.objects.count()) == before


def test_passing_to_an_agency_sends_it_a_referral_about_the_person(houkatsu: User) -> None:
    hana = person("鈴木 ハナ")
    receiver = org("自立相談支援機関")
    consultation = consult(
        houkatsu,
        person=hana,
        urgency="soon",
        consent="written",
        outcome=Outcome.TO_AGENCY,
        outcome_note="家計の立て直しを自立相談支援機関に依頼する。",
        pass_to=receiver,
    )
    referral = Referral.objects.get(source_consultation=consultation)
    assert referral.kind == ReferralKind.AGENCY
    assert referral.status == ReferralStatus.SENT
    assert referral.sender == houkatsu
    assert referral.sender_organization == houkatsu.organization
    assert referral.receiver_organization == receiver
    assert (referral.subject_name, referral.subject_kana) == ("鈴木 ハナ", "スズキ ハナ")
    assert referral.subject_birth_date == dt.date(1943, 5, 12)
    assert referral.subject_contact == "000-201-1234"
    assert referral.consent == "agreed"
    assert referral.urgency == "soon"
    assert referral.reason.startswith(consultation.summary)
    assert referral.reason.endswith("家計の立て直しを自立相談支援機関に依頼する。")
    # 自立相談支援機関 reads ハナ's record (on 鈴木家's team, on her consent): it arrives linked
    # (issue 13 point 3).
    assert referral.person == hana
    sent, linked = referral.events.all()
    assert (sent.kind, sent.actor, sent.at) == (ReferralEvent.Kind.SENT, houkatsu, referral.sent_at)
    assert (linked.kind, linked.note) == (ReferralEvent.Kind.PERSON_LINKED, "鈴木 ハナ")
    [event] = audited("referral.send", referral)
    assert event.details == {
        "kind": "agency",
        "receiver": "自立相談支援機関",
        "consent": "agreed",
        "urgency": "soon",
        "person": hana.pk,
    }
    assert audited("consultation.create", consultation)


def test_a_consultation_about_nobody_known_sends_the_consulters_name(houkatsu: User) -> None:
    named = consult(
        houkatsu,
        consulter_name="近所の人",
        outcome=Outcome.TO_AGENCY,
        pass_to=org("自立相談支援機関"),
    )
    anonymous = consult(houkatsu, consent="unknown", outcome=Outcome.TO_COORDINATION)
    assert Referral.objects.get(source_consultation=named).subject_name == "近所の人"
    referral = Referral.objects.get(source_consultation=anonymous)
    assert referral.subject_name == "（氏名不明）"
    assert referral.consent == "unconfirmed"


@pytest.mark.parametrize("consent", ["refused", "unknown"])
def test_without_consent_a_consultation_goes_to_coordination_not_to_an_agency(
    houkatsu: User, consent: str
) -> None:
    before = Consultation.objects.count()
    with pytest.raises(DomainError, match="本人の同意がないため"):
        consult(
            houkatsu, consent=consent, outcome=Outcome.TO_AGENCY, pass_to=org("自立相談支援機関")
        )
    assert Consultation.objects.count() == before
    consult(houkatsu, consent=consent, outcome=Outcome.TO_COORDINATION)


def test_a_restricted_persons_contact_does_not_travel_with_the_referral(jiritsu: User) -> None:
    sakura = person("佐藤 さくら")
    assert sakura.is_restricted
    consultation = consult(
        jiritsu,
        person=sakura,
        household=Household.objects.get(name="佐藤家"),
        outcome=Outcome.TO_AGENCY,
        pass_to=org("こども家庭センター"),
    )
    referral = Referral.objects.get(source_consultation=consultation)
    assert referral.subject_name == "佐藤 さくら"
    assert referral.subject_contact == MASK
    stored = " ".join(
        str(value) for value in Referral.objects.filter(pk=referral.pk).values().get().values()
    )
    assert "090-9999-0009" not in stored and "南町9-9-9" not in stored
    assert "090-9999-0009" not in str(audited("referral.send", referral)[0].details)


def test_passing_to_coordination_sends_to_the_coordination_office(houkatsu: User) -> None:
    coordination = services.coordination_organization()
    assert coordination.name == "重層的支援推進課"
    consultation = consult(houkatsu, person=person("鈴木 ハナ"), outcome=Outcome.TO_COORDINATION)
    referral = Referral.objects.get(source_consultation=consultation)
    assert referral.kind == ReferralKind.COORDINATION
    assert referral.receiver_organization == coordination
    assert audited("referral.send", referral)[0].details["receiver"] == "重層的支援推進課"


def test_handled_consultations_send_nothing(houkatsu: User) -> None:
    for outcome in (Outcome.HANDLED, Outcome.INFORMATION):
        consultation = consult(houkatsu, outcome=outcome, pass_to=org("自立相談支援機関"))
        assert not Referral.objects.filter(source_consultation=consultation).exists()


def test_someone_acknowledges_an_urgent_consultation_once(houkatsu: User) -> None:
    consultation = consult(houkatsu, urgent_signs=["safety_check"])
    services.consultation_acknowledge(actor=houkatsu, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.acknowledged_by == houkatsu
    assert timezone.now() - consultation.acknowledged_at < dt.timedelta(minutes=1)
    assert not consultation.awaits_acknowledgement
    assert len(audited("consultation.acknowledge", consultation)) == 1
    with pytest.raises(DomainError, match="既に確認されています"):
        services.consultation_acknowledge(actor=houkatsu, consultation=consultation)
    assert len(audited("consultation.acknowledge", consultation)) == 1


def test_only_urgent_consultations_are_acknowledged(houkatsu: User) -> None:
    consultation = consult(houkatsu, urgency="soon")
    with pytest.raises(DomainError, match="緊急の相談ではありません"):
        services.consultation_acknowledge(actor=houkatsu, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.acknowledged_at is None
    assert not audited("consultation.acknowledge", consultation)


# --- つなぐシート -----------------------------------------------------------------------------


def test_a_sheet_goes_to_coordination(zeimu: User) -> None:
    key = uuid.uuid4()
    referral, created = services.sheet_submit(
        actor=zeimu,
        submission_key=key,
        subject_name="山田 太郎",
        subject_contact="不明",
        reason="滞納の相談で来庁。",
        consent="unconfirmed",
        urgency="soon",
    )
    assert created
    assert referral.kind == ReferralKind.SHEET
    assert referral.receiver_organization == services.coordination_organization()
    assert referral.sender == zeimu and referral.sender_organization == org("税務課")
    assert referral.status == ReferralStatus.SENT
    assert referral.submission_key == key
    assert events(referral) == [("sent", "zeimu")]
    assert audited("referral.send", referral)[0].details["kind"] == "sheet"


def test_the_same_sheet_submitted_twice_is_sent_once(zeimu: User) -> None:
    key = uuid.uuid4()
    before = Referral.objects.count()
    first = sheet(zeimu, submission_key=key)
    again, created = services.sheet_submit(
        actor=zeimu,
        submission_key=key,
        subject_name="山田 太郎",
        subject_contact="不明",
        reason="再送",
    )
    assert created is False
    assert again == first
    assert Referral.objects.count() == before + 1
    assert Referral.objects.filter(submission_key=key).count() == 1
    assert len(audited("referral.send", first)) == 1
    assert first.events.count() == 1


def test_sheets_without_a_key_are_separate_sheets(zeimu: User) -> None:
    assert sheet(zeimu) != sheet(zeimu)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"subject_contact": ""}, "本人の連絡先か住所を入力してください"),
        ({"subject_contact": "　 "}, "本人の連絡先か住所を入力してください"),
        ({"subject_name": " "}, "本人の氏名を入力してください"),
        ({"reason": ""}, "気づいたこと・つなぐ理由を入力してください"),
    ],
)
def test_a_sheet_needs_a_name_a_contact_and_a_reason(
    zeimu: User, missing: dict[str, str], message: str
) -> None:
    before = Referral.objects.count()
    values = {"subject_name": "山田 太郎", "subject_contact": "不明", "reason": "気づいたこと"}
    with pytest.raises(DomainError, match=message):
        services.sheet_submit(actor=zeimu, **{**values, **missing})
    assert Referral.objects.count() == before


# --- Referral transitions ---------------------------------------------------------------------


def test_a_referral_is_acknowledged_started_and_completed(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.acknowledged_by == coordinator
    assert referral.acknowledged_at >= referral.sent_at
    assert referral.closed_at is None

    services.referral_start(actor=coordinator, referral=referral, note="自宅を訪問する")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS

    services.referral_complete(actor=coordinator, referral=referral, outcome="support_started")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.outcome == "support_started"
    assert referral.status_label == "完了（支援開始）"
    assert referral.closed_at >= referral.acknowledged_at
    assert not referral.is_open

    assert events(referral) == [
        ("sent", "zeimu"),
        ("accepted", "coordinator"),
        ("in_progress", "coordinator"),
        ("completed", "coordinator"),
    ]
    assert referral.events.get(kind="in_progress").note == "自宅を訪問する"
    for action in ("referral.acknowledge", "referral.start", "referral.complete"):
        [event] = audited(action, referral)
        assert event.actor == coordinator
    assert audited("referral.complete", referral)[0].details == {"outcome": "support_started"}


def test_an_accepted_referral_may_be_completed_at_once(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    services.referral_complete(actor=coordinator, referral=referral, outcome="information")
    referral.refresh_from_db()
    assert referral.status_label == "完了（情報提供のみ）"


def test_illegal_steps_are_refused(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    with pytest.raises(DomainError, match="対応を始められるのは、受理したつなぎだけです"):
        services.referral_start(actor=coordinator, referral=referral)
    with pytest.raises(DomainError, match="完了にできるのは"):
        services.referral_complete(actor=coordinator, referral=referral, outcome="refused")
    services.referral_acknowledge(actor=coordinator, referral=referral)
    with pytest.raises(DomainError, match="既に受理されている"):
        services.referral_acknowledge(actor=coordinator, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert len(audited("referral.acknowledge", referral)) == 1
    assert referral.events.count() == 2


@pytest.mark.parametrize("outcome", ["", "done", "completed"])
def test_an_invalid_outcome_is_refused(zeimu: User, coordinator: User, outcome: str) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    with pytest.raises(DomainError, match="結果を選んでください"):
        services.referral_complete(actor=coordinator, referral=referral, outcome=outcome)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.outcome == ""


def test_a_referral_is_returned_with_a_reason(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    with pytest.raises(DomainError, match="差戻しの理由を入力してください"):
        services.referral_return(actor=coordinator, referral=referral, reason="  ")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT

    services.referral_return(
        actor=coordinator, referral=referral, reason=" 本人の連絡先が必要です "
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RETURNED
    assert referral.return_reason == "本人の連絡先が必要です"
    assert referral.closed_at is not None
    assert referral.acknowledged_at is None
    assert events(referral)[-1] == ("returned", "coordinator")
    [event] = audited("referral.return", referral)
    assert event.reason == "本人の連絡先が必要です"
    with pytest.raises(DomainError):
        services.referral_acknowledge(actor=coordinator, referral=referral)


def test_an_accepted_referral_may_still_be_returned(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    services.referral_return(actor=coordinator, referral=referral, reason="担当外です")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RETURNED


def test_a_referral_under_way_or_completed_cannot_be_returned(
    zeimu: User, coordinator: User
) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    services.referral_start(actor=coordinator, referral=referral)
    with pytest.raises(DomainError, match="対応を始める前のつなぎだけです"):
        services.referral_return(actor=coordinator, referral=referral, reason="やはり担当外")
    services.referral_complete(actor=coordinator, referral=referral, outcome="to_other_agency")
    with pytest.raises(DomainError, match="対応を始める前のつなぎだけです"):
        services.referral_return(actor=coordinator, referral=referral, reason="やはり担当外")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED and referral.return_reason == ""
    assert not audited("referral.return", referral)


def test_the_receiver_links_the_person(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu, subject_name="鈴木 一郎")
    ichiro = person("鈴木 一郎")
    services.referral_link_person(actor=coordinator, referral=referral, person=ichiro)
    referral.refresh_from_db()
    assert referral.person == ichiro
    assert events(referral)[-1] == ("person_linked", "coordinator")
    [event] = audited("referral.link_person", referral)
    assert event.details == {"person": [None, ichiro.pk]}


def test_a_closed_referral_is_not_linked(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    services.referral_return(actor=coordinator, referral=referral, reason="担当外です")
    with pytest.raises(DomainError, match="完了・差戻し・取り下げ済みのつなぎは変更できません"):
        services.referral_link_person(
            actor=coordinator, referral=referral, person=person("鈴木 一郎")
        )
    referral.refresh_from_db()
    assert referral.person is None


def test_a_consultation_opened_from_a_sheet_puts_it_under_way(
    zeimu: User, coordinator: User
) -> None:
    referral = sheet(zeimu, subject_name="鈴木 一郎")
    ichiro = person("鈴木 一郎")
    consultation = consult(
        coordinator,
        route="sheet",
        consulter_relation="agency",
        person=ichiro,
        household=Household.objects.get(name="鈴木家"),
        referral=referral,
    )
    referral.refresh_from_db()
    assert consultation.referral == referral
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert referral.acknowledged_by == coordinator
    assert referral.person == ichiro
    assert [kind for kind, _ in events(referral)] == [
        "sent",
        "accepted",
        "in_progress",
        "person_linked",
        "consultation",
    ]
    assert referral.events.get(kind="consultation").note == f"相談受付 {consultation.pk}"
    for action in ("referral.acknowledge", "referral.start", "referral.link_person"):
        assert len(audited(action, referral)) == 1


def test_opening_from_an_accepted_referral_does_not_acknowledge_it_again(
    zeimu: User, coordinator: User
) -> None:
    referral = sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=referral)
    consult(coordinator, route="sheet", consulter_relation="agency", referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.IN_PROGRESS
    assert referral.person is None  # nobody to link: the consultation names no one
    assert [kind for kind, _ in events(referral)] == [
        "sent",
        "accepted",
        "in_progress",
        "consultation",
    ]
    assert len(audited("referral.acknowledge", referral)) == 1


def test_no_consultation_is_opened_from_a_returned_referral(zeimu: User, coordinator: User) -> None:
    referral = sheet(zeimu)
    services.referral_return(actor=coordinator, referral=referral, reason="担当外です")
    before = Consultation.objects.count()
    with pytest.raises(
        DomainError, match="完了・差戻し・取り下げ済みのつなぎからは相談受付を作れません"
    ):
        consult(coordinator, referral=referral)
    assert Consultation.objects.count() == before


# --- Overdue ----------------------------------------------------------------------------------


def at(day: str, time: str = "00:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TOKYO)


def is_overdue(sent: dt.datetime, today: str, days: int = 2) -> bool:
    return sent < selectors.overdue_cutoff(dt.date.fromisoformat(today), days)


def test_a_sheet_sent_on_monday_is_due_by_wednesday() -> None:
    # 2026-11-09 is an ordinary Monday: due by the end of Wednesday 11-11.
    monday = at("2026-11-09", "16:45")
    assert selectors.overdue_cutoff(dt.date(2026, 11, 11), 2) == at("2026-11-09")
    assert selectors.overdue_cutoff(dt.date(2026, 11, 12), 2) == at("2026-11-10")
    assert not is_overdue(monday, "2026-11-10")
    assert not is_overdue(monday, "2026-11-11")
    assert is_overdue(monday, "2026-11-12")
    assert is_overdue(at("2026-11-09", "00:00"), "2026-11-12")
    assert not is_overdue(at("2026-11-10", "00:00"), "2026-11-12")


def test_weekends_and_holidays_are_not_counted() -> None:
    # Friday 2026-11-20; 11-21/22 the weekend; 11-23 勤労感謝の日 (a Monday). Business days
    # after Friday: Tue 11-24 (1), Wed 11-25 (2), so it is due by the end of Wednesday.
    friday = at("2026-11-20", "17:00")
    assert not is_overdue(friday, "2026-11-24")
    assert not is_overdue(friday, "2026-11-25")
    assert is_overdue(friday, "2026-11-26")
    # Thursday 11-19 is due on Tuesday 11-24 (Fri 11-20, Tue 11-24).
    assert not is_overdue(at("2026-11-19", "09:00"), "2026-11-24")
    assert is_overdue(at("2026-11-19", "09:00"), "2026-11-25")
    assert selectors.overdue_cutoff(dt.date(2026, 11, 25), 2) == at("2026-11-20")
    # Sent on the weekend or the holiday, it is due like Friday's: Wednesday 11-25.
    assert selectors.overdue_cutoff(dt.date(2026, 11, 26), 2) == at("2026-11-24")
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):
        assert not is_overdue(at(day, "12:00"), "2026-11-25")
        assert is_overdue(at(day, "12:00"), "2026-11-26")


def test_the_new_year_closure_is_not_counted() -> None:
    # Monday 2026-12-28; the office is closed 12-29 to 1-3; due Tuesday 2027-01-05.
    sent = at("2026-12-28", "10:00")
    assert not is_overdue(sent, "2027-01-05")
    assert is_overdue(sent, "2027-01-06")
    assert selectors.overdue_cutoff(dt.date(2027, 1, 6), 2) == at("2027-01-04")


def test_the_number_of_days_comes_from_the_settings(settings: Any) -> None:
    today = dt.date(2026, 11, 12)
    assert selectors.overdue_cutoff(today) == selectors.overdue_cutoff(today, 2)
    settings.KASANE_ACK_BUSINESS_DAYS = 1
    assert selectors.overdue_cutoff(today) == at("2026-11-11")


def test_with_overdue_marks_only_old_unacknowledged_referrals(
    zeimu: User, coordinator: User
) -> None:
    fresh, old, old_acknowledged = sheet(zeimu), sheet(zeimu), sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=old_acknowledged)
    long_ago = timezone.now() - dt.timedelta(days=30)
    Referral.objects.filter(pk__in=[old.pk, old_acknowledged.pk]).update(sent_at=long_ago)
    flags = dict(
        selectors.with_overdue(
            Referral.objects.filter(pk__in=[fresh.pk, old.pk, old_acknowledged.pk])
        ).values_list("pk", "is_overdue")
    )
    assert flags == {fresh.pk: False, old.pk: True, old_acknowledged.pk: False}


def test_the_acknowledgement_due_date(zeimu: User) -> None:
    referral = sheet(zeimu)
    referral.sent_at = at("2026-11-20", "23:30")
    assert selectors.ack_due_date(referral) == dt.date(2026, 11, 25)


# --- Who sees what ----------------------------------------------------------------------------


def test_a_consultation_is_seen_by_its_organization_and_coordination(
    houkatsu: User, outsider: User, coordinator: User, admin: User
) -> None:
    consultation = consult(houkatsu, person=person("鈴木 ハナ"))
    for user in (houkatsu, coordinator):
        assert access.consultation_for_user(user, consultation.pk) == consultation
    with pytest.raises(Http404):
        access.consultation_for_user(outsider, consultation.pk)
    assert not access.consultations_for_user(outsider).filter(pk=consultation.pk).exists()
    with pytest.raises(Http404):  # admins read no consultation (issue 19)
        access.consultation_for_user(admin, consultation.pk)


def test_a_referrer_sees_only_the_status_of_its_own_sheets(zeimu: User, coordinator: User) -> None:
    own = sheet(zeimu)
    others = sheet(User.objects.get(username="suido"))
    with pytest.raises(Http404):
        access.consultations_for_user(zeimu)
    with pytest.raises(Http404):
        access.referrals_received_for_user(zeimu)
    with pytest.raises(Http404):
        access.referral_for_user(zeimu, own.pk)
    sent = access.referrals_sent_by_user(zeimu)
    assert sent.filter(pk=own.pk).exists()
    assert not sent.filter(pk=others.pk).exists()
    assert all(referral.sender == zeimu for referral in sent)
    assert access.referral_for_user(coordinator, own.pk) == own


@pytest.mark.parametrize("username", ["keisatsu", "kansa"])
def test_guests_and_auditors_follow_no_referrals(username: str) -> None:
    with pytest.raises(Http404):
        access.referrals_sent_by_user(User.objects.get(username=username))


def test_case_workers_follow_what_their_organization_sent(
    houkatsu: User, jiritsu: User, outsider: User
) -> None:
    consultation = consult(
        houkatsu, outcome=Outcome.TO_AGENCY, pass_to=jiritsu.organization, consulter_name="本人"
    )
    referral = Referral.objects.get(source_consultation=consultation)
    assert access.referrals_sent_by_user(houkatsu).filter(pk=referral.pk).exists()
    assert not access.referrals_sent_by_user(outsider).filter(pk=referral.pk).exists()
    # The sender follows the status but does not read or act on it; the receiver does.
    with pytest.raises(Http404):
        access.referral_for_user(houkatsu, referral.pk)
    with pytest.raises(Http404):
        access.referral_for_user_rw(outsider, referral.pk)
    assert access.referral_for_user_rw(jiritsu, referral.pk) == referral


def test_coordinators_act_on_referrals_and_admins_do_not_read_them(
    zeimu: User, coordinator: User, admin: User
) -> None:
    referral = sheet(zeimu)
    assert access.referral_for_user_rw(coordinator, referral.pk) == referral
    with pytest.raises(Http404):  # issue 19
        access.referral_for_user(admin, referral.pk)
    with pytest.raises(Http404):
        access.referral_for_user_rw(admin, referral.pk)
