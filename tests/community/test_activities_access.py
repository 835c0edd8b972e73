"""Who reads and keeps activities, committees and the register of resident helpers: readers
across the city read activities and committees; members' names and the helpers are for the
keepers of their area; a community worker keeps her 圏域's records only (404 on the others')."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.community.models import Activity, Committee, ResidentHelper
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
EAST = "東圏域福祉のまちづくり委員会"
NORTH = "北圏域福祉のまちづくり委員会"


def committee(name: str) -> Committee:
    return Committee.objects.get(name=name)


def body(user, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_case_work_staff_read_activities_and_committees_without_members_names(csw, outsider):
    for user in (csw, outsider):
        assert "旭町いきいきサロン" in body(user, reverse("community:activity_list"))
        page = body(user, reverse("community:committee", args=[committee(EAST).pk]))
        assert "上田 幸子" not in page and "村井 健司" not in page
        assert "委員は4人です" in page  # the count, without the names
        listing = body(user, reverse("community:committee_list"))
        assert EAST in listing and "上田 幸子" not in listing
        assert "地域の担い手" not in listing  # no link to a register they may not open


def test_case_work_staff_never_reach_the_helpers(csw):
    client = client_for(csw)
    helper = ResidentHelper.objects.get(name="岡 真由美")
    assert client.get(reverse("community:helper_list")).status_code == 404
    assert client.get(reverse("community:helper", args=[helper.pk])).status_code == 404
    edit = reverse(
        "community:member_edit", args=[committee(EAST).pk, committee(EAST).members.first().pk]
    )
    assert client.get(edit).status_code == 404


def test_the_east_community_worker_sees_her_committee_members_apart_from_past_ones(chiiki):
    page = body(chiiki, reverse("community:committee", args=[committee(EAST).pk]))
    assert "上田 幸子" in page and "つなぐシート連絡員" in page
    current, past = page.split("過去の委員</h3>")
    assert "杉本 和夫" in past and "杉本 和夫" not in current
    assert "上田 幸子" in current


def test_the_east_community_worker_keeps_east_records_only(chiiki):
    client = client_for(chiiki)
    east, north = committee(EAST), committee(NORTH)
    assert client.get(reverse("community:committee_edit", args=[east.pk])).status_code == 200
    assert client.get(reverse("community:committee_edit", args=[north.pk])).status_code == 404
    assert client.get(reverse("community:member_add", args=[north.pk])).status_code == 404
    page = body(chiiki, reverse("community:committee", args=[north.pk]))
    assert "小川 静香" not in page  # 北圏域's members are not hers
    north_activity = Activity.objects.filter(area_code__startswith=north.area.code).first()
    assert client.get(reverse("community:activity", args=[north_activity.pk])).status_code == 200
    url = reverse("community:activity_edit", args=[north_activity.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    north_helper = ResidentHelper.objects.get(name="関 ひとみ")
    assert client.get(reverse("community:helper", args=[north_helper.pk])).status_code == 404
    listing = body(chiiki, reverse("community:helper_list"))
    assert "岡 真由美" in listing and "関 ひとみ" not in listing


def test_the_coordinator_keeps_every_area(coordinator):
    client = client_for(coordinator)
    north = committee(NORTH)
    assert client.get(reverse("community:committee_edit", args=[north.pk])).status_code == 200
    listing = body(coordinator, reverse("community:helper_list"))
    assert "岡 真由美" in listing and "関 ひとみ" in listing


def test_the_figures_are_for_every_reader(csw, chiiki, outsider):
    for user in (csw, chiiki, outsider):
        assert "拠点数" in body(user, reverse("community:figures"))
