"""参加支援's list: the matches of the cases the user may see (another organisation sees none of
them), by stage, or only those with a follow-up due; audited with the people shown; its
queries do not grow with rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from tests.builders import demo_person
from tests.conftest import client_for, queries_for
from tests.participation.helpers import demo_service, started, tanaka

pytestmark = pytest.mark.django_db
URL = reverse("participation:list")


def listed(user, query: str = "") -> str:
    response = client_for(user).get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_matches_of_the_cases_one_may_see(sanka, houkatsu, outsider, coordinator):
    for user in (sanka, coordinator):
        body = listed(user)
        assert "田中 由美さん" in body and "原田 康平さん" in body
    body = listed(houkatsu)
    assert "田中 由美さん" in body and "原田 康平さん" not in body
    body = listed(outsider)
    assert "田中 由美さん" not in body and "原田 康平さん" not in body


def test_it_filters_by_stage_and_due_follow_ups(sanka):
    body = listed(sanka, "?stage=visit")
    assert "原田 康平さん" in body and "田中 由美さん" not in body
    body = listed(sanka, "?stage=open&due=on")
    assert "田中 由美さん" in body and "原田 康平さん" not in body
    assert "1か月後のフォローアップ" in body


def test_the_list_is_audited_with_the_people_shown(sanka):
    listed(sanka)
    event = AuditEvent.objects.filter(actor=sanka, action="participation.list").latest("pk")
    people = set(event.people.values_list("person_id", flat=True))
    assert {demo_person("田中 由美").pk, demo_person("原田 康平").pk} <= people


def test_the_list_does_not_grow_with_rows(sanka):
    client = client_for(sanka)
    urls = [URL, URL + "?stage=all", URL + "?due=on"]
    before = [queries_for(client, url) for url in urls]
    case, person = tanaka()
    for name in ("西町ふれあいサロン", "にしまち子ども食堂", "みどりの居場所「木かげ」"):
        started(sanka, 40, case=case, person=person, service=demo_service(name))
    assert [queries_for(client, url) for url in urls] == before
