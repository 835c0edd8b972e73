"""The sender of a つなぐシート withdraws it (取り下げ) until it is 受理 (issue 13 point 8): after a
confirmation, audited; the receiver then sees 取り下げ and cannot act on it. The sender sees
支援開始 once a case is opened from the sheet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services as cases
from kasane.core.errors import DomainError
from kasane.intake import services
from kasane.intake.models import Referral, ReferralEvent, ReferralStatus
from tests.builders import demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _sheet(actor: User) -> Referral:
    sheet, _ = services.sheet_submit(
        actor=actor,
        subject_name="山田 太郎",
        subject_kana="ヤマダ タロウ",
        subject_contact="デモ市東町1丁目9-9",
        reason="間違えて送ったシート",
        consent="agreed",
        urgency="normal",
    )
    return sheet


def _withdraw_url(sheet: Referral) -> str:
    return reverse("referrals:withdraw", args=[sheet.pk])


def test_the_sender_withdraws_after_a_confirmation(zeimu: User) -> None:
    sheet = _sheet(zeimu)
    client = client_for(zeimu)
    sent_list = client.get(reverse("referrals:sent_list")).content.decode()
    assert _withdraw_url(sheet) in sent_list

    asked = client.post(_withdraw_url(sheet))
    assert asked.status_code == 200
    assert 'id="confirmation"' in asked.content.decode()
    assert 'name="confirmed" value="yes"' in asked.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.SENT  # nothing changed yet

    done = client.post(_withdraw_url(sheet), {"confirmed": "yes"})
    assert done.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.WITHDRAWN and not sheet.is_open
    assert sheet.events.filter(kind=ReferralEvent.Kind.WITHDRAWN, actor=zeimu).exists()
    assert AuditEvent.objects.filter(
        action="referral.withdraw", actor=zeimu, object_id=str(sheet.pk)
    ).exists()
    sent_list = client.get(reverse("referrals:sent_list")).content.decode()
    assert "取り下げ" in sent_list and _withdraw_url(sheet) not in sent_list


def test_the_receiver_sees_it_withdrawn_and_cannot_act(zeimu: User, coordinator: User) -> None:
    sheet = _sheet(zeimu)
    services.referral_withdraw(actor=zeimu, referral=sheet)
    client = client_for(coordinator)
    page = client.get(reverse("referrals:detail", args=[sheet.pk])).content.decode()
    assert "取り下げ" in page
    assert reverse("referrals:acknowledge", args=[sheet.pk]) not in page
    client.post(reverse("referrals:acknowledge", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.WITHDRAWN
    with pytest.raises(DomainError, match="取り下げ"):
        services.referral_link_person(
            actor=coordinator, referral=sheet, person=demo_person("田中 由美")
        )
    yumi = demo_person("田中 由美")
    with pytest.raises(DomainError, match="取り下げ"):
        cases.case_open(
            actor=coordinator,
            main_person=yumi,
            household=None,
            programs=["coordination"],
            lead_organization=yumi.organization,
            referral=sheet,
        )


def test_a_sheet_once_accepted_cannot_be_withdrawn(zeimu: User, coordinator: User) -> None:
    sheet = _sheet(zeimu)
    services.referral_acknowledge(actor=coordinator, referral=sheet)
    assert (
        _withdraw_url(sheet)
        not in client_for(zeimu).get(reverse("referrals:sent_list")).content.decode()
    )
    response = client_for(zeimu).post(_withdraw_url(sheet), {"confirmed": "yes"}, follow=True)
    assert "受け手が受理したシートは取り下げられません" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.ACCEPTED


def test_only_the_one_who_sent_it_withdraws(zeimu: User, chiiki: User) -> None:
    sheet = _sheet(zeimu)
    assert client_for(chiiki).post(_withdraw_url(sheet), {"confirmed": "yes"}).status_code == 404
    with pytest.raises(DomainError):
        services.referral_withdraw(actor=chiiki, referral=sheet)
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.SENT


def test_the_sender_sees_support_started_when_a_case_is_opened(
    zeimu: User, coordinator: User
) -> None:
    sheet = _sheet(zeimu)
    yumi = demo_person("田中 由美")
    services.referral_link_person(actor=coordinator, referral=sheet, person=yumi)
    case = cases.case_open(
        actor=coordinator,
        main_person=yumi,
        household=None,
        programs=["coordination"],
        lead_organization=yumi.organization,
        referral=sheet,
    )
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.IN_PROGRESS  # accepted and under way
    assert sheet.status_label == "支援開始"
    assert sheet.events.filter(kind=ReferralEvent.Kind.CASE_OPENED).get().note == (
        f"ケース番号 {case.pk}"
    )
    row = client_for(zeimu).get(reverse("referrals:sent_list")).content.decode()
    assert 'data-status="in_progress">支援開始<' in row
