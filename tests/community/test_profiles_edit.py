"""Keeping a profile: a save adds a version and keeps the old ones; unchanged text adds none;
a save over a version someone saved after the form was opened is refused; only the keepers of
the area (chiiki keeps 東圏域, not 北圏域). Figures by hand: checked, audited, and a year that
has figures is replaced only after the confirmation page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.community.models import AreaFigures, AreaProfile
from kasane.community.profile_services import profile_version
from kasane.organizations.models import Area
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _area(name: str) -> Area:
    return Area.objects.get(name=name)


def _current(area: Area) -> AreaProfile:
    return AreaProfile.objects.filter(area=area).order_by("-written_at", "-pk").first()


def _post(area: Area, **values) -> dict:
    current = _current(area)
    data = {
        "strengths": current.strengths if current else "",
        "issues": current.issues if current else "",
        "vision": current.vision if current else "",
        "vision_agreed_on": current.vision_agreed_on.isoformat()
        if current and current.vision_agreed_on
        else "",
        "vision_agreed_at": current.vision_agreed_at if current else "",
        "loaded_at": profile_version(current),
    }
    return {**data, **values}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_chiiki_adds_a_version_of_east_and_the_old_ones_stay(chiiki):
    east = _area("東圏域")
    before = AreaProfile.objects.filter(area=east).count()
    url = reverse("community:profile_edit", args=[east.pk])
    response = client_for(chiiki).post(url, _post(east, strengths="新しい強み"))
    assert response.status_code == 302
    assert AreaProfile.objects.filter(area=east).count() == before + 1
    assert _current(east).strengths == "新しい強み"
    event = AuditEvent.objects.filter(action="community.profile_save").latest("pk")
    assert event.actor == chiiki and event.details == {"area": "東圏域", "fields": ["strengths"]}


def test_unchanged_text_adds_no_version(chiiki):
    east = _area("東圏域")
    before = AreaProfile.objects.filter(area=east).count()
    client = client_for(chiiki)
    response = client.post(
        reverse("community:profile_edit", args=[east.pk]), _post(east), follow=True
    )
    assert "変更はありません" in _text(response)
    assert AreaProfile.objects.filter(area=east).count() == before


def test_a_save_over_a_newer_version_is_refused(chiiki, coordinator):
    east = _area("東圏域")
    opened = _post(east, strengths="木村さんの案")
    client_for(coordinator).post(
        reverse("community:profile_edit", args=[east.pk]), _post(east, strengths="中村さんの案")
    )
    response = client_for(chiiki).post(reverse("community:profile_edit", args=[east.pk]), opened)
    assert response.status_code == 200
    assert "ほかの利用者が、この画面を開いた後に新しい版を保存しました" in _text(response)
    assert _current(east).strengths == "中村さんの案"


def test_a_first_profile_for_an_area_without_one(chiiki):
    district = _area("桜台地区")
    assert _current(district) is None
    client_for(chiiki).post(
        reverse("community:profile_edit", args=[district.pk]),
        _post(
            district,
            vision="みんなの桜台",
            vision_agreed_on="令和7年10月1日",
            vision_agreed_at="桜台地区 住民懇談会",
        ),
    )
    assert _current(district).vision_agreed_at == "桜台地区 住民懇談会"


def test_a_date_of_agreement_without_a_vision_is_refused(chiiki):
    district = _area("桜台地区")
    response = client_for(chiiki).post(
        reverse("community:profile_edit", args=[district.pk]),
        _post(district, vision_agreed_on="令和7年10月1日"),
    )
    assert "地域ビジョンも入力してください" in _text(response)
    assert _current(district) is None


@pytest.mark.parametrize("name", ["profile_edit", "figures_edit"])
def test_chiiki_gets_404_on_editing_north(chiiki, name):
    url = reverse(f"community:{name}", args=[_area("北圏域").pk])
    client = client_for(chiiki)
    assert client.get(url).status_code == 404
    assert client.post(url, {"strengths": "x"}).status_code == 404


@pytest.mark.parametrize("username", ["csw", "houkatsu", "outsider", "sanka"])
@pytest.mark.parametrize("name", ["profile_edit", "figures_edit"])
def test_case_workers_read_profiles_but_do_not_edit_them(username, name):
    from kasane.accounts.models import User

    client = client_for(User.objects.get(username=username))
    east = _area("東圏域")
    assert client.get(reverse("community:profile", args=[east.pk])).status_code == 200
    assert client.get(reverse(f"community:{name}", args=[east.pk])).status_code == 404


# --- Figures by hand ---

FIGURES = {
    "year": "2024",
    "as_of": "",
    "population": "2000",
    "aged_65": "600",
    "aged_75": "300",
    "households": "900",
    "single_elderly_households": "120",
    "children": "250",
}


def test_chiiki_enters_figures_of_a_district(chiiki):
    district = _area("旭地区")
    response = client_for(chiiki).post(
        reverse("community:figures_edit", args=[district.pk]), FIGURES
    )
    assert response.status_code == 302
    row = AreaFigures.objects.get(area=district, year=2024)
    assert (row.population, row.source, row.entered_by) == (2000, "manual", chiiki)
    assert AuditEvent.objects.filter(action="community.figures_save", actor=chiiki).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"population": "２千"}, "整数"),
        ({"aged_75": "700"}, "75歳以上の人口が65歳以上の人口より多くなっています"),
        ({"aged_65": "2500", "aged_75": "100"}, "65歳以上の人口が人口より多くなっています"),
        ({"single_elderly_households": "1000"}, "高齢者単身世帯数が世帯数より多くなっています"),
    ],
)
def test_figures_that_cannot_be_true_save_nothing(chiiki, change, message):
    district = _area("旭地区")
    response = client_for(chiiki).post(
        reverse("community:figures_edit", args=[district.pk]), {**FIGURES, **change}
    )
    assert response.status_code == 200
    assert message in _text(response)
    assert not AreaFigures.objects.filter(area=district, year=2024).exists()


def test_a_year_with_figures_is_replaced_after_confirmation(coordinator):
    town = _area("旭町1丁目")
    stored = AreaFigures.objects.get(area=town, year=2026)
    url = reverse("community:figures_edit", args=[town.pk])
    client = client_for(coordinator)
    values = {**FIGURES, "year": "2026"}
    response = client.post(url, values)
    assert "置き換えます" in _text(response)
    assert AreaFigures.objects.get(pk=stored.pk).population == stored.population
    client.post(url, {**values, "confirmed": "yes"})
    row = AreaFigures.objects.get(pk=stored.pk)
    assert (row.population, row.source) == (2000, "manual")
    event = AuditEvent.objects.filter(action="community.figures_save").latest("pk")
    assert event.details["replaced"] is True
