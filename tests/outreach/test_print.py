"""訪問予定表 (PDF, A4): the filtered watch list for a day's round — number, 町丁目, the
address of the person's home, who it is, stage and risk, the last attempt, the next step and
columns to write on; 和暦 in the header; a restricted address printed 「（閲覧制限）」 whatever
grants the user holds; at most `PRINT_LIMIT` rows (the sheet says so); audited with the people
named; 404 for whoever may not read the list; the same number of queries however many rows.

The text is read back with pypdf (`tests.cases.test_printouts.pdf_text`)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.core import pdf
from kasane.core.japanese import wareki
from kasane.outreach import round_views, services
from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person, today
from tests.cases.test_printouts import pdf_pages, pdf_text
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db

PRINT = reverse("outreach:print")


@pytest.mark.pdf
def test_it_prints_the_days_round_with_addresses(csw):
    response = client_for(csw).get(PRINT + "?stage=all&sort=area")
    text = pdf_text(response)
    for expected in (
        "訪問予定表",
        wareki(today()),
        "個人情報・取扱注意",
        "山本勇",
        "北町2丁目",
        "デモ市北町2丁目7-1",
        "民生委員と一緒に再訪問し",  # the next step of the last attempt
        "会えた",
        "氏名不明：北町3丁目のアパート2階の高齢男性、氏名不明",
        "結果",
        "メモ",
        "並び順：町丁目順",
    ):
        assert expected in text.replace(" ", ""), expected
    # csw visits 鈴木 一郎 (no consent): named, but his address is not shared with csw.
    assert "鈴木一郎" in text and "東町1丁目2-3" not in text
    assert "本人の記録が共有されていません" in text


@pytest.mark.pdf
def test_a_restricted_address_is_masked_even_for_a_granted_user(jiritsu):
    """jiritsu is granted 佐藤 さくら's address on screen; a printout never unmasks."""
    services.target_register(
        actor=jiritsu, source="direct", person=demo_person("佐藤 さくら"), noticed="気になる"
    )
    text = pdf_text(client_for(jiritsu).get(PRINT + "?stage=all"))
    assert "佐藤さくら" in text and "（閲覧制限）" in text
    assert "南町9-9-9" not in text and "南町9丁目" not in text and "0000409" not in text


@pytest.mark.pdf
def test_printing_is_audited_with_the_people_named(csw):
    client_for(csw).get(PRINT + "?stage=all&due=week")
    event = AuditEvent.objects.filter(action="outreach.print", actor=csw).latest("pk")
    yamamoto = demo_person("山本 勇")
    assert yamamoto.pk in set(event.people.values_list("person_id", flat=True))
    assert event.details["criteria"] and event.details["rows"] >= 1


@pytest.mark.pdf
def test_it_prints_at_most_the_limit_and_says_so(csw, monkeypatch):
    monkeypatch.setattr(round_views, "PRINT_LIMIT", 2)
    for _ in range(3):
        unidentified(csw)
    text = pdf_text(client_for(csw).get(PRINT + "?stage=all"))
    assert "先頭の2件だけを印刷しました" in text


@pytest.mark.pdf
def test_the_print_queries_do_not_grow_with_rows(csw):
    def queries() -> int:
        client = client_for(csw)
        client.get(PRINT + "?stage=all")
        with CaptureQueriesContext(connection) as captured:
            pdf_pages(client.get(PRINT + "?stage=all"))
        return len(captured)

    few = queries()
    for _ in range(6):
        target = unidentified(csw)
        services.attempt_record(
            actor=csw,
            target=target,
            occurred_at=target.created_at,
            method="visit",
            result="absent",
        )
    assert queries() == few


@pytest.mark.parametrize("username", ["keisatsu", "chiiki", "suido", "zeimu", "kansa"])
def test_those_who_may_not_read_the_list_get_404(username, csw):
    """Referrers (税務課, 上下水道局), a meeting guest (警察), the community worker, the auditor."""
    from tests.conftest import _user

    unidentified(csw)
    user = _user(username)
    assert client_for(user).get(PRINT).status_code == 404
    assert not AuditEvent.objects.filter(actor=user, action="outreach.print").exists()


def test_the_outsider_prints_only_their_own_organisations_list(outsider, csw, monkeypatch):
    """A case worker elsewhere reads their own (empty) list: never csw's targets."""
    seen: list[list[int]] = []
    real = round_views.selectors.round_sheet

    def spy(*args, **kwargs):
        sheet = real(*args, **kwargs)
        seen.append([row.target.pk for row in sheet.rows])
        return sheet

    monkeypatch.setattr(round_views.selectors, "round_sheet", spy)
    monkeypatch.setattr(round_views.pdf, "render_pdf", lambda *args, **kwargs: b"%PDF-")
    target = unidentified(csw)
    assert client_for(outsider).get(PRINT + "?stage=all").status_code == 200
    assert target.pk not in seen[0]
    assert not OutreachTarget.objects.filter(
        pk__in=seen[0], assignments__organization=csw.organization
    ).exists()


def test_an_invalid_filter_prints_nothing(csw):
    response = client_for(csw).get(PRINT + "?due=someday")
    assert response.status_code == 302
    assert response.url.startswith(reverse("outreach:list"))
    assert not AuditEvent.objects.filter(action="outreach.print", actor=csw).exists()


def test_without_the_japanese_font_it_says_what_to_install(csw, monkeypatch):
    def missing() -> None:
        raise pdf.PdfUnavailable("the font 'Noto Sans CJK JP' is not installed")

    monkeypatch.setattr(pdf, "check_available", missing)
    response = client_for(csw).get(PRINT + "?stage=all")
    assert response.status_code == 503
    assert (
        pdf.FONT_PACKAGE in response.content.decode()
        or "fonts-noto-cjk" in response.content.decode()
    )
    assert not AuditEvent.objects.filter(action="outreach.print", actor=csw).exists()
