"""The lists of activities, committees and helpers take the same number of queries whatever
the number of rows, and page by keyset."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.community import activity_services as services
from kasane.community.models import Activity, Committee, CommitteeMember
from kasane.organizations.models import Area, Organization
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def more_activities(user, count: int) -> None:
    area = Area.objects.get(name="旭町1丁目")
    organizations = list(Organization.objects.all()[:2])
    for day in range(count):
        made = Activity.objects.create(
            held_on=timezone.localdate() - dt.timedelta(days=day),
            kind="other",
            title=f"a{day}",
            area=area,
            participants=3,
            recorded_by=user,
        )
        made.organizations.set(organizations)


def more_helpers(user, count: int) -> None:
    area = Area.objects.get(name="旭町1丁目")
    for number in range(count):
        services.helper_register(
            actor=user,
            name=f"担い手{number}",
            kana=f"にない{number}",
            kind="supporter",
            area=area,
            can_do="見守り",
            days=["2"],
            registered_on=timezone.localdate(),
        )


def test_the_activity_list_takes_the_same_queries_with_more_rows(chiiki):
    client = client_for(chiiki)
    for url in (
        reverse("community:activity_list"),
        reverse("community:activity_list") + "?kind=other",
    ):
        before = queries_for(client, url)
        more_activities(chiiki, 60)
        assert queries_for(client, url) == before


def test_the_activity_list_filters_by_area_kind_and_year(csw):
    client = client_for(csw)
    north = Area.objects.get(name="北圏域")
    page = client.get(reverse("community:activity_list") + f"?area={north.pk}&kind=gathering")
    rows = list(page.context["page"])
    assert rows and all(a.area_code.startswith(north.code) and a.kind == "gathering" for a in rows)
    bad = client.get(reverse("community:activity_list") + "?year=1900")
    assert "page" not in bad.context and bad.context["filter_errors"]


def test_the_helper_list_and_committees_take_the_same_queries_with_more_rows(chiiki):
    client = client_for(chiiki)
    urls = [reverse("community:helper_list"), reverse("community:helper_list") + "?day=2&q=見守り"]
    before = [queries_for(client, url) for url in urls]
    more_helpers(chiiki, 40)
    assert [queries_for(client, url) for url in urls] == before
    committees = reverse("community:committee_list")
    east = Committee.objects.get(name="東圏域福祉のまちづくり委員会")
    page = reverse("community:committee", args=[east.pk])
    before = [queries_for(client, committees), queries_for(client, page)]
    for number in range(20):
        CommitteeMember.objects.create(
            committee=east, name=f"委員{number}", term_start=timezone.localdate()
        )
    more_activities(chiiki, 10)
    assert [queries_for(client, committees), queries_for(client, page)] == before
