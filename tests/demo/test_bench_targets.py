"""`manage.py bench_targets`: the pages `make bench` times, each answering 200 for its user."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.demo.generators.cases import generate_cases
from kasane.demo.generators.intake import generate_consultations
from kasane.demo.generators.people import (
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.people.models import Household, Person
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

MIX_GROUPS = {"home", "search", "case", "list", "audit"}


@pytest.fixture
def generated() -> None:
    """A few generated rows beside デモ市, as `bench_data` makes at scale."""
    generate_people(
        count=200,
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=7,
        households=True,
    )
    generate_consultations(40, seed=7)
    generate_cases(20, seed=7)


def _targets() -> dict:
    out = StringIO()
    call_command("bench_targets", stdout=out)
    return json.loads(out.getvalue())


def _client(username: str) -> Client:
    return client_for(User.objects.get(username=username)) if username else Client()


def test_it_prints_users_pages_and_counts(generated: None) -> None:
    targets = _targets()
    pages = targets["pages"]
    names = [page["name"] for page in pages]
    assert len(names) == len(set(names))
    assert names[0] == "healthz"
    assert {"person", "household", "case", "meeting", "cases", "audit_action"} <= set(names)
    assert set(targets["users"]) == {page["user"] for page in pages if page["user"]}
    assert {page["mix"] for page in pages} - {None} == MIX_GROUPS
    assert targets["password"]
    assert targets["counts"]["people"] == Person.objects.count()
    assert set(targets["counts"]) >= {"people", "cases", "case_notes", "audit_events"}


def test_it_chooses_generated_records(generated: None) -> None:
    urls = {page["name"]: page["url"] for page in _targets()["pages"]}
    person = Person.objects.get(pk=int(urls["person"].strip("/").split("/")[-1]))
    household = Household.objects.get(pk=int(urls["household"].strip("/").split("/")[-1]))
    case = Case.objects.get(pk=int(urls["case"].strip("/").split("/")[-1]))
    assert person.created_by_id is None
    assert household.created_by_id is None
    assert case.created_by_id is None
    assert urls["search_houkatsu"] == "/people/?name=%E4%BD%90%E8%97%A4"


def test_every_page_answers_200_for_its_user(generated: None) -> None:
    for page in _targets()["pages"]:
        response = _client(page["user"]).get(page["url"])
        assert response.status_code == 200, page


def test_the_coordinator_opens_the_case_workers_records_too(generated: None) -> None:
    pages = [page for page in _targets()["pages"] if page["user"] == "houkatsu"]
    coordinator = _client("coordinator")
    for page in pages:
        assert coordinator.get(page["url"]).status_code == 200, page


def test_it_works_on_the_demo_city_alone() -> None:
    pages = _targets()["pages"]
    assert all(_client(page["user"]).get(page["url"]).status_code == 200 for page in pages)


@override_settings(KASANE_ENV="production", PRODUCTION=True)
def test_it_is_refused_in_production() -> None:
    with pytest.raises(CommandError, match="KASANE_ENV=production"):
        call_command("bench_targets", stdout=StringIO())


def test_it_prints_backup_codes_for_the_enrolled_auditor_each_signing_in_once() -> None:
    """`kansa` is enrolled in 2段階認証: the driver's sessions of kansa sign in with the codes
    printed here, one each, through the real login and code pages."""
    codes = _targets()["backup_codes"]
    assert set(codes) == {"kansa"}
    assert len(set(codes["kansa"])) == 200
    code = codes["kansa"][0]
    for expected in ("/", "/login/code/"):
        client = Client()
        answer = client.post(
            "/login/", {"username": "kansa", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
        )
        assert answer.status_code == 302
        assert client.get("/login/code/").status_code == 200  # the second step is owed
        answer = client.post("/login/code/", {"code": code}, REMOTE_ADDR="10.0.0.9")
        assert answer.status_code in (302, 400)
        landed = answer["Location"] if answer.status_code == 302 else "/login/code/"
        assert landed.split("?")[0] == expected  # the second use of the code is refused
