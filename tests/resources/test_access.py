"""Who reaches the directory: every case-work, coordinator, community and participation user
reads it; participation coordinators, community workers, coordinators and admins keep it;
referrers, auditors and meeting guests get 404 on every page, and consultants and outreach
workers get 404 on every page that changes it. Nothing is recorded for a refused page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.resources.models import Service
from tests.conftest import client_for
from tests.resources.helpers import CARERS_CAFE, demo_service

pytestmark = pytest.mark.django_db

READERS = ["admin", "coordinator", "houkatsu", "csw", "sanka", "chiiki", "outsider"]
EDITORS = ["admin", "coordinator", "sanka", "chiiki"]
OUTSIDERS = ["zeimu", "kansa", "keisatsu"]


def _read_urls(service: Service) -> list[str]:
    return [
        reverse("resources:directory"),
        reverse("resources:stale"),
        reverse("resources:detail", args=[service.pk]),
        reverse("resources:organizations"),
        reverse("resources:organization", args=[service.organization_id]),
    ]


def _edit_urls(service: Service) -> list[str]:
    location = service.at_locations.first().location
    schedule = service.schedules.first()
    return [
        reverse("resources:create"),
        reverse("resources:edit", args=[service.pk]),
        reverse("resources:check", args=[service.pk]),
        reverse("resources:close", args=[service.pk]),
        reverse("resources:reopen", args=[service.pk]),
        reverse("resources:place_add", args=[service.pk]),
        reverse("resources:schedule_remove", args=[service.pk, schedule.pk]),
        reverse("resources:organization_create"),
        reverse("resources:organization_edit", args=[service.organization_id]),
        reverse("resources:location_edit", args=[location.pk]),
    ]


@pytest.mark.parametrize("username", READERS)
def test_it_opens_the_directory_to_every_reader(username):
    client = client_for(User.objects.get(username=username))
    for url in _read_urls(demo_service(CARERS_CAFE)):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", OUTSIDERS)
def test_referrers_auditors_and_guests_get_404_everywhere(username):
    service = demo_service(CARERS_CAFE)
    client = client_for(User.objects.get(username=username))
    urls = [
        *_read_urls(service),
        *_edit_urls(service),
        reverse("resources:print", args=[service.pk]),
        reverse("resources:print_list"),
    ]
    for url in urls:
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url).status_code == 404, url
    assert not AuditEvent.objects.filter(
        actor__username=username, action__startswith="resource"
    ).exists()


@pytest.mark.parametrize("username", ["houkatsu", "csw", "outsider"])
def test_consultants_and_outreach_workers_may_not_change_it(username):
    service = demo_service(CARERS_CAFE)
    before = (service.updated_at, service.status, service.assured_date)
    client = client_for(User.objects.get(username=username))
    for url in _edit_urls(service):
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url, {"status": "closed", "on": "2026-01-01"}).status_code == 404, url
    service.refresh_from_db()
    assert (service.updated_at, service.status, service.assured_date) == before
    assert "社会資源を登録する" not in client.get(reverse("resources:directory")).content.decode()


@pytest.mark.parametrize("username", EDITORS)
def test_keepers_open_the_edit_pages(username):
    service = demo_service(CARERS_CAFE)
    client = client_for(User.objects.get(username=username))
    for url in _edit_urls(service):
        if url.endswith(("/check/", "/reopen/", "/remove/")):
            continue  # POST only
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", ["coordinator", "sanka", "chiiki", "zeimu"])
def test_only_admins_edit_the_categories(username):
    client = client_for(User.objects.get(username=username))
    for url in (
        reverse("resources:category_list"),
        reverse("resources:category_create"),
        reverse("resources:category_edit", args=[1]),
    ):
        assert client.get(url).status_code == 404


def test_the_menu_shows_the_directory_to_readers_only(sanka, zeimu, houkatsu):
    assert "社会資源" in client_for(sanka).get("/").content.decode()
    assert "社会資源" in client_for(houkatsu).get("/").content.decode()
    assert 'href="/resources/"' not in client_for(zeimu).get("/").content.decode()
