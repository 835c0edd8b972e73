"""The cases Excel export: the filtered list the user may see, one row per case, at most
`EXPORT_LIMIT` rows (a note says when more were left out). Addresses and phones go through the
one masking rule (`kasane.people.contact`) and are masked whenever the main person's home is
restricted: an export never unmasks, whatever grants the user holds."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font

from kasane.people.contact import case_contact

if TYPE_CHECKING:
    from kasane.cases.selectors import ListedCase

EXPORT_LIMIT = 5000
WAREKI_FORMAT = '[$-411]ggge"年"m"月"d"日"'
EXPORT_COLUMNS = (
    "ケース番号",
    "ケース",
    "主たる本人",
    "フリガナ",
    "住所",
    "電話",
    "状態",
    "事業",
    "主担当",
    "受付日",
    "最後の接触日",
    "次のモニタリング予定日",
    "終了日",
    "終結の理由",
)


@dataclass(frozen=True)
class Export:
    content: bytes
    rows: int  # the rows written
    total: int  # the rows the filters matched
    people: list[int]  # the people named in the rows written, for the audit row


def cases_export(cases: QuerySet[ListedCase]) -> Export:
    """The workbook of `selectors.case_list` (which annotates `home_restricted` and `leads`)."""
    total = cases.count()
    rows = list(cases[:EXPORT_LIMIT])
    return Export(
        content=_workbook(rows, total),
        rows=len(rows),
        total=total,
        people=[case.main_person_id for case in rows],
    )


def _export_row(case: ListedCase) -> list[Any]:
    person = case.main_person
    lead = case.leads[0].organization.name if case.leads else ""
    return [
        case.pk,
        case.title,
        person.full_name,
        person.full_kana,
        case_contact(person, None, "full_address", masked=case.home_restricted),
        case_contact(person, None, "phone", masked=case.home_restricted),
        case.get_status_display(),
        "、".join(case.program_labels),
        lead,
        case.opened_on,
        case.last_contact_on,
        case.next_monitoring_on,
        case.ended_on,
        case.get_closing_reason_display(),
    ]


def _workbook(cases: list[ListedCase], total: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "支援ケース"
    sheet.append(EXPORT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, case in enumerate(cases, start=2):
        # Cell by cell: looking a row up after append() rescans the sheet (quadratic).
        for column, value in enumerate(_export_row(case), start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, dt.date):
                cell.number_format = WAREKI_FORMAT
            elif cell.data_type == "f":
                cell.data_type = "s"  # typed text, never a formula
    if total > len(cases):
        sheet.append(
            [f"先頭の{len(cases)}件だけを出力しました（全{total}件）。絞り込んでください。"]
        )
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
