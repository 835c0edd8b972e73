"""デモ市's committees, members, resident helpers and a year of activities (a contract: the
names are kept exact); loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kasane.community.models import Activity, Committee, HelperMatch, ResidentHelper
from kasane.core.japanese import add_months, fiscal_year
from kasane.demo.load.community_activities import load_community_activities

pytestmark = pytest.mark.django_db
SPHERES = ["東圏域", "西圏域", "南圏域", "北圏域"]


def test_every_sphere_has_its_committee_and_asahi_its_district_committee():
    for sphere in SPHERES:
        committee = Committee.objects.get(name=f"{sphere}福祉のまちづくり委員会")
        assert committee.kind == "town_planning" and committee.area.name == sphere
    assert Committee.objects.get(name="旭地区福祉委員会").kind == "district"
    today = timezone.localdate()
    for committee in Committee.objects.filter(
        name__in=[f"{s}福祉のまちづくり委員会" for s in SPHERES]
    ):
        assert 4 <= committee.members.count() <= 6
        assert committee.members.filter(is_liaison=True).exists()
    assert (
        Committee.objects.get(name="東圏域福祉のまちづくり委員会")
        .members.filter(term_end__lt=today)
        .count()
        == 1
    )


def test_twenty_helpers_across_the_spheres_five_of_them_matched():
    helpers = ResidentHelper.objects.all()
    assert helpers.count() == 20
    assert helpers.filter(kind="college").count() >= 5
    assert {h.area_code[:2] for h in helpers} == {"01", "02", "03", "04"}
    assert HelperMatch.objects.filter(service__isnull=False).count() == 5


def test_a_year_of_activities_with_the_east_vision_meeting_of_last_year():
    today = timezone.localdate()
    year_ago = add_months(today, -12)
    recent = Activity.objects.filter(held_on__gt=year_ago, held_on__lte=today)
    for salon in ("旭町いきいきサロン", "西町ふれあいサロン", "北町ふれあいサロン"):
        assert recent.filter(kind="gathering", service__name=salon).count() == 12
    for sphere in SPHERES:
        assert recent.filter(kind="residents_meeting", title__startswith=sphere).exists()
    assert (
        recent.filter(kind="course").count() >= 3 and recent.filter(kind="committee").count() >= 10
    )
    vision = Activity.objects.get(title="東圏域 住民懇談会")
    assert vision.held_on == dt.date(fiscal_year(today) - 1, 11, 15)
    assert vision.kind == "residents_meeting" and vision.organizations.count() == 4
    assert not Activity.objects.filter(held_on__gt=today).exists()
    assert recent.filter(new_participants__gt=0).exists()


def test_loading_twice_changes_nothing():
    counts = (
        Committee.objects.count(),
        ResidentHelper.objects.count(),
        HelperMatch.objects.count(),
        Activity.objects.count(),
    )
    load_community_activities(timezone.now())
    assert (
        Committee.objects.count(),
        ResidentHelper.objects.count(),
        HelperMatch.objects.count(),
        Activity.objects.count(),
    ) == counts
