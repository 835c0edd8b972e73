"""Freshness: a resource not checked for `KASANE_RESOURCE_STALE_MONTHS` is flagged on its page
and the list; 「確認が必要な社会資源」 lists them in the user's organisation's area (all areas
when it has none, any area on request), and community workers and participation
coordinators see the oldest on their home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from kasane.organizations.models import Area
from kasane.resources.models import Service
from tests.builders import today
from tests.conftest import client_for
from tests.resources.helpers import CARERS_CAFE, demo_service

pytestmark = pytest.mark.django_db

STALE = reverse("resources:stale")


def _names(response) -> set[str]:
    return {service.name for service in response.context["page"]}


def test_the_page_flags_a_resource_not_checked_for_a_year(sanka):
    service = demo_service("西町ふれあいサロン")
    page = client_for(sanka).get(reverse("resources:detail", args=[service.pk])).content.decode()
    assert "最終確認日から12か月以上たっているか" in page
    fresh = client_for(sanka).get(reverse("resources:detail", args=[demo_service(CARERS_CAFE).pk]))
    assert "12か月以上たっているか" not in fresh.content.decode()


def test_the_months_are_a_setting(sanka):
    service = demo_service(CARERS_CAFE)  # checked 50 days ago
    assert not service.needs_check
    with override_settings(KASANE_RESOURCE_STALE_MONTHS=1):
        assert service.needs_check


def test_community_workers_see_their_area_first(chiiki):
    """chiiki's organisation covers 東圏域: the ピアサポート (checked 420 days ago) is there,
    the 西圏域 salon (500 days) is not, until another area is chosen."""
    client = client_for(chiiki)
    names = _names(client.get(STALE))
    assert "ピアサポート「つばさ」のつどい" in names
    assert "西町ふれあいサロン" not in names
    west = Area.objects.get(name="西圏域")
    assert "西町ふれあいサロン" in _names(client.get(STALE + f"?area={west.pk}"))


def test_without_an_area_everyone_is_listed(sanka):
    names = _names(client_for(sanka).get(STALE))
    assert {"西町ふれあいサロン", "北町ふれあいサロン", "ピアサポート「つばさ」のつどい"} <= names
    assert CARERS_CAFE not in names


def test_checking_from_the_list_returns_to_it(chiiki):
    service = demo_service("ピアサポート「つばさ」のつどい")
    response = client_for(chiiki).post(
        reverse("resources:check", args=[service.pk]), {"next": "stale"}
    )
    assert response["Location"] == STALE
    assert "ピアサポート「つばさ」のつどい" not in _names(client_for(chiiki).get(STALE))


def test_a_closed_resource_needs_no_check(sanka):
    service = demo_service("北町ふれあいサロン")
    Service.objects.filter(pk=service.pk).update(status="closed")
    assert "北町ふれあいサロン" not in _names(client_for(sanka).get(STALE))


def test_the_home_card_lists_what_to_check(chiiki, sanka, houkatsu):
    card = client_for(chiiki).get("/").context["resources"]
    assert card.area.name == "東圏域"
    assert [s.name for s in card.services] == ["ピアサポート「つばさ」のつどい"]
    everyone = client_for(sanka).get("/").context["resources"]
    assert everyone.area is None
    assert everyone.services[0].assured_date <= today() - dt.timedelta(days=365)
    assert len(everyone.services) <= 5
    assert client_for(houkatsu).get("/").context["resources"] is None
