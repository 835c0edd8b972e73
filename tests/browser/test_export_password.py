"""A protected Excel export in a browser (issue 19): on a 375px phone, from the keyboard only,
a coordinator filters the case list, unfolds 「Excelで出力」, types a password twice and gets a
file that opens with that password only; the list's filter went with it, the fields are empty
again afterwards and the page never grew wider than the phone. A mistyped confirmation shows
the export's page with the message, and nothing is exported."""

from __future__ import annotations

import io
from pathlib import Path

import msoffcrypto
from openpyxl import load_workbook

from kasane.audit.models import AuditEvent
from kasane.core.xlsx import PASSWORD_MISMATCH
from tests.browser.conftest import PHONE

PASSWORD = "ひみつの合言葉2026"


def _decrypted(path: str) -> list[tuple]:
    office = msoffcrypto.OfficeFile(io.BytesIO(Path(path).read_bytes()))
    office.load_key(password=PASSWORD)
    output = io.BytesIO()
    office.decrypt(output)
    return list(load_workbook(output).active.iter_rows(values_only=True))


def test_a_coordinator_exports_a_protected_file_from_the_keyboard_on_a_phone(
    open_session,
) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    page.goto(f"{session.base_url}/cases/?status=support")
    fold = page.locator("details.export-fold")
    fold.locator("summary").focus()
    page.keyboard.press("Enter")
    assert fold.get_attribute("open") is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    rows = _decrypted(download.value.path())
    assert rows[0][0] == "ケース番号"
    assert {row[6] for row in rows[1:]} <= {"支援中"}  # the list's filter went with it
    page.wait_for_function(
        "[...document.querySelectorAll('.export-fold input[type=password]')]"
        ".every(input => input.value === '')"
    )
    event = AuditEvent.objects.get(action="case.export")
    assert event.details["protected"] is True and event.details["criteria"] == ["status"]


def test_a_mistyped_confirmation_exports_nothing_and_says_so(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    page.goto(f"{session.base_url}/outreach/")
    page.locator("details.export-fold summary").click()
    page.get_by_label("Excel のパスワード", exact=True).fill(PASSWORD)
    page.get_by_label("Excel のパスワード（確認）").fill(PASSWORD + "x")
    page.get_by_role("button", name="Excelで出力する").click()
    page.get_by_text(PASSWORD_MISMATCH).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not AuditEvent.objects.filter(action="outreach.export").exists()
    # The export's own page posts again with the same filters and gives the file.
    page.get_by_label("Excel のパスワード", exact=True).fill(PASSWORD)
    page.get_by_label("Excel のパスワード（確認）").fill(PASSWORD)
    with page.expect_download() as download:
        page.get_by_role("button", name="Excelで出力する").click()
    assert _decrypted(download.value.path())[0][0] == "No."
