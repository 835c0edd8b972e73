"""The two Excel workbooks of the auditor's reports on one person: 「本人ごとの監査ログ」 (who
saw this person) and the disclosure export (one sheet per kind of record).

Every workbook of this module leaves through `workbook_bytes`, the one place where the
password protection of issue 19 (encrypted OOXML, `kasane.core`) wraps the file.

Both are written in openpyxl's write-only mode: rows stream to the file instead of building
a sheet in memory, so that a long history costs time in proportion, not memory squared.
Text that starts like a formula stays text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kasane.audit import display
from kasane.audit.actions import ACTIONS, OBJECT_TYPES
from kasane.audit.models import AuditEvent
from kasane.core.japanese import wareki
from kasane.disclosure.selectors import REVIEW, Disclosure, Section, cell
from kasane.people.models import Person

WAREKI_DATE = '[$-411]ggge"年"m"月"d"日"'
WAREKI_DATETIME = '[$-411]ggge"年"m"月"d"日" hh:mm'
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Sheet names: at most 31 characters, none of these.
_NOT_IN_SHEET_NAMES = str.maketrans({character: "・" for character in "[]:*?/\\"})

TRAIL_COLUMNS = (
    "日時",
    "利用者",
    "ユーザー名",
    "所属機関",
    "役割",
    "操作",
    "対象",
    "理由",
    "詳細",
)


def workbook_bytes(book: Workbook) -> bytes:
    """The saved workbook: the one exit of every workbook in this module (password
    protection wraps it here)."""
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    value = cell(value)
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        written.number_format = WAREKI_DATETIME
    elif isinstance(value, dt.date):
        written.number_format = WAREKI_DATE
    elif isinstance(value, str):
        written.data_type = "s"  # typed text, never a formula
        if "\n" in value:
            written.alignment = WRAP
    if bold:
        written.font = BOLD
    return written


def _append(sheet: WriteOnlyWorksheet, values: Iterable[Any], *, bold: bool = False) -> None:
    sheet.append([_cell(sheet, value, bold=bold) for value in values])


def _heading(sheet: WriteOnlyWorksheet, lines: Iterable[str], columns: Iterable[str]) -> None:
    for line in lines:
        _append(sheet, [line])
    _append(sheet, [])
    _append(sheet, columns, bold=True)


def sheet_title(title: str) -> str:
    return title.translate(_NOT_IN_SHEET_NAMES)[:31]


# --- Who saw this person -----------------------------------------------------------------------


def trail_row(event: AuditEvent) -> list[Any]:
    details = display.describe(event.action, event.object_type, event.details)
    # The labels from the dicts: the model's get_*_display rebuilds a dict of every choice on
    # each call (12 of 15 seconds of a 37,700-row export).
    kind = OBJECT_TYPES.get(event.object_type, event.object_type)
    target = f"{kind} #{event.object_id}" if event.object_type else ""
    return [
        event.at,
        event.actor.full_name if event.actor else "",
        event.actor_username,
        event.organization.name if event.organization else "",
        display.role_labels(event.roles),
        ACTIONS.get(event.action, event.action),
        target,
        event.reason,
        "\n".join(f"{detail.label}：{detail.text}" for detail in details),
    ]


def trail_workbook(
    person: Person, events: Iterable[AuditEvent], *, total: int, limit: int, made_by: str
) -> bytes:
    """「本人ごとの監査ログ」: a heading naming the person and the export, then one row per audit
    row, newest first (at most `limit`; the heading says when older rows were left out)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("閲覧・変更の記録")
    sheet.freeze_panes = "A5"
    lines = [
        f"本人ごとの監査ログ：{person.full_name}（{person.full_kana}）"
        f"　生年月日 {wareki(person.birth_date) or '不明'}　本人ID {person.pk}",
        f"この人の記録を表示・印刷・出力・変更した記録（新しい順）、全{total}件"
        + (f"のうち新しい{limit}件" if total > limit else "")
        + f"。{made_by}",
    ]
    _heading(sheet, lines, TRAIL_COLUMNS)
    for event in events:
        _append(sheet, trail_row(event))
    return workbook_bytes(book)


# --- The disclosure export ---------------------------------------------------------------------


def _cover(book: Workbook, disclosure: Disclosure, made_by: str) -> None:
    sheet = book.create_sheet("表紙")
    person = disclosure.person
    _append(sheet, ["開示請求への対応：保有個人情報の一覧"], bold=True)
    _append(sheet, ["本人", f"{person.full_name}（{person.full_kana}）"])
    _append(sheet, ["生年月日", person.birth_date or "不明"])
    _append(sheet, ["本人ID", person.pk])
    _append(sheet, ["作成日時", disclosure.made_at])
    _append(sheet, ["作成者", made_by])
    _append(sheet, [REVIEW, f"{disclosure.review_count}件（各シートの「{REVIEW}」の列）"])
    _append(sheet, [])
    _append(sheet, ["記録の種類", "件数", REVIEW], bold=True)
    for section in disclosure.sections:
        _append(sheet, [section.title, len(section.rows), section.review_count])


def _section_sheet(book: Workbook, section: Section) -> None:
    sheet = book.create_sheet(sheet_title(section.title))
    sheet.freeze_panes = "B2"
    _append(sheet, [REVIEW, *section.columns], bold=True)
    for row in section.rows:
        _append(sheet, [row.review, *row.values])
    if not section.rows:
        _append(sheet, ["", "記録はありません。"])


def disclosure_workbook(disclosure: Disclosure, *, made_by: str) -> bytes:
    """The cover (what each sheet holds, how many rows to review), then one sheet per kind."""
    book = Workbook(write_only=True)
    _cover(book, disclosure, made_by)
    for section in disclosure.sections:
        _section_sheet(book, section)
    return workbook_bytes(book)
