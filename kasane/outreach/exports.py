"""The watch list's Excel export: the filtered list the user may see, in the list's order, one
row per target, at most `EXPORT_LIMIT` rows (a last line says when more were left out). The
rows are those of the 訪問予定表 (`selectors.round_sheet`): addresses through the one masking
rule, never unmasked."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from kasane.cases.exports import EXPORT_LIMIT, WAREKI_FORMAT
from kasane.outreach.selectors import RoundRow, RoundSheet

__all__ = ["EXPORT_COLUMNS", "EXPORT_LIMIT", "workbook"]

EXPORT_COLUMNS = (
    "No.",
    "対象番号",
    "町丁目",
    "住所",
    "対象（氏名・様子）",
    "段階",
    "リスク",
    "次回の接触予定日",
    "最後の接触日",
    "最後の接触の方法",
    "最後の接触の結果",
    "次の手立て",
    "最後に会えた日",
    "見直し日",
    "担当",
)


def _export_row(row: RoundRow) -> list[Any]:
    target, attempt = row.target, row.last_attempt
    return [
        row.number,
        target.pk,
        row.town,
        row.address,
        row.who,
        target.get_stage_display(),
        target.get_risk_display(),
        target.next_contact_on,
        timezone.localtime(attempt.occurred_at).date() if attempt else None,
        attempt.get_method_display() if attempt else "",
        attempt.get_result_display() if attempt else "",
        attempt.next_step if attempt else "",
        target.last_contact_on,
        target.review_on,
        "、".join(_assignment(a) for a in target.current),
    ]


def _assignment(assignment: Any) -> str:
    organization = assignment.organization
    name = organization.short_name or organization.name
    return f"{name}（{assignment.worker.full_name}）" if assignment.worker else name


def workbook(sheet_rows: RoundSheet) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "アウトリーチ対象"
    sheet.append(EXPORT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(sheet_rows.rows, start=2):
        # Cell by cell: looking a row up after append() rescans the sheet (quadratic).
        for column, value in enumerate(_export_row(row), start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, dt.date):
                cell.number_format = WAREKI_FORMAT
            elif cell.data_type == "f":
                cell.data_type = "s"  # typed text, never a formula
    if sheet_rows.is_cut:
        sheet.append(
            [
                f"先頭の{len(sheet_rows.rows):,}件だけを出力しました"
                f"（全{sheet_rows.total.label}）。絞り込んでください。"
            ]
        )
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
