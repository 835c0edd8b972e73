"""The A4 printouts to hand to a resident: one resource (what, where, when, the next dates, whom
to ask, when it was last checked) and a filtered list (at most `PRINT_LIMIT`); no personal data,
audited like every printout; 404 for those who may not read the directory.

The text is read back with pypdf (`tests.cases.test_printouts.pdf_text`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.resources import print_views
from tests.cases.test_printouts import pdf_text
from tests.conftest import client_for
from tests.resources.helpers import BAKERY, category, demo_service

pytestmark = pytest.mark.django_db


@pytest.mark.pdf
def test_it_prints_one_resource_for_a_resident(sanka):
    service = demo_service(BAKERY)
    text = pdf_text(client_for(sanka).get(reverse("resources:print", args=[service.pk])))
    for expected in (
        "パン工房こむぎの就労体験",
        "南町3丁目2-8",
        "毎週火・木09:30〜12:00",
        "次の開催日",
        "小川",
        "最終確認日",
    ):
        assert expected in text
    assert AuditEvent.objects.filter(
        actor=sanka, action="resource.print", object_id=str(service.pk)
    ).exists()


@pytest.mark.pdf
def test_it_prints_a_filtered_list(houkatsu):
    url = reverse("resources:print_list") + f"?category={category('kodomo_shokudo').pk}"
    text = pdf_text(client_for(houkatsu).get(url))
    assert "社会資源の一覧" in text and "あさひ子ども食堂" in text and "みなと子ども食堂" in text
    assert "種類：子ども食堂" in text
    assert "パン工房" not in text
    event = AuditEvent.objects.filter(actor=houkatsu, action="resource.print").latest("pk")
    assert event.details["criteria"] == ["category"]


@pytest.mark.pdf
def test_the_list_is_bounded(sanka, monkeypatch):
    monkeypatch.setattr(print_views, "PRINT_LIMIT", 3)
    text = pdf_text(client_for(sanka).get(reverse("resources:print_list")))
    assert "先頭の3件だけを印刷しました" in text


def test_a_bad_filter_prints_nothing(sanka):
    response = client_for(sanka).get(reverse("resources:print_list") + "?age=abc")
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(actor=sanka, action="resource.print").exists()
