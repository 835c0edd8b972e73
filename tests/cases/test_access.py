"""What a case team may and may not do with the case's people, and how consent bounds the
team: a team reads its case's people but does not edit them; withdrawing consent ends the
access that rested on it; a co-resident's shared address stays masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases import services
from kasane.cases.models import Case, CaseStatus, TeamRole
from kasane.core.errors import DomainError, version_of
from kasane.organizations.models import Organization
from kasane.people import services as people
from kasane.people.models import Household
from tests.builders import demo_case, demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_team_reads_the_people_of_its_case_but_does_not_edit_them(jiritsu: User) -> None:
    """自立相談支援機関 is on the 鈴木家 team; 東地域包括 registered the family."""
    hana = demo_person("鈴木 ハナ")
    household = Household.objects.get(name="鈴木家")
    client = client_for(jiritsu)
    page = client.get(reverse("people:person_detail", args=[hana.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for url in (
        reverse("people:person_edit", args=[hana.pk]),
        reverse("people:consent_create", args=[hana.pk]),
        reverse("people:person_event_create", args=[hana.pk]),
        reverse("people:person_restrict", args=[hana.pk]),
    ):
        assert url not in body, url  # no controls that would answer 404
    household_page = client.get(reverse("people:household_detail", args=[household.pk]))
    assert household_page.status_code == 200
    assert (
        reverse("people:household_edit", args=[household.pk]) not in household_page.content.decode()
    )
    for url in (
        reverse("people:person_edit", args=[hana.pk]),
        reverse("people:consent_withdraw", args=[hana.pk, hana.consents.first().pk]),
        reverse("people:person_restrict", args=[hana.pk]),
        reverse("people:household_edit", args=[household.pk]),
        reverse("people:member_add", args=[household.pk]),
    ):
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url).status_code == 404, url
    assert hana.consents.filter(withdrawn_on__isnull=True).exists()


def test_withdrawing_consent_ends_the_team_access_that_rested_on_it(
    houkatsu: User, jiritsu: User
) -> None:
    case = demo_case("鈴木家")
    hana = case.main_person
    assert access.cases_for_user(jiritsu).filter(pk=case.pk).exists()
    for consent in hana.consents.filter(withdrawn_on__isnull=True):
        people.consent_withdraw(actor=houkatsu, consent=consent, withdrawn_on=timezone.localdate())
    assert not access.cases_for_user(jiritsu).filter(pk=case.pk).exists()
    assert client_for(jiritsu).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    # The registering organisation (主担当) and coordination stay; the history is kept.
    current = case.team.filter(left_on__isnull=True)
    assert {m.organization.name for m in current} == {"東地域包括支援センター", "重層的支援推進課"}
    assert case.team.filter(organization=jiritsu.organization, left_on__isnull=False).exists()


def test_only_a_coordination_organisation_joins_as_coordination(houkatsu: User) -> None:
    west = Organization.objects.get(name="西地域包括支援センター")
    with pytest.raises(DomainError, match="多機関協働事業を担う機関"):
        services.team_add(
            actor=houkatsu, case=demo_case("鈴木家"), organization=west, role=TeamRole.COORDINATION
        )


def test_the_lead_needs_consent_unless_it_registered_the_person(coordinator: User) -> None:
    isamu = demo_person("山本 勇")  # no consent
    west = Organization.objects.get(name="西地域包括支援センター")
    with pytest.raises(DomainError, match="同意"):
        services.case_open(
            actor=coordinator,
            main_person=isamu,
            household=None,
            programs=["outreach"],
            lead_organization=west,
        )


def test_the_lead_cannot_simply_leave(houkatsu: User) -> None:
    lead = demo_case("鈴木家").team.get(role=TeamRole.LEAD, left_on__isnull=True)
    with pytest.raises(DomainError, match="主担当は離脱できません"):
        services.team_leave(actor=houkatsu, member=lead)


def test_an_ended_case_keeps_its_record_except_the_follow_up(coordinator: User) -> None:
    case = Case.objects.get(status=CaseStatus.CLOSED, household__name="小川家")
    summary = case.summary
    follow_up = timezone.localdate() + dt.timedelta(days=30)
    services.case_update(
        actor=coordinator,
        case=case,
        loaded_at=version_of(case.updated_at),
        summary="書き換え",
        programs=["outreach"],
        follow_up_on=follow_up,
    )
    case.refresh_from_db()
    assert (case.summary, case.follow_up_on) == (summary, follow_up)
    with pytest.raises(DomainError, match="終了したケース"):
        services.note_add(
            actor=coordinator,
            case=case,
            written_on=timezone.localdate(),
            method="phone",
            content="電話",
        )


def test_a_co_residents_shared_address_is_masked_on_the_person_page(
    kosodate: User, houkatsu: User
) -> None:
    """トシ becomes restricted; her daughter 由美 lives with her: the team member from
    東地域包括 no longer sees their shared address on 由美's page."""
    toshi, yumi = demo_person("田中 トシ"), demo_person("田中 由美")
    page = client_for(houkatsu).get(reverse("people:person_detail", args=[yumi.pk]))
    assert yumi.address in page.content.decode()
    people.person_restrict(
        actor=kosodate, person=toshi, since=timezone.localdate(), reason="DV等支援措置"
    )
    page = client_for(houkatsu).get(reverse("people:person_detail", args=[yumi.pk]))
    assert yumi.address not in page.content.decode()
    assert yumi.phone not in page.content.decode()
