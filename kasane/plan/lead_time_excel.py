"""The year's 待ち時間 as an Excel workbook: 「待ち時間」, a row per measure with the numbers the
page shows (the same `overview` lines, nothing computed again), and 「定義」, what each measure
reads and how the numbers are found. Counts only, no personal data."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from kasane.plan.lead_times import Line

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FIGURES_SHEET = "待ち時間"
DEFINITIONS_SHEET = "定義"
FIGURES_HEADER = (
    "事業",
    "項目",
    "始まり",
    "終わり",
    "単位",
    "件数（終わったもの）",
    "中央値",
    "25%点",
    "75%点",
    "目安",
    "目安を超えた件数",
    "目安を超えた割合（%）",
    "待っている件数",
    "待っているうち目安を超えた件数",
)
METHOD = (
    "その年度に始まった記録（相談の受付、ケースの受付、最初のプランの承認、シートの送付、"
    "最初の接触の試み）について、次の段階までの日数を数えます。",
    "日数は日本時間の日付の差です（同じ日は0日）。年度の区切りも日本時間の0時です。",
    "つなぐシートは開庁日で数えます（送付日の翌日から、土日祝日と12月29日〜1月3日を除く）。",
    "中央値と四分位数（25%点・75%点）は終わりが記録されたものから求めます"
    "（線形補間、Excel の QUARTILE.INC と同じ方法。1件のときは3つともその値）。",
    "「目安を超えた」は目安より多い日数のものです。割合は終わったものに対する割合です。",
    "まだ次の段階にないものは「待っている」として別に数え、出力した日までの日数で目安と比べます。",
)


def lead_times_xlsx(lines: list[Line], *, year_label: str) -> bytes:
    book = Workbook()
    figures = book.active
    assert figures is not None
    figures.title = FIGURES_SHEET
    figures.append([f"待ち時間（リードタイム）　{year_label}"])
    figures["A1"].font = BOLD
    figures.append([])
    _table(figures, FIGURES_HEADER, [_figures_row(line) for line in lines], first=3)
    _widths(figures, (20, 36, 16, 16, 8, *([12] * 9)))
    figures.freeze_panes = "C4"
    definitions = book.create_sheet(DEFINITIONS_SHEET)
    rows = [
        [line.measure.program, line.measure.label, line.measure.unit, line.measure.definition]
        for line in lines
    ]
    _table(definitions, ("事業", "項目", "単位", "定義"), rows, first=1)
    definitions.append([])
    definitions.append(["数え方"])
    definitions.cell(row=definitions.max_row, column=1).font = BOLD
    for sentence in METHOD:
        definitions.append([sentence])
    _widths(definitions, (20, 36, 8, 80))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _figures_row(line: Line) -> list[Any]:
    summary, measure = line.summary, line.measure
    return [
        measure.program,
        measure.label,
        measure.start_label,
        measure.end_label,
        measure.unit,
        summary.count,
        summary.median,
        summary.q1,
        summary.q3,
        line.limit,
        summary.over,
        summary.over_percent,
        summary.waiting,
        summary.waiting_over,
    ]


def _table(sheet: Any, header: tuple[str, ...], rows: list[list[Any]], *, first: int) -> None:
    sheet.append(list(header))
    for cell in sheet[first]:
        cell.font = BOLD
        cell.alignment = WRAP
    for row in rows:
        sheet.append(row)
    for written in sheet.iter_rows(min_row=first + 1):
        for cell in written:
            cell.alignment = WRAP
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula


def _widths(sheet: Any, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
