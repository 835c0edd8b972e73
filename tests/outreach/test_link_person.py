"""本人と結び付ける: an unidentified target is linked to a person found with the people search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane import access
from kasane.audit.models import AuditEvent
from kasane.people.models import Person
from tests.builders import demo_person
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db


def _url(target) -> str:
    return reverse("outreach:link_person", args=[target.pk])


def test_the_target_page_offers_the_link_while_unidentified(csw):
    target = unidentified(csw)
    page = client_for(csw).get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert _url(target) in page


def test_it_finds_candidates_with_the_people_search_and_links_one(csw):
    target = unidentified(csw)
    person = demo_person("山本 勇")
    client = client_for(csw)
    page = client.get(_url(target) + "?name=山本").content.decode()
    assert "山本 勇" in page
    assert person.full_kana in page
    assert AuditEvent.objects.filter(actor=csw, action="person.search").exists()
    response = client.post(_url(target), {"person": person.pk})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.person == person
    assert AuditEvent.objects.filter(
        action="outreach.link_person", object_id=str(target.pk)
    ).exists()
    detail = client.get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert _url(target) not in detail
    # Once linked, the page is not offered again.
    assert client.get(_url(target)).status_code == 302


def test_a_restricted_persons_address_is_masked(csw):
    target = unidentified(csw)
    person = demo_person("山本 勇")
    Person.objects.filter(pk=person.pk).update(
        is_restricted=True, address="北町3-2-1 コーポ北町201"
    )
    page = client_for(csw).get(_url(target) + "?name=山本").content.decode()
    assert "山本 勇" in page
    assert "コーポ北町201" not in page
    assert "閲覧制限" in page


def test_a_person_the_user_may_not_see_cannot_be_linked(csw):
    target = unidentified(csw)
    hidden = Person.objects.exclude(pk__in=access.people_for_user(csw).values("pk")).first()
    assert hidden is not None
    page = client_for(csw).get(_url(target) + f"?name={hidden.family_name}{hidden.given_name}")
    assert hidden.full_kana not in page.content.decode()
    assert client_for(csw).post(_url(target), {"person": hidden.pk}).status_code == 404
    target.refresh_from_db()
    assert target.person_id is None


def test_an_outsider_gets_404(csw, outsider):
    target = unidentified(csw)
    person = demo_person("山本 勇")
    assert client_for(outsider).get(_url(target)).status_code == 404
    assert client_for(outsider).post(_url(target), {"person": person.pk}).status_code == 404
    target.refresh_from_db()
    assert target.person_id is None
