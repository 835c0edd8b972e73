"""The case page shows the person's matches (the 参加支援 section, registered through the case
page's section registry) to whoever may see the case; its queries do not grow with matches."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.builders import demo_case
from tests.conftest import client_for, queries_for
from tests.participation.helpers import demo_service, started, tanaka

pytestmark = pytest.mark.django_db


def case_page(user, household: str) -> str:
    url = reverse("cases:detail", args=[demo_case(household).pk])
    return client_for(user).get(url).content.decode()


def test_the_case_page_shows_the_matches(sanka, houkatsu, coordinator):
    for user in (sanka, houkatsu, coordinator):
        body = case_page(user, "田中家")
        assert 'id="participation"' in body
        assert "介護者カフェ「ほっと」" in body and "参加開始" in body
        assert "「少しでいいから" in body


def test_harada_kohei_is_in_visit_at_the_bakery(sanka):
    body = case_page(sanka, "原田家")
    assert "パン工房こむぎの就労体験" in body and "見学" in body


def test_a_case_without_participation_has_no_section(coordinator):
    assert 'id="participation"' not in case_page(coordinator, "鈴木家")


def test_the_participation_page_lists_the_household(sanka):
    case, _person = tanaka()
    body = client_for(sanka).get(reverse("participation:case", args=[case.pk])).content.decode()
    for name in ("田中 由美さん", "田中 トシさん", "田中 陽斗さん"):
        assert name in body
    assert "合う社会資源を探す" in body


def test_a_reader_on_the_team_sees_no_recording_buttons(houkatsu):
    case, _person = tanaka()
    body = client_for(houkatsu).get(reverse("participation:case", args=[case.pk])).content
    assert "合う社会資源を探す" not in body.decode()


def test_the_section_and_page_do_not_grow_with_matches(sanka):
    case, person = tanaka()
    client = client_for(sanka)
    urls = [
        reverse("cases:detail", args=[case.pk]),
        reverse("participation:case", args=[case.pk]),
    ]
    before = [queries_for(client, url) for url in urls]
    for name in ("西町ふれあいサロン", "にしまち子ども食堂", "みどりの居場所「木かげ」"):
        started(sanka, 40, case=case, person=person, service=demo_service(name))
    assert [queries_for(client, url) for url in urls] == before
