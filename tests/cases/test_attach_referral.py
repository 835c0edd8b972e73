"""A referral made from a consultation about a registered person arrives linked to that person,
and a つなぐシート about someone who already has a case is attached to that case by its
receiver, audited (issue 13 point 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import CaseReferral
from kasane.intake import services as intake
from kasane.intake.models import Referral, ReferralEvent, ReferralStatus
from tests.builders import demo_case, demo_issue_code, demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _sheet_about(zeimu: User, coordinator: User, name: str) -> Referral:
    sheet, _ = intake.sheet_submit(
        actor=zeimu,
        subject_name=name,
        subject_kana="",
        subject_contact="デモ市東町1丁目2-3",
        reason="納税相談で、母の介護が大変だと話していた。",
        consent="agreed",
        urgency="normal",
    )
    return sheet


def test_a_referral_from_a_consultation_arrives_linked(houkatsu: User, coordinator: User) -> None:
    hana = demo_person("鈴木 ハナ")
    now = timezone.localtime() - dt.timedelta(minutes=10)
    client_for(houkatsu).post(
        reverse("consultations:create") + f"?person={hana.pk}",
        {
            "received_on": now.date().isoformat(),
            "received_time": now.strftime("%H:%M"),
            "route": "phone",
            "consulter_relation": "self",
            "summary": "息子のことも含めて相談したい。",
            "issues": [demo_issue_code("介護").pk],
            "main_issue": demo_issue_code("介護").pk,
            "urgency": "normal",
            "consent": "oral",
            "outcome": "to_coordination",
        },
    )
    referral = Referral.objects.filter(source_consultation__person=hana).latest("pk")
    assert referral.person == hana
    assert referral.events.filter(kind=ReferralEvent.Kind.PERSON_LINKED).exists()
    page = client_for(coordinator).get(reverse("referrals:detail", args=[referral.pk]))
    body = page.content.decode()
    assert "まだ結び付けていません" not in body
    assert reverse("people:person_detail", args=[hana.pk]) in body


def test_an_agency_that_may_not_open_the_record_gets_it_unlinked(houkatsu: User) -> None:
    """西地域包括 is on no team of ハナ's: it links a record of its own, as before."""
    from kasane.intake.models import Outcome
    from kasane.organizations.models import Organization

    hana = demo_person("鈴木 ハナ")
    consultation = intake.consultation_create(
        actor=houkatsu,
        person=hana,
        received_at=timezone.now() - dt.timedelta(minutes=5),
        route="phone",
        consulter_relation="self",
        summary="西の地域に転居を考えている。",
        consent="oral",
        outcome=Outcome.TO_AGENCY,
        pass_to=Organization.objects.get(name="西地域包括支援センター"),
    )
    assert consultation.referrals_sent.get().person is None


def test_the_receiver_attaches_a_sheet_to_the_existing_case(zeimu: User, coordinator: User) -> None:
    """A sheet about 鈴木 一郎, linked by the coordinator: the page offers 鈴木家's case; attaching
    puts the sheet under way, records it on both sides and audits it."""
    sheet = _sheet_about(zeimu, coordinator, "鈴木 一郎")
    intake.referral_link_person(actor=coordinator, referral=sheet, person=demo_person("鈴木 一郎"))
    case = demo_case("鈴木家")
    client = client_for(coordinator)
    page = client.get(reverse("referrals:detail", args=[sheet.pk])).content.decode()
    attach_url = reverse("cases:referral_attach", args=[case.pk])
    assert attach_url in page and "支援中のケースがあります" in page

    response = client.post(attach_url, {"referral": sheet.pk})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.IN_PROGRESS
    assert CaseReferral.objects.filter(case=case, referral=sheet).exists()
    assert sheet.events.filter(kind=ReferralEvent.Kind.CASE_ATTACHED).exists()
    assert AuditEvent.objects.filter(
        action="referral.attach_case", object_id=str(sheet.pk), actor=coordinator
    ).exists()
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("referrals:detail", args=[sheet.pk]) in case_page
    again = client.get(reverse("referrals:detail", args=[sheet.pk])).content.decode()
    assert f"ケース番号 {case.pk}" in again and attach_url not in again
    # The sender still sees only the status.
    sent = client_for(zeimu).get(reverse("referrals:sent_list")).content.decode()
    assert f"ケース番号 {case.pk}" not in sent


def test_an_unlinked_sheet_is_linked_to_the_main_person_when_attached(
    zeimu: User, coordinator: User
) -> None:
    sheet = _sheet_about(zeimu, coordinator, "鈴木 ハナ")
    case = demo_case("鈴木家")
    client_for(coordinator).post(
        reverse("cases:referral_attach", args=[case.pk]), {"referral": sheet.pk}
    )
    sheet.refresh_from_db()
    assert sheet.person_id == case.main_person_id


def test_a_sheet_about_someone_else_is_not_attached(zeimu: User, coordinator: User) -> None:
    sheet = _sheet_about(zeimu, coordinator, "田中 由美")
    intake.referral_link_person(actor=coordinator, referral=sheet, person=demo_person("田中 由美"))
    case = demo_case("鈴木家")
    client_for(coordinator).post(
        reverse("cases:referral_attach", args=[case.pk]), {"referral": sheet.pk}
    )
    assert not CaseReferral.objects.filter(referral=sheet).exists()


def test_only_the_receiver_on_the_team_attaches(
    zeimu: User, coordinator: User, houkatsu: User, outsider: User
) -> None:
    """houkatsu is on the case but did not receive the sheet; outsider is on neither: 404."""
    sheet = _sheet_about(zeimu, coordinator, "鈴木 ハナ")
    case = demo_case("鈴木家")
    for user in (houkatsu, outsider, zeimu):
        response = client_for(user).post(
            reverse("cases:referral_attach", args=[case.pk]), {"referral": sheet.pk}
        )
        assert response.status_code == 404
    assert not CaseReferral.objects.filter(referral=sheet).exists()
