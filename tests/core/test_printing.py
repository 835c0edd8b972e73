"""Printing refuses to print blank boxes: without a Japanese font for WeasyPrint (simulated by
a `KASANE_PDF_FONT` that no machine has), every print button answers 503 with what to install
and nothing is audited as printed, and `manage.py check` warns (kasane.W001). The check runs
once per process and family. One layout and one stylesheet print cases and meetings alike."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core import pdf
from kasane.meetings.models import Meeting, MeetingKind
from tests.builders import open_case
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NO_SUCH_FONT = "Kasane Test Font That Does Not Exist"
TEMPLATES = Path(__file__).resolve().parents[2] / "kasane" / "templates"


@pytest.fixture
def no_japanese_font(settings) -> Iterator[None]:
    """As on a machine without fonts-noto-cjk (WeasyPrint itself may or may not be there)."""
    settings.KASANE_PDF_FONT = NO_SUCH_FONT
    pdf.japanese_font_problem.cache_clear()
    yield
    pdf.japanese_font_problem.cache_clear()


def _assert_font_install_page(response, back_url: str) -> None:
    assert response.status_code == 503
    page = response.content.decode()
    assert "PDFを作れません" in page
    assert "日本語のフォント" in page
    assert "apt-get install -y fonts-noto-cjk" in page or pdf.SYSTEM_PACKAGES in page
    assert "KASANE_PDF_FONT" in page
    assert back_url in page


def test_it_answers_503_for_a_case_printout_without_a_japanese_font(
    no_japanese_font: None, kosodate: User
) -> None:
    case = open_case(kosodate)
    response = client_for(kosodate).get(reverse("cases:print_summary", args=[case.pk]))
    _assert_font_install_page(response, reverse("cases:detail", args=[case.pk]))
    assert "ケースの画面に戻る" in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.print").exists()


def test_it_answers_503_for_the_minutes_without_a_japanese_font(
    no_japanese_font: None, coordinator: User
) -> None:
    meeting = Meeting.objects.exclude(kind=MeetingKind.SUPPORT).order_by("pk").first()
    assert meeting is not None
    response = client_for(coordinator).get(reverse("meetings:print", args=[meeting.pk]))
    _assert_font_install_page(response, reverse("meetings:detail", args=[meeting.pk]))
    assert "会議の画面に戻る" in response.content.decode()
    assert not AuditEvent.objects.filter(action="meeting.print").exists()


def test_the_outsider_still_gets_404_not_503(no_japanese_font: None, kosodate: User) -> None:
    case = open_case(kosodate)
    outsider = client_for(User.objects.get(username="outsider"))
    assert outsider.get(reverse("cases:print_summary", args=[case.pk])).status_code == 404


def test_the_install_page_keeps_the_content_security_policy(
    no_japanese_font: None, kosodate: User
) -> None:
    case = open_case(kosodate)
    response = client_for(kosodate).get(reverse("cases:print_summary", args=[case.pk]))
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in response.content.decode()


def test_check_warns_without_a_japanese_font(no_japanese_font: None) -> None:
    output = StringIO()
    call_command("check", stdout=output, stderr=output)
    assert "kasane.W001" in output.getvalue()
    assert NO_SUCH_FONT in output.getvalue()
    assert "fonts-noto-cjk" in output.getvalue()


def test_the_font_is_checked_once_per_process(
    no_japanese_font: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def match(family: str) -> tuple[set[str], bool]:
        calls.append(family)
        return set(), False

    monkeypatch.setattr(pdf, "_match_font", match)
    for _ in range(3):
        assert pdf.japanese_font_problem(NO_SUCH_FONT) is not None
    assert calls == [NO_SUCH_FONT]


def test_a_font_without_japanese_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf.japanese_font_problem.cache_clear()
    monkeypatch.setattr(pdf, "_match_font", lambda family: ({family.casefold()}, False))
    try:
        assert "no Japanese" in (pdf.japanese_font_problem("DejaVu Sans") or "")
    finally:
        pdf.japanese_font_problem.cache_clear()


def test_a_fallback_font_is_not_taken_for_the_configured_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fontconfig answers every request with some font: only the named family counts."""
    pdf.japanese_font_problem.cache_clear()
    monkeypatch.setattr(pdf, "_match_font", lambda family: ({"ipagothic"}, True))
    try:
        assert "not installed" in (pdf.japanese_font_problem("Noto Sans CJK JP") or "")
    finally:
        pdf.japanese_font_problem.cache_clear()


@pytest.mark.pdf
def test_the_configured_font_prints_japanese_here() -> None:
    """Where the PDF tests run (CI: always), fontconfig finds the font and it covers Japanese."""
    pdf.japanese_font_problem.cache_clear()
    assert pdf.japanese_font_problem(pdf.font_family()) is None
    assert pdf.unavailability() is None


def test_cases_and_meetings_share_one_print_layout() -> None:
    printouts = [*TEMPLATES.glob("cases/print/*.html"), *TEMPLATES.glob("meetings/print/*.html")]
    assert len(printouts) >= 6
    for template in printouts:
        assert template.read_text().startswith('{% extends "print/base.html" %}'), template
    assert not list(TEMPLATES.glob("*/print/base_print.html"))
    stylesheet = (TEMPLATES / "print" / "print.css").read_text()
    assert stylesheet.count("{{ pdf_font }}") == 2  # the page margins and the body


def test_the_stylesheet_uses_the_configured_font(settings, kosodate: User) -> None:
    settings.KASANE_PDF_FONT = "IPAexGothic"
    html = render_to_string(
        "print/base.html",
        {
            "frame": pdf.PrintFrame(subject="S", header="H", mark="M", footer_mark="F"),
            "pdf_font": pdf.font_family(),
            "printed_by": kosodate,
        },
    )
    assert 'font-family: "IPAexGothic", sans-serif' in html
    assert '<div class="print-mark">M</div>' in html
