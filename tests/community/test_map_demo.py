"""The demo ships a schematic map of デモ市: every 町丁目 has a boundary, the map draws the
four 圏域, and the directory's places stand inside their 町丁目."""

import pytest
from django.urls import reverse

from kasane.community.models import AreaBoundary
from kasane.demo.load.community_map import load_community_map
from kasane.organizations.models import Area, AreaKind
from kasane.resources.models import Location
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_demo_town_has_a_boundary() -> None:
    towns = Area.objects.filter(kind=AreaKind.TOWN, is_active=True)
    assert towns.count() == 29
    assert AreaBoundary.objects.filter(area__in=towns).count() == towns.count()


def test_the_map_draws_the_four_spheres(chiiki) -> None:
    response = client_for(chiiki).get(reverse("community:map"))
    assert response.status_code == 200
    data = response.context["map"]
    assert [row.area.name for row in data.drawn] == ["東圏域", "西圏域", "南圏域", "北圏域"]
    html = response.content.decode()
    for name in ["東圏域", "西圏域", "南圏域", "北圏域"]:
        assert f"<title>{name}：" in html


def test_the_demo_places_have_coordinates_and_points() -> None:
    assert not Location.objects.filter(latitude=None).exists()


def test_loading_again_changes_nothing() -> None:
    before = list(AreaBoundary.objects.order_by("pk").values_list("pk", "loaded_at"))
    places = list(Location.objects.order_by("pk").values_list("pk", "updated_at"))
    load_community_map()
    assert list(AreaBoundary.objects.order_by("pk").values_list("pk", "loaded_at")) == before
    assert list(Location.objects.order_by("pk").values_list("pk", "updated_at")) == places
