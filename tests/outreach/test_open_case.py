"""ケースを開く from a target linked to a person: the case opening form and rules (`case_open`),
then the target records the case and reaches 相談・支援につながった, in one transaction."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane import access
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case
from kasane.organizations.models import Organization
from kasane.outreach import services
from tests.builders import demo_person, new_key, today
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db


def _linked(csw):
    target = unidentified(csw)
    services.target_link_person(actor=csw, target=target, person=demo_person("山本 勇"))
    target.refresh_from_db()
    return target


def _url(target) -> str:
    return reverse("outreach:open_case", args=[target.pk])


def _data(organization_id: int) -> dict[str, object]:
    return {
        "submission_key": new_key(),
        "opened_on": today().isoformat(),
        "programs": ["coordination"],
        "lead_organization": organization_id,
        "summary": "訪問を重ねて相談につながった",
    }


def test_the_target_page_offers_it_once_linked(csw):
    target = unidentified(csw)
    detail = reverse("outreach:detail", args=[target.pk])
    assert _url(target) not in client_for(csw).get(detail).content.decode()
    assert client_for(csw).get(_url(target)).status_code == 302  # not identified yet
    services.target_link_person(actor=csw, target=target, person=demo_person("山本 勇"))
    assert _url(target) in client_for(csw).get(detail).content.decode()


def test_it_opens_one_case_links_it_and_the_stage_moves(csw, coordinator):
    target = _linked(csw)
    person = demo_person("山本 勇")
    client = client_for(coordinator)
    page = client.get(_url(target)).content.decode()
    assert "山本 勇" in page and "新聞が何日もたまっている" in page
    data = _data(person.organization_id)
    response = client.post(_url(target), data)
    case = Case.objects.get(main_person=person, created_by=coordinator)
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    target.refresh_from_db()
    assert target.case == case
    assert target.stage == "connected"
    assert target.person == person
    assert AuditEvent.objects.filter(action="outreach.case_opened", object_id=str(target.pk))
    client.post(_url(target), data)  # the same post again opens nothing more
    assert Case.objects.filter(main_person=person, created_by=coordinator).count() == 1
    detail = client.get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in detail
    assert _url(target) not in detail
    assert client.get(_url(target)).status_code == 302  # a second case is not opened from it


def test_a_refused_case_open_saves_nothing(csw, coordinator):
    target = _linked(csw)
    person = demo_person("山本 勇")
    uncovered = next(
        organization
        for organization in Organization.objects.active().exclude(pk=person.organization_id)
        if not access.consent_covers(person, organization)
    )
    before = Case.objects.count()
    response = client_for(coordinator).post(_url(target), _data(uncovered.pk))
    assert response.status_code == 200
    assert "同意" in response.content.decode()
    assert Case.objects.count() == before
    target.refresh_from_db()
    assert target.case_id is None
    assert target.stage == "known"


def test_an_outsider_gets_404(csw, outsider):
    target = _linked(csw)
    before = Case.objects.count()
    client = client_for(outsider)
    assert client.get(_url(target)).status_code == 404
    assert client.post(_url(target), _data(outsider.organization_id)).status_code == 404
    assert Case.objects.count() == before
