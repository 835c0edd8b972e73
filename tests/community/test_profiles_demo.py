"""デモ市's profiles and statistics are a contract: the four 圏域 have profiles, 東圏域's vision
was agreed at its 住民懇談会 on 2025-11-15 with two versions in its history, every 町丁目 has
its figures for 2025 and 2026 (from statistics.csv, through the import), loading twice
changes nothing, and 東圏域's profile shows a 「5未満」."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.community.models import AreaFigures, AreaProfile
from kasane.demo.load.community_profiles import load_community_profiles
from kasane.organizations.models import Area
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_four_spheres_have_profiles_and_east_its_agreed_vision():
    for name in ("東圏域", "西圏域", "南圏域", "北圏域"):
        assert AreaProfile.objects.filter(area__name=name).exists(), name
    east = AreaProfile.objects.filter(area__name="東圏域").order_by("-written_at", "-pk")
    assert east.count() == 2
    current = east.first()
    assert current.vision_agreed_at == "東圏域 住民懇談会"
    assert current.vision_agreed_on == dt.date(2025, 11, 15)
    assert current.written_by.username == "chiiki"


def test_every_town_has_its_figures_for_two_years():
    towns = Area.objects.filter(kind="town", is_active=True)
    for year in (2025, 2026):
        assert AreaFigures.objects.filter(year=year, area__in=towns).count() == towns.count()
    asahi = AreaFigures.objects.get(area__name="旭町1丁目", year=2025)
    assert asahi.population == 2013 and asahi.source == "import"


def test_loading_twice_changes_nothing():
    before = (
        AreaProfile.objects.count(),
        list(AreaFigures.objects.values_list("pk", "population")),
    )
    load_community_profiles()
    after = (AreaProfile.objects.count(), list(AreaFigures.objects.values_list("pk", "population")))
    assert after == before


def test_the_east_profile_shows_a_small_count_hidden(chiiki):
    east = Area.objects.get(name="東圏域")
    text = client_for(chiiki).get(reverse("community:profile", args=[east.pk])).content.decode()
    assert ">5未満<" in text
    assert "「おたがいさま」で、ひとりで抱え込まない東圏域。" in text
    assert "令和7年11月15日（東圏域 住民懇談会）" in text
