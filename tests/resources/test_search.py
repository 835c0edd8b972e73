"""The directory's search: category, area (圏域, 地区 or 町丁目 by code prefix), day of the week
(from current schedules), age, free text (ひらがな/カタカナ, 全角/半角 alike), accepting now,
status; `fits` decides the same for one service (for participation matching)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.organizations.models import Area
from kasane.resources import selectors
from kasane.resources.models import Service
from tests.conftest import client_for
from tests.resources.helpers import BAKERY, CARERS_CAFE, category, demo_service, new_service

pytestmark = pytest.mark.django_db


def _found(user, **filters) -> set[str]:
    return set(selectors.search(user, filters).values_list("name", flat=True))


def test_it_finds_the_bakery_by_category_and_day(sanka):
    found = _found(sanka, category=category("work_experience"), weekday=1)  # Tuesday
    assert BAKERY in found
    assert "デモ物流の職場体験" not in found  # Mondays, Wednesdays, Fridays
    assert BAKERY not in _found(sanka, category=category("work_experience"), weekday=0)


def test_the_area_filter_reads_圏域_地区_and_町丁目(sanka):
    west = _found(sanka, area=Area.objects.get(name="西圏域"))
    assert CARERS_CAFE in west and BAKERY not in west
    assert CARERS_CAFE in _found(sanka, area=Area.objects.get(name="緑ヶ丘地区"))
    assert CARERS_CAFE in _found(sanka, area=Area.objects.get(name="緑ヶ丘1丁目"))
    assert CARERS_CAFE not in _found(sanka, area=Area.objects.get(name="緑ヶ丘2丁目"))
    assert CARERS_CAFE in _found(sanka, area=Area.objects.get(name="デモ市"))


def test_no_ibasho_for_young_adults_in_the_north(sanka):
    north = Area.objects.get(name="北圏域")
    assert not _found(sanka, area=north, category=category("ibasho"), age=25)
    assert _found(sanka, category=category("ibasho"), age=25)


def test_age_fits_the_range(sanka):
    assert "旭町いきいきサロン" in _found(sanka, age=70)
    assert "旭町いきいきサロン" not in _found(sanka, age=40)
    assert "図書館の学習支援「まなびば」" in _found(sanka, age=12)
    assert "図書館の学習支援「まなびば」" not in _found(sanka, age=19)


@pytest.mark.parametrize(
    "text", ["かいごしゃ", "カイゴシャ", "ｶｲｺﾞｼｬ", "介護者 ほっと", "介護者の会"]
)
def test_free_text_ignores_kana_and_width(sanka, text):
    assert CARERS_CAFE in _found(sanka, q=text)


def test_accepting_now_and_status(sanka):
    assert "中間的就労「ひだまり工房」" not in _found(sanka, accepting=True)
    assert "中間的就労「ひだまり工房」" in _found(sanka)
    assert "港の朝市ボランティア" not in _found(sanka)
    assert "港の朝市ボランティア" in _found(sanka, status="suspended")
    assert "港の朝市ボランティア" in _found(sanka, status="all")


def test_a_schedule_that_ended_no_longer_answers_its_day(sanka):
    service = new_service(sanka, byday="SU")
    assert service.name in _found(sanka, weekday=6)
    service.schedules.update(valid_to=dt.date(2020, 1, 1))
    assert service.name not in _found(sanka, weekday=6)


def test_fits_decides_like_the_search(sanka):
    service = selectors.with_rows(Service.objects.filter(name=BAKERY)).get()
    assert selectors.fits(service, weekday=3, age=30, area=Area.objects.get(name="南圏域"))
    assert not selectors.fits(service, weekday=0)
    assert not selectors.fits(service, age=10)
    assert not selectors.fits(service, area=Area.objects.get(name="北圏域"))


def test_the_page_filters_by_query_string(sanka):
    client = client_for(sanka)
    query = f"?category={category('carers').pk}&weekday=1&accepting=on"
    response = client.get(reverse("resources:directory") + query)
    names = [service.name for service in response.context["page"]]
    assert CARERS_CAFE in names
    assert all(service.accepting_new for service in response.context["page"])


def test_a_bad_filter_shows_the_message_and_no_rows(sanka):
    response = client_for(sanka).get(reverse("resources:directory") + "?age=abc")
    assert "年齢は数字で入力してください。" in response.content.decode()
    assert "page" not in response.context


def test_the_list_flags_what_needs_checking(sanka):
    response = client_for(sanka).get(reverse("resources:directory") + "?q=西町ふれあい")
    assert "確認が必要" in response.content.decode()
    assert demo_service("西町ふれあいサロン").needs_check
