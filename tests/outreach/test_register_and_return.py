"""本人と結び付ける → 新しく本人を登録する: registering the person brings the worker back to the
target's link page with the new person chosen; a `next` to another site is refused."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.core.http import internal_path
from kasane.people.models import Person
from tests.builders import new_key
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db


def _person(**values: str) -> dict[str, str]:
    return {
        "submission_key": new_key(),
        "family_name": "北野",
        "given_name": "一男",
        "family_kana": "きたの",
        "given_kana": "かずお",
        "birth_date": "S20.5.5",
        "sex": "male",
        "address": "デモ市北町3丁目2-1",
        "nationality": "日本",
        **values,
    }


def _link(target) -> str:
    return reverse("outreach:link_person", args=[target.pk])


def test_the_link_page_offers_to_register_and_come_back(csw):
    target = unidentified(csw)
    page = client_for(csw).get(_link(target) + "?name=北野").content.decode()
    expected = (
        reverse("people:person_create") + "?" + urlencode({"name": "北野", "next": _link(target)})
    )
    assert expected.replace("&", "&amp;") in page


def test_registering_returns_to_the_link_page_with_the_person_chosen(csw):
    target = unidentified(csw)
    client = client_for(csw)
    create = reverse("people:person_create") + "?" + urlencode({"next": _link(target)})
    response = client.post(create, _person())
    person = Person.objects.get(family_name="北野", given_name="一男")
    assert response.status_code == 302
    assert response["Location"] == f"{_link(target)}?person={person.pk}"
    page = client.get(response["Location"]).content.decode()
    assert 'id="chosen-person"' in page
    assert f'name="person" value="{person.pk}"' in page
    assert AuditEvent.objects.filter(
        action="person.view", object_id=str(person.pk), details__page="outreach_link"
    ).exists()
    assert client.post(_link(target), {"person": person.pk}).status_code == 302
    target.refresh_from_db()
    assert target.person == person


@pytest.mark.parametrize(
    "elsewhere",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:/evil", "javascript:x"],
)
def test_a_next_to_another_site_is_refused(csw, elsewhere):
    create = reverse("people:person_create") + "?" + urlencode({"next": elsewhere})
    response = client_for(csw).post(create, _person())
    person = Person.objects.get(family_name="北野", given_name="一男")
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert internal_path(elsewhere) == ""


def test_a_person_the_worker_may_not_see_is_not_shown(csw):
    from tests.builders import demo_person

    target = unidentified(csw)
    hidden = demo_person("小川 キヨ")
    response = client_for(csw).get(f"{_link(target)}?person={hidden.pk}")
    assert response.status_code == 404
