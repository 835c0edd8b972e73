"""The figures of issue 18 in a real browser: the coordinator opens the dashboard from the menu,
follows 相談受付件数 to its 成果目標 and on to the list of the records behind it — as many as the
dashboard said — then goes to 国への報告 and downloads its Excel; the file read back holds, in
every cell the layout names, the figure the report counts, and the 定義 sheet says what each
one is."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.plan.catalogue import BY_CODE, year_span
from kasane.plan.report_layout import load_layout
from kasane.plan.state_report import BY_KEY, state_report
from tests.browser.conftest import DESKTOP


def _number(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


def test_the_coordinator_goes_from_the_dashboard_to_the_records_and_the_states_excel(
    open_session,
) -> None:
    year = fiscal_year(timezone.localdate())
    consultations = BY_CODE["consultations"].count(year_span(year))
    assert consultations > 0  # the demo's records of this year

    session = open_session(DESKTOP)
    page = session.page
    session.login("coordinator")
    page.get_by_role("navigation").get_by_role("link", name="ダッシュボード").first.click()
    page.get_by_role("heading", name="包括的相談支援").wait_for()
    row = page.locator("#entry-consultations")
    assert _number(row.locator("td").first.inner_text()) == consultations
    # The monthly chart is an image with its own title and a table of the same numbers.
    chart = page.locator("svg[role=img]").first
    assert chart.locator(":scope > title").count() == 1
    assert chart.locator(":scope > desc").count() == 1

    # The number opens its 成果目標, and the 成果目標 its list.
    row.locator("td").first.get_by_role("link").click()
    page.get_by_role("heading", name="相談件数", exact=False).first.wait_for()
    page.get_by_role("link", name=re.compile(f"記録の一覧.*{fiscal_year_label(year)}")).click()
    page.get_by_text("実績", exact=False).first.wait_for()
    assert _number(page.locator("main p strong").first.inner_text()) == consultations
    assert AuditEvent.objects.filter(action="plan.indicator_records").exists()

    # 国への報告 of the same year, and its Excel (counts only: no password asked).
    page.go_back()
    page.go_back()
    page.get_by_role("link", name=re.compile("国への報告")).first.click()
    page.get_by_role("heading", name=re.compile("国への報告")).first.wait_for()
    page.locator("details.export-fold summary").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Excelで出力する").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))

    figures = state_report(year).values
    layout = load_layout()
    sheet = workbook[layout.sheet] if layout.sheet else workbook.worksheets[0]
    for cell, key in layout.cells.items():
        if key in BY_KEY:
            assert sheet[cell].value == figures[key], (cell, key)
    assert sheet[next(c for c, k in layout.cells.items() if k == "consultations")].value == (
        consultations
    )
    definitions = {row[0]: row for row in workbook["定義"].iter_rows(values_only=True)}
    assert set(BY_KEY) <= set(definitions)
    assert AuditEvent.objects.filter(action="plan.report_export").exists()
