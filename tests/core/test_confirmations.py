"""Actions that cannot be undone ask once more, without JavaScript (issue 13 point 7): the first
post changes nothing and answers with a confirmation page that posts the same fields again with
`confirmed=yes`; only that second post acts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import CaseStatus, Evaluation
from kasane.intake import services as intake
from kasane.intake.models import ReferralStatus
from kasane.meetings.models import MeetingStatus
from kasane.organizations.models import Organization
from kasane.people import services as people
from kasane.people.models import Consent, PersonEvent
from tests.builders import case_in_support, demo_person, schedule_meeting, today
from tests.cases.test_evaluations import evaluation_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _asks(client: Client, url: str, data: dict) -> None:
    """The first post: a confirmation page that carries the input and `confirmed=yes`."""
    response = client.post(url, data)
    assert response.status_code == 200, response
    body = response.content.decode()
    assert 'id="confirmation"' in body and "取り消せません" in body
    assert 'name="confirmed" value="yes"' in body
    for name, value in data.items():
        if value:
            assert f'name="{name}" value="{value}"' in body


def test_suspending_a_case_asks_first(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    url = reverse("cases:transition", args=[case.pk])
    data = {"to_status": "suspended", "reason": "連絡が取れない", "occurred_on": ""}
    client = client_for(kosodate)
    _asks(client, url, data)
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT
    assert client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED


def test_an_ordinary_step_does_not_ask(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    url = reverse("cases:transition", args=[case.pk])
    assert client_for(kosodate).post(url, {"to_status": "monitoring"}).status_code == 302


def test_closing_by_evaluation_asks_first(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    url = reverse("cases:evaluation_create", args=[case.pk])
    client = client_for(kosodate)
    first = evaluation_data(case, decision="close")
    del first["confirmed"]
    response = client.post(url, first)
    assert 'id="confirmation"' in response.content.decode()
    assert not Evaluation.objects.filter(case=case).exists()
    client.post(url, evaluation_data(case, decision="close"))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_leaving_the_team_asks_first(kosodate: User, coordinator: User) -> None:
    case = case_in_support(kosodate, coordinator)
    member = cases.team_add(
        actor=coordinator,
        case=case,
        organization=Organization.objects.get(name="重層的支援推進課"),
        role="coordination",
    )
    url = reverse("cases:team_leave", args=[case.pk, member.pk])
    _asks(client_for(kosodate), url, {"left_on": ""})
    member.refresh_from_db()
    assert member.left_on is None


def test_confirming_the_minutes_asks_first(coordinator: User) -> None:
    meeting = schedule_meeting(coordinator)
    url = reverse("meetings:confirm", args=[meeting.pk])
    _asks(client_for(coordinator), url, {"summary": "全体のまとめ"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_cancelling_a_meeting_asks_first(coordinator: User) -> None:
    meeting = schedule_meeting(coordinator)
    url = reverse("meetings:cancel", args=[meeting.pk])
    client = client_for(coordinator)
    _asks(client, url, {"reason": "台風のため"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED
    client.post(url, {"reason": "台風のため", "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_returning_a_referral_asks_first(zeimu: User, coordinator: User) -> None:
    sheet, _ = intake.sheet_submit(
        actor=zeimu,
        subject_name="山田 太郎",
        subject_contact="不明",
        reason="滞納が続いている",
        consent="agreed",
        urgency="normal",
    )
    for name, data in [
        ("return", {"reason": "情報が足りません"}),
        ("complete", {"outcome": "information"}),
    ]:
        _asks(client_for(coordinator), reverse(f"referrals:{name}", args=[sheet.pk]), data)
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.SENT


def test_an_outsider_is_not_asked_but_refused(zeimu: User, outsider: User) -> None:
    sheet, _ = intake.sheet_submit(
        actor=zeimu,
        subject_name="山田 太郎",
        subject_contact="不明",
        reason="滞納が続いている",
        consent="agreed",
        urgency="normal",
    )
    url = reverse("referrals:return", args=[sheet.pk])
    assert client_for(outsider).post(url, {"reason": "x"}).status_code == 404


def test_withdrawing_consent_and_cancelling_an_event_ask_first(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    consent = hana.consents.filter(withdrawn_on__isnull=True).first()
    client = client_for(houkatsu)
    _asks(
        client,
        reverse("people:consent_withdraw", args=[hana.pk, consent.pk]),
        {"withdrawn_on": today().isoformat()},
    )
    assert Consent.objects.get(pk=consent.pk).withdrawn_on is None
    event = people.person_record_event(
        actor=houkatsu, person=hana, kind="moved_out", occurred_on=today(), note="市外へ"
    )
    url = reverse("people:person_event_cancel", args=[hana.pk, event.pk])
    _asks(client, url, {"reason": "誤記"})
    assert PersonEvent.objects.get(pk=event.pk).cancelled_at is None
