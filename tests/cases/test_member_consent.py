"""A household member's record opens to a team organisation only on that member's own consent
(or a 支援会議 decision recorded on the membership); otherwise every page shows them as
「同意のない世帯員」 with no details (issue 21 point 1)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases import services
from kasane.cases.models import AssessmentEntry, TeamRole
from kasane.meetings import services as meetings
from kasane.meetings.models import Meeting, MeetingKind, Purpose
from kasane.organizations.models import Organization
from kasane.people import services as people
from kasane.people.models import Household
from tests.builders import demo_case, demo_person, new_key, schedule_meeting
from tests.cases.test_printouts import pdf_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

WITHHELD = "同意のない世帯員"
# What would tell who 鈴木 一郎 is: his name, kana and birth date (和暦 and 西暦).
ICHIRO_DETAILS = ("鈴木 一郎", "イチロウ", "昭和46年8月3日", "1971")


def _west_joins_suzuki(houkatsu: User) -> None:
    """The issue's step: houkatsu adds 西地域包括 to 鈴木家's team, as agency."""
    west = Organization.objects.get(name="西地域包括支援センター")
    case = demo_case("鈴木家")
    response = client_for(houkatsu).post(
        reverse("cases:team_add", args=[case.pk]),
        {"submission_key": new_key(), "organization": west.pk, "role": TeamRole.AGENCY},
    )
    assert response.status_code == 302  # ハナ's consent covers every organisation
    assert case.team.filter(organization=west, left_on__isnull=True).exists()


def _assert_no_ichiro(body: str) -> None:
    for detail in ICHIRO_DETAILS:
        assert detail not in body, detail


def test_a_team_organisation_does_not_read_a_member_without_consent(
    houkatsu: User, outsider: User
) -> None:
    """The issue's steps: after 西地域包括 joins, 森 (outsider) reads 鈴木 ハナ, who consented,
    but gets 404 on 鈴木 一郎 and sees him nowhere: household page, case page, assessment, the
    case summary and assessment PDFs."""
    _west_joins_suzuki(houkatsu)
    case = demo_case("鈴木家")
    hana, ichiro = demo_person("鈴木 ハナ"), demo_person("鈴木 一郎")
    household = Household.objects.get(name="鈴木家")
    client = client_for(outsider)

    assert client.get(reverse("people:person_detail", args=[hana.pk])).status_code == 200
    assert client.get(reverse("people:person_detail", args=[ichiro.pk])).status_code == 404

    household_page = client.get(reverse("people:household_detail", args=[household.pk]))
    assert household_page.status_code == 200
    body = household_page.content.decode()
    assert "鈴木 ハナ" in body and WITHHELD in body
    _assert_no_ichiro(body)
    assert reverse("people:person_detail", args=[ichiro.pk]) not in body

    households = client.get(reverse("people:household_list"), {"q": "鈴木家"}).content.decode()
    assert WITHHELD in households
    _assert_no_ichiro(households)

    case_page = client.get(reverse("cases:detail", args=[case.pk]))
    assert case_page.status_code == 200
    _assert_no_ichiro(case_page.content.decode())

    assessment = client.get(reverse("cases:assessment", args=[case.pk])).content.decode()
    assert WITHHELD in assessment
    _assert_no_ichiro(assessment)
    entry = case.assessments.first().entries.get(person=ichiro)
    if entry.wishes:
        assert entry.wishes not in assessment

    for name in ("cases:print_summary", "cases:print_assessment"):
        text = pdf_text(client.get(reverse(name, args=[case.pk])))
        assert WITHHELD in text, name
        _assert_no_ichiro(text)


def test_the_member_s_own_consent_opens_the_record(houkatsu: User, outsider: User) -> None:
    _west_joins_suzuki(houkatsu)
    ichiro = demo_person("鈴木 一郎")
    west = Organization.objects.get(name="西地域包括支援センター")
    people.consent_record(
        actor=houkatsu,
        person=ichiro,
        given_on=timezone.localdate(),
        method="oral",
        all_organizations=False,
        organizations=[west],
    )
    client = client_for(outsider)
    assert client.get(reverse("people:person_detail", args=[ichiro.pk])).status_code == 200
    household = Household.objects.get(name="鈴木家")
    body = client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "鈴木 一郎" in body and WITHHELD not in body


def test_a_consent_naming_another_organisation_does_not_open_it(
    houkatsu: User, outsider: User
) -> None:
    _west_joins_suzuki(houkatsu)
    ichiro = demo_person("鈴木 一郎")
    people.consent_record(
        actor=houkatsu,
        person=ichiro,
        given_on=timezone.localdate(),
        method="oral",
        all_organizations=False,
        organizations=[Organization.objects.get(name="自立相談支援機関")],
    )
    assert not access.may_see_person(outsider, ichiro.pk)


def test_a_support_meeting_decision_on_the_membership_opens_every_member(
    coordinator: User, outsider: User
) -> None:
    """Joining on a 支援会議 decision (recorded on the membership) shares without consent."""
    west = Organization.objects.get(name="西地域包括支援センター")
    case = demo_case("鈴木家")
    meeting = Meeting.objects.filter(kind=MeetingKind.SUPPORT).first()
    services.team_add(
        actor=coordinator, case=case, organization=west, role=TeamRole.AGENCY, meeting=meeting
    )
    assert access.may_see_person(outsider, demo_person("鈴木 一郎").pk)


def test_the_registering_organisation_and_coordinators_see_every_member(
    houkatsu: User, coordinator: User
) -> None:
    ichiro = demo_person("鈴木 一郎")
    assert access.may_see_person(houkatsu, ichiro.pk)
    assert access.may_see_person(coordinator, ichiro.pk)


def test_the_team_already_on_the_case_loses_the_member_without_consent(jiritsu: User) -> None:
    """自立相談支援機関 was on 鈴木家's team from the start: ハナ's consent never covered 一郎."""
    ichiro = demo_person("鈴木 一郎")
    assert not access.may_see_person(jiritsu, ichiro.pk)
    assert access.may_see_person(jiritsu, demo_person("鈴木 ハナ").pk)


def test_saving_the_assessment_keeps_the_withheld_member_s_entry(jiritsu: User) -> None:
    """The form shows no fields for 一郎; the new version carries his entry over unchanged,
    and a post that names him is refused."""
    case = demo_case("鈴木家")
    ichiro = demo_person("鈴木 一郎")
    latest = case.assessments.first()
    before = latest.entries.get(person=ichiro)
    client = client_for(jiritsu)
    form = client.get(reverse("cases:assessment_edit", args=[case.pk]))
    assert form.status_code == 200
    _assert_no_ichiro(form.content.decode())
    hana = demo_person("鈴木 ハナ")
    services.assessment_save(
        actor=jiritsu,
        case=case,
        based_on=latest.version,
        assessed_on=timezone.localdate(),
        household_view="見直し",
        worker_view="",
        urgency=latest.urgency,
        entries=[{"person": hana, "wishes": "家で暮らしたい"}],
    )
    after = AssessmentEntry.objects.get(assessment=case.assessments.first(), person=ichiro)
    assert (after.wishes, after.notes, set(after.issues.all())) == (
        before.wishes,
        before.notes,
        set(before.issues.all()),
    )
    with pytest.raises(Exception, match="同意がない世帯員"):
        services.assessment_save(
            actor=jiritsu,
            case=case,
            based_on=latest.version + 1,
            assessed_on=timezone.localdate(),
            household_view="",
            worker_view="",
            urgency=latest.urgency,
            entries=[{"person": ichiro, "wishes": "書き換え"}],
        )


def test_a_withdrawal_does_not_end_a_membership_a_support_meeting_decided(
    coordinator: User, houkatsu: User
) -> None:
    west = Organization.objects.get(name="西地域包括支援センター")
    case = demo_case("鈴木家")
    meeting = Meeting.objects.filter(kind=MeetingKind.SUPPORT).first()
    services.team_add(
        actor=coordinator, case=case, organization=west, role=TeamRole.AGENCY, meeting=meeting
    )
    hana = demo_person("鈴木 ハナ")
    people.consent_withdraw(
        actor=houkatsu,
        consent=hana.consents.get(withdrawn_on__isnull=True),
        withdrawn_on=timezone.localdate(),
    )
    assert case.team.filter(organization=west, left_on__isnull=True).exists()


def test_a_jusou_meeting_hides_a_member_whose_consent_was_withdrawn(
    coordinator: User, kosodate: User, outsider: User
) -> None:
    """田中家 is on a 重層的支援会議 (everyone consented); 陽斗's consent is withdrawn afterwards:
    the participants read the item with him as 「同意のない世帯員」, the coordinator still
    sees him."""
    case = demo_case("田中家")
    meeting = schedule_meeting(coordinator, MeetingKind.JUSOU, title="重層的支援会議（同意）")
    meetings.participant_add(actor=coordinator, meeting=meeting, user=outsider)
    item = meetings.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE)
    haruto = demo_person("田中 陽斗")
    people.consent_withdraw(
        actor=kosodate, consent=haruto.consents.get(), withdrawn_on=timezone.localdate()
    )
    url = reverse("meetings:item", args=[meeting.pk, item.pk])
    guest = client_for(outsider).get(url).content.decode()
    assert "田中 由美" in guest and WITHHELD in guest and "田中 陽斗" not in guest
    assert "田中 陽斗" in client_for(coordinator).get(url).content.decode()
