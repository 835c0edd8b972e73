"""Matching: Kasane proposes the open services that fit the person — of the categories the
wishes look for, meeting on a day they can go, near home, for their age, accepting now — and
the coordinator chooses one (a match, 提案). The page's queries do not grow with the
directory."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.demo.generators.resources import generate_resources
from kasane.organizations.models import Area
from kasane.participation import selectors
from kasane.participation.models import Match, Stage
from kasane.resources.models import ServiceCategory, Status
from tests.conftest import client_for, queries_for
from tests.participation.helpers import BAKERY, WAREHOUSE, demo_service, harada

pytestmark = pytest.mark.django_db


def fitting(user, **changes):
    criteria = {
        "categories": list(ServiceCategory.objects.filter(code="work_experience")),
        "weekdays": ["1"],  # 火
        "area": Area.objects.get(name="南圏域"),
        "age": 45,
        "accepting": True,
    }
    criteria.update(changes)
    return {service.name for service in selectors.proposals(user, **criteria)}


def test_the_bakery_fits_harada_kohei(sanka):
    assert BAKERY in fitting(sanka)


@pytest.mark.parametrize(
    "changes",
    [
        {"categories": "ibasho"},
        {"weekdays": ["0", "2"]},
        {"age": 12},
        {"area": "北圏域"},
    ],
)
def test_what_does_not_fit_is_left_out(sanka, changes):
    if changes.get("categories"):
        changes["categories"] = list(ServiceCategory.objects.filter(code=changes["categories"]))
    if changes.get("area"):
        changes["area"] = Area.objects.get(name=changes["area"])
    assert BAKERY not in fitting(sanka, **changes)


def test_a_service_not_accepting_now_is_left_out_unless_asked(sanka):
    bakery = demo_service(BAKERY)
    bakery.accepting_new = False
    bakery.save(update_fields=["accepting_new"])
    assert BAKERY not in fitting(sanka)
    assert BAKERY in fitting(sanka, accepting=False)


@pytest.mark.parametrize("status", [Status.SUSPENDED, Status.CLOSED])
def test_a_closed_service_is_left_out(sanka, status):
    demo_service(BAKERY).__class__.objects.filter(name=BAKERY).update(status=status)
    assert BAKERY not in fitting(sanka, accepting=False)


def test_the_wishes_choose_the_categories_and_the_days(sanka):
    """原田 康平 wishes 働きたい on 火・木: the page proposes the bakery (南圏域) and not the
    warehouse (西圏域, 月水金)."""
    case, person = harada()
    url = reverse("participation:proposals", args=[case.pk, person.pk])
    body = client_for(sanka).get(url).content.decode()
    assert BAKERY in body and WAREHOUSE not in body
    assert "提案済み（見学）" in body  # the demo's match is there already
    body = client_for(sanka).get(url + "?scope=city&weekday=0&category=").content.decode()
    assert WAREHOUSE in body


def test_choosing_a_service_records_a_match(sanka):
    case, person = harada()
    warehouse = demo_service(WAREHOUSE)
    response = client_for(sanka).post(
        reverse("participation:proposals", args=[case.pk, person.pk]),
        {"service": warehouse.pk, "contact_name": "石田"},
    )
    match = Match.objects.get(person=person, service=warehouse)
    assert response.url == reverse("participation:match", args=[match.pk])
    assert (match.stage, match.contact_name, match.created_by) == (Stage.PROPOSED, "石田", sanka)


def test_a_closed_service_or_a_second_open_match_is_refused(sanka):
    case, person = harada()
    url = reverse("participation:proposals", args=[case.pk, person.pk])
    response = client_for(sanka).post(url, {"service": demo_service(BAKERY).pk}, follow=True)
    assert "既にあります" in response.content.decode()
    warehouse = demo_service(WAREHOUSE)
    warehouse.__class__.objects.filter(pk=warehouse.pk).update(status=Status.CLOSED)
    response = client_for(sanka).post(url, {"service": warehouse.pk}, follow=True)
    assert "休止・廃止した社会資源は提案できません" in response.content.decode()
    assert Match.objects.filter(person=person).count() == 1


def test_the_matching_page_does_not_grow_with_the_directory(sanka):
    case, person = harada()
    client = client_for(sanka)
    urls = [
        reverse("participation:proposals", args=[case.pk, person.pk]),
        reverse("participation:proposals", args=[case.pk, person.pk]) + "?scope=city&weekday=",
    ]
    before = [queries_for(client, url) for url in urls]
    generate_resources(120, seed=11)
    assert [queries_for(client, url) for url in urls] == before
