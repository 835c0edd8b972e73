"""The directory, the freshness list and a resource's page take the same number of queries
however many resources, places and schedules there are; each page view is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.demo.generators.resources import generate_resources
from kasane.resources import services
from kasane.resources.models import Location
from tests.conftest import client_for, queries_for
from tests.resources.helpers import category, demo_service

pytestmark = pytest.mark.django_db


def test_the_lists_do_not_grow_with_rows(sanka):
    client = client_for(sanka)
    urls = [
        reverse("resources:directory"),
        reverse("resources:directory") + f"?category={category('salon').pk}&weekday=2",
        reverse("resources:directory") + "?q=サロン&age=70&accepting=on",
        reverse("resources:stale"),
        "/",
    ]
    before = [queries_for(client, url) for url in urls]
    generate_resources(120, seed=7)
    assert [queries_for(client, url) for url in urls] == before


def test_the_resource_page_does_not_grow_with_places(sanka):
    service = demo_service("あさひ子ども食堂")
    client = client_for(sanka)
    url = reverse("resources:detail", args=[service.pk])
    before = queries_for(client, url)
    location = Location.objects.exclude(organization=service.organization).first()
    for byday in ("MO", "TU", "WE"):
        services.place_add(
            actor=sanka,
            service=service,
            place=services.PlaceInput(
                location_values={
                    "name": f"{byday}の会場",
                    "address": "デモ市旭町1-1",
                    "area": location.area,
                },
                schedule_values={"freq": "WEEKLY", "byday": byday},
            ),
        )
    assert queries_for(client, url) == before


def test_views_and_searches_are_audited_without_what_was_typed(sanka):
    client = client_for(sanka)
    service = demo_service("あさひ子ども食堂")
    client.get(reverse("resources:detail", args=[service.pk]))
    client.get(reverse("resources:directory") + "?q=こども")
    assert AuditEvent.objects.filter(
        actor=sanka, action="resource.view", object_id=str(service.pk)
    ).exists()
    search = AuditEvent.objects.filter(actor=sanka, action="resource.list").latest("pk")
    assert search.details["criteria"] == ["q"]
    assert "こども" not in str(search.details)
