"""A target's own 地域 tells where a person lives: for someone whose home is under 閲覧制限 it is
masked wherever the target shows it — its page, the list's 町丁目 (and its order), the Excel
export — as their address is, whatever grants the viewer holds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.organizations.models import Area
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person
from tests.conftest import client_for
from tests.outreach.test_export import EXPORT, _by_target, _rows

pytestmark = pytest.mark.django_db


def _sakura_with_area(jiritsu) -> OutreachTarget:
    return services.target_register(
        actor=jiritsu,
        source="direct",
        person=demo_person("佐藤 さくら"),
        area=Area.objects.get(name="南町9丁目"),
        noticed="気になる",
    )


def test_the_target_page_masks_a_restricted_persons_area(jiritsu):
    target = _sakura_with_area(jiritsu)
    page = client_for(jiritsu).get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert "佐藤 さくら" in page and "（閲覧制限）" in page
    assert "南町9丁目" not in page


def test_the_list_sorted_by_area_hides_a_restricted_persons_area(jiritsu):
    _sakura_with_area(jiritsu)
    page = client_for(jiritsu).get(reverse("outreach:list") + "?sort=area").content.decode()
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]  # not the filter's area options
    assert "佐藤 さくら" in rows and "南町9丁目" not in rows


def test_the_export_masks_a_restricted_persons_area(jiritsu):
    target = _sakura_with_area(jiritsu)
    row = _by_target(_rows(client_for(jiritsu).post(EXPORT + "?stage=all")))[target.pk]
    assert row["町丁目"] == "（閲覧制限）"


def test_an_unrestricted_persons_area_is_shown(csw):
    target = services.target_register(
        actor=csw,
        source="direct",
        person=demo_person("山本 勇"),
        area=Area.objects.get(name="北町2丁目"),
        noticed="気になる",
    )
    page = client_for(csw).get(reverse("outreach:detail", args=[target.pk])).content.decode()
    assert "北町2丁目" in page
