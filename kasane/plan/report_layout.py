"""The Excel layout of 国への報告: a template workbook and a mapping of its cells to figures, both
data, so that the city follows a change of the state's survey without a change of code.

The layout lives in one folder: the default in the package (kasane/plan/report/), or the folder
the setting `KASANE_STATE_REPORT_DIR` names. The folder holds `mapping.toml`:

    template = "template.xlsx"   # the workbook to fill, a file of this folder
    sheet = "実施状況"            # the sheet to fill (optional: the workbook's first sheet)

    [cells]                       # a cell address = the key of a figure
    C2 = "report.fiscal_year"
    C8 = "consultations"
    C9 = "consultations.route.visit"

A key is one of `kasane.plan.state_report.DEFINITIONS` (the 定義 sheet of any export lists them
all, with their labels and definitions) or a text field of `state_report.FIELDS` (年度, 対象期間,
作成日). Cells not named keep what the template has (headings, labels, borders); a figure not
named is still listed on the second sheet, 「定義」, which every export adds (replacing a sheet of
that name in the template).

The mapping is checked whenever it is read (`load_layout`, and `manage.py check` through the
app's system check): an unknown key, a cell that is not an address, a merged cell other than its
top-left one, a missing sheet or template stops the export with a message saying which line is
wrong; it never produces a sheet with a wrong figure in it.

`manage.py state_report_template` writes the default layout (the files committed in the
package) from `DEFINITIONS`; run it again after adding a figure.
"""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter

from kasane.plan.state_report import BY_KEY, DEFINITIONS, FIELDS, PROGRAMS, StateReport

DEFAULT_DIR = Path(__file__).resolve().parent / "report"
MAPPING = "mapping.toml"
DEFINITIONS_SHEET = "定義"
CELL = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
MAX_COLUMN, MAX_ROW = 16_384, 1_048_576
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


class LayoutError(Exception):
    """The layout cannot be used: the message says which file and line, in Japanese and English."""


@dataclass(frozen=True)
class Layout:
    directory: Path
    template: Path
    sheet: str | None
    cells: dict[str, str]  # cell address → key


def layout_dir() -> Path:
    configured = settings.KASANE_STATE_REPORT_DIR
    return Path(configured) if configured else DEFAULT_DIR


def load_layout(directory: Path | None = None) -> Layout:
    """The layout of `directory` (the configured one by default), checked: every problem found
    is in the one `LayoutError` raised."""
    directory = directory or layout_dir()
    raw = _read_mapping(directory / MAPPING)
    errors: list[str] = []
    template = _template_path(directory, raw, errors)
    sheet = raw.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        errors.append("sheet は文字列で書いてください (sheet must be a string).")
        sheet = None
    cells = raw.get("cells")
    if not isinstance(cells, dict) or not cells:
        errors.append("[cells] の表がありません (the mapping has no [cells] table).")
        cells = {}
    for cell, key in cells.items():
        errors += _cell_errors(cell, key)
    if template is not None and not errors:
        errors += _template_errors(template, sheet, cells)
    if errors:
        lines = "\n".join(f"- {error}" for error in errors)
        raise LayoutError(
            f"国への報告のレイアウト {directory / MAPPING} に誤りがあります "
            f"(the state report's layout is invalid):\n{lines}"
        )
    assert template is not None
    return Layout(directory, template, sheet, {cell: str(key) for cell, key in cells.items()})


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise LayoutError(
            f"国への報告のレイアウト {path} がありません (the layout's mapping is missing)."
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(
            f"国への報告のレイアウト {path} を読めません (not valid TOML): {error}"
        ) from None


def _template_path(directory: Path, raw: dict[str, Any], errors: list[str]) -> Path | None:
    name = raw.get("template")
    if not isinstance(name, str) or not name:
        errors.append('template = "ファイル名.xlsx" がありません (no template named).')
        return None
    path = directory / name
    if not path.is_file():
        errors.append(f"ひな形 {path} がありません (the template file is missing).")
        return None
    return path


def _cell_errors(cell: str, key: Any) -> list[str]:
    errors = []
    found = CELL.match(cell)
    if found is None or column_index_from_string(found[1]) > MAX_COLUMN or int(found[2]) > MAX_ROW:
        errors.append(f"{cell}: Excel のセル番地ではありません (not a cell address like C8).")
    if not isinstance(key, str) or (key not in BY_KEY and key not in FIELDS):
        errors.append(
            f"{cell} = {key!r}: 国への報告の項目にありません (unknown figure key; "
            "the 定義 sheet of an export lists the keys)."
        )
    return errors


def _template_errors(template: Path, sheet: str | None, cells: dict[str, Any]) -> list[str]:
    try:
        book = load_workbook(template)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        return [f"ひな形 {template} を Excel として読めません (not an .xlsx workbook): {error}"]
    if sheet is not None and sheet not in book.sheetnames:
        return [f"ひな形にシート「{sheet}」がありません (no sheet named {sheet!r})."]
    name = sheet or book.sheetnames[0]
    if name == DEFINITIONS_SHEET:
        return [f"記入するシートの名前に「{DEFINITIONS_SHEET}」は使えません (reserved name)."]
    target = book[name]
    return [
        f"{cell}: 結合したセルの左上以外には書き込めません (inside a merged cell)."
        for cell in cells
        if isinstance(target[cell], MergedCell)
    ]


# --- filling it ---


def report_xlsx(report: StateReport, layout: Layout, *, made_on: Any) -> bytes:
    """The template with the mapped cells filled, and the 定義 sheet of every figure."""
    book = load_workbook(layout.template)
    sheet = book[layout.sheet] if layout.sheet else book.worksheets[0]
    values: dict[str, Any] = {**report.values, **report.fields(made_on)}
    for cell, key in layout.cells.items():
        sheet[cell] = values[key]
        if isinstance(values[key], str):
            sheet[cell].data_type = "s"  # text, never a formula
    if DEFINITIONS_SHEET in book.sheetnames:
        del book[DEFINITIONS_SHEET]
    _definitions_sheet(book.create_sheet(DEFINITIONS_SHEET), report)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _definitions_sheet(sheet: Any, report: StateReport) -> None:
    sheet.append(["キー", "事業", "項目", "値", "単位", "定義"])
    for cell in sheet[1]:
        cell.font = BOLD
    for figure in report.figures:
        definition = figure.definition
        sheet.append(
            [
                definition.key,
                definition.program,
                definition.label,
                figure.value,
                definition.unit,
                definition.definition,
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for column, width in zip("ABCDEF", (34, 18, 40, 10, 6, 70), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


# --- the default layout ---


def default_layout() -> tuple[bytes, str]:
    """The default template (one row per figure, grouped by program: heading, label, value,
    unit) and its mapping, as `manage.py state_report_template` writes them."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "実施状況"
    cells: list[tuple[str, str, str]] = []  # (cell, key, comment)
    sheet["A1"] = "重層的支援体制整備事業 実施状況（国への報告）"
    sheet["A1"].font = BOLD
    for row, (key, label) in enumerate(FIELDS.items(), start=2):
        sheet.cell(row=row, column=1, value=label)
        cells.append((f"C{row}", key, label))
    row = len(FIELDS) + 3
    for column, heading in enumerate(("事業", "項目", "値", "単位"), start=1):
        sheet.cell(row=row, column=column, value=heading).font = BOLD
    for program in PROGRAMS:
        row += 1
        sheet.cell(row=row, column=1, value=program).font = BOLD
        for definition in (d for d in DEFINITIONS if d.program == program):
            row += 1
            sheet.cell(row=row, column=2, value=definition.label)
            sheet.cell(row=row, column=4, value=definition.unit)
            cells.append((f"C{row}", definition.key, definition.label))
    for column, width in zip((1, 2, 3, 4), (24, 56, 14, 8), strict=True):
        sheet.column_dimensions[get_column_letter(column)].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), _mapping_text(sheet.title, cells)


def _mapping_text(sheet: str, cells: list[tuple[str, str, str]]) -> str:
    lines = [
        "# 国への報告のレイアウト: ひな形のセルと項目のキーの対応（report_layout.py）。",
        "# 国の調査が変わったら、ひな形とこのファイルを直す（コードの変更は不要）。",
        'template = "template.xlsx"',
        f'sheet = "{sheet}"',
        "",
        "[cells]",
    ]
    lines += [f'{cell} = "{key}"  # {comment}' for cell, key, comment in cells]
    return "\n".join(lines) + "\n"
