"""The 年度計画 table as an Excel workbook: one sheet, a row per 取組, a column per fiscal year
(和暦), each cell the milestone and, below it, the latest progress. No personal data."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kasane.plan.selectors import Cell, PlanTable

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FIXED_COLUMNS = ("プロジェクト", "取組", "中心となる取組主体")


def cell_text(cell: Cell) -> str:
    text = cell.milestone
    if cell.progress is not None:
        progress = f"【{cell.progress.get_status_display()}】{cell.progress.note}".strip()
        text = f"{text}\n{progress}" if text else progress
    return text


def plan_xlsx(table: PlanTable) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "年度計画"
    sheet.append([f"{table.plan.title}　年度計画（{table.plan.period_label}）"])
    sheet["A1"].font = BOLD
    sheet.append([])
    sheet.append([*FIXED_COLUMNS, *(label for _, label in table.years)])
    for column in sheet[3]:
        column.font = BOLD
    for rows in table.projects:
        project = f"({rows.project.order}) {rows.project.title}"
        if not rows.initiatives:
            sheet.append([project])
        for row in rows.initiatives:
            initiative = row.initiative
            values = [project, f"{initiative.label} {initiative.title}", initiative.lead]
            # typed text, never a formula: titles are what users typed
            sheet.append([*values, *(cell_text(cell) for cell in row.cells)])
    for row in sheet.iter_rows(min_row=4):
        for written in row:
            written.alignment = WRAP
            if isinstance(written.value, str):
                written.data_type = "s"
    widths = [24, 36, 20, *([28] * len(table.years))]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    sheet.freeze_panes = "D4"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
