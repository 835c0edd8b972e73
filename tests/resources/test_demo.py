"""デモ市's directory (issue 16): about thirty resources in the four 圏域, five cooperating
organisations, a few not checked for over a year, the 介護者カフェ and the bakery's 就労体験
accepting new people, and no 居場所 for young adults in 北圏域. Loading twice adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kasane.demo.load.resources import load_resources
from kasane.organizations.models import Area
from kasane.resources.models import ResourceOrganization, Service, ServiceAtLocation
from tests.resources.helpers import BAKERY, CARERS_CAFE, demo_service

pytestmark = pytest.mark.django_db


def test_the_demo_directory():
    assert Service.objects.count() == 30
    assert ResourceOrganization.objects.filter(is_partner=True).count() == 5
    stale = [service for service in Service.objects.all() if service.needs_check]
    assert 3 <= len(stale) <= 8
    for sphere in ("東圏域", "西圏域", "南圏域", "北圏域"):
        code = Area.objects.get(name=sphere).code
        assert ServiceAtLocation.objects.filter(location__area_code__startswith=code).count() >= 5


def test_the_story_resources_accept_new_people():
    cafe, bakery = demo_service(CARERS_CAFE), demo_service(BAKERY)
    assert cafe.accepting_new and bakery.accepting_new
    assert cafe.at_locations.get().location.area.name == "緑ヶ丘1丁目"
    assert bakery.at_locations.get().location.area.name == "南町3丁目"
    assert "知的障害" in bakery.accommodations


def test_no_ibasho_in_the_north():
    north = Area.objects.get(name="北圏域").code
    assert not Service.objects.filter(
        categories__code="ibasho", at_locations__location__area_code__startswith=north
    ).exists()


def test_loading_again_adds_nothing():
    before = (Service.objects.count(), ResourceOrganization.objects.count())
    load_resources(timezone.now())
    assert (Service.objects.count(), ResourceOrganization.objects.count()) == before
