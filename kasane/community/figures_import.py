"""Importing the city's 住民基本台帳 statistics by 町丁目 (a CSV) into `AreaFigures`.

The format (docs/operations.md, and the demo's kasane/demo/city/statistics.csv): one line per
area and year, the header first, UTF-8 (with or without a BOM) or Shift_JIS/CP932. Columns,
by their header (full-width, spaces and a few synonyms accepted, `COLUMNS`):

    地域コード or 町丁目名, 年度, 人口, 65歳以上, 75歳以上, 世帯数, 高齢者単身世帯数, 18歳未満
    (基準日: optional)

An area is found by its 地域コード when the line has one, else by its name (which must name
one active area). 年度 is 2025 or 令和7年度 (R7). Numbers may have commas (2,013).

`figures_import` checks every line and imports nothing when any line has an error (each with
its line number, in Japanese: unknown area, not a number, 75歳以上 > 65歳以上 > 人口, the same
area and year twice); a clean file is imported in one transaction: a new row per area and year,
or the year's row updated (lines equal to what is stored change nothing). `dry_run` says what
the import would do without writing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kasane.access.community import city_data_loader
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.community.models import AreaFigures, FiguresSource
from kasane.community.profile_services import FIGURE_FIELDS, check_figures, check_year
from kasane.core.errors import DomainError
from kasane.core.uploads import FileRefused, csv_rows
from kasane.organizations.models import Area

# Field → the header names accepted (the first is the documented one).
COLUMNS: dict[str, tuple[str, ...]] = {
    "area_code": ("地域コード", "町丁目コード", "町丁コード", "コード"),
    "area_name": ("町丁目名", "町丁目", "町丁名", "地域名", "地区名"),
    "year": ("年度", "集計年度"),
    "as_of": ("基準日", "時点"),
    "population": ("人口", "総人口", "人口総数", "人口計"),
    "aged_65": ("65歳以上", "65歳以上人口", "老年人口"),
    "aged_75": ("75歳以上", "75歳以上人口", "後期高齢者人口"),
    "households": ("世帯数", "世帯", "総世帯数"),
    "single_elderly_households": ("高齢者単身世帯数", "高齢単身世帯数", "65歳以上単身世帯数"),
    "children": ("18歳未満", "18歳未満人口", "児童人口"),
}
LABELS = {name: names[0] for name, names in COLUMNS.items()}
REQUIRED = ("year", *FIGURE_FIELDS)
WAREKI_YEAR = re.compile(r"^(?:令和|R)(\d{1,2}|元)(?:年度?)?$")
REIWA_OFFSET = 2018


@dataclass(frozen=True)
class LineError:
    line: int  # as a spreadsheet numbers it: the header is line 1
    column: str
    message: str


@dataclass(frozen=True)
class Planned:
    line: int
    area_name: str
    area_code: str
    year: int
    action: str  # 新規 / 更新 / 変更なし
    population: int


@dataclass
class ImportResult:
    errors: list[LineError] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "lines": len(self.planned),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _key(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The file's lines as text cells (header first, empty lines dropped), or `FileRefused`
    for a file that is too large, not a CSV, unreadable, too long or without the columns."""
    if len(content) > settings.KASANE_FIGURES_IMPORT_MAX_BYTES:
        limit = settings.KASANE_FIGURES_IMPORT_MAX_BYTES // 1024
        raise FileRefused(f"ファイルが大きすぎます（{limit:,} KB まで）。")
    if not name.lower().endswith((".csv", ".txt")):
        raise FileRefused("CSV ファイル（.csv）を選んでください。")
    rows = csv_rows(content, hint="住民基本台帳の統計を CSV で保存してください。")
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise FileRefused("ファイルが空です。")
    if len(rows) - 1 > settings.KASANE_FIGURES_IMPORT_MAX_ROWS:
        raise FileRefused(
            f"行が多すぎます（{settings.KASANE_FIGURES_IMPORT_MAX_ROWS:,}行まで）。"
            "ファイルを分けてください。"
        )
    _columns(rows[0])  # refuse a file without the columns before any line is read
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    """Field → column index; `FileRefused` naming the missing columns."""
    found: dict[str, int] = {}
    keys = [_key(cell) for cell in header]
    for name, synonyms in COLUMNS.items():
        for synonym in synonyms:
            if _key(synonym) in keys:
                found[name] = keys.index(_key(synonym))
                break
    missing = [LABELS[name] for name in REQUIRED if name not in found]
    if "area_code" not in found and "area_name" not in found:
        missing.insert(0, "地域コード（または町丁目名）")
    if missing:
        raise FileRefused(
            f"列「{'」「'.join(missing)}」がありません。1行目に列の名前を入れてください"
            "（形は運用の手引きにあります）。"
        )
    return found


@dataclass
class _Line:
    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    area: Area | None = None
    errors: list[LineError] = field(default_factory=list)

    def error(self, name: str, message: str) -> None:
        self.errors.append(LineError(self.number, LABELS.get(name, name), message))


def _number(line: _Line, name: str) -> int | None:
    text = _key(line.cells.get(name, "")).replace(",", "")
    if not text:
        line.error(name, f"{LABELS[name]}を入力してください。")
        return None
    if not text.isdigit():
        line.error(name, f"{LABELS[name]}「{line.cells[name]}」が数ではありません。")
        return None
    return int(text)


def _year(line: _Line) -> int | None:
    text = _key(line.cells.get("year", "")).removesuffix("年度")
    if wareki := WAREKI_YEAR.match(_key(line.cells.get("year", ""))):
        number = wareki.group(1)
        year = REIWA_OFFSET + (1 if number == "元" else int(number))
    elif text.isdigit() and len(text) == 4:
        year = int(text)
    else:
        line.error(
            "year", f"年度「{line.cells.get('year', '')}」が読めません（2025 か 令和7年度）。"
        )
        return None
    if message := check_year(year):
        line.error("year", message)
        return None
    return year


def _as_of(line: _Line) -> dt.date | None:
    text = _key(line.cells.get("as_of", ""))
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        line.error("as_of", f"基準日「{text}」が読めません（2026-01-01 の形）。")
        return None


def _read_line(columns: dict[str, int], cells: list[str], number: int) -> _Line:
    line = _Line(
        number,
        {name: cells[index] if index < len(cells) else "" for name, index in columns.items()},
    )
    numbers = {name: _number(line, name) for name in FIGURE_FIELDS}
    line.values = {"year": _year(line), "as_of": _as_of(line), **numbers}
    if all(value is not None for value in numbers.values()):
        for name, message in check_figures(numbers):
            line.error(name, message)
    return line


@dataclass
class _Areas:
    by_code: dict[str, Area]
    by_name: dict[str, list[Area]]


def _areas() -> _Areas:
    found = _Areas({}, {})
    for area in Area.objects.active():
        found.by_code[area.code] = area
        found.by_name.setdefault(_key(area.name), []).append(area)
    return found


def _find_area(line: _Line, areas: _Areas) -> None:
    code = _key(line.cells.get("area_code", ""))
    name = line.cells.get("area_name", "")
    if code:
        line.area = areas.by_code.get(code)
        if line.area is None:
            line.error("area_code", f"地域コード「{code}」の地域がありません。")
        elif name and _key(name) != _key(line.area.name):
            line.error("area_name", f"地域コード「{code}」は「{line.area.name}」です。")
        return
    matches = areas.by_name.get(_key(name), [])
    if not name:
        line.error("area_code", "地域コードか町丁目名を入力してください。")
    elif not matches:
        line.error("area_name", f"「{name}」という地域がありません。")
    elif len(matches) > 1:
        line.error("area_name", f"「{name}」という地域が複数あります。地域コードを入れてください。")
    else:
        line.area = matches[0]


def check_lines(table: list[list[str]]) -> tuple[list[_Line], list[LineError]]:
    """Every line read and checked (areas read once); the errors of all lines in order."""
    columns = _columns(table[0])
    areas = _areas()
    lines = [_read_line(columns, cells, number) for number, cells in enumerate(table[1:], 2)]
    first: dict[tuple[int, int], int] = {}
    for line in lines:
        _find_area(line, areas)
        if line.area is None or line.values["year"] is None:
            continue
        key = (line.area.pk, line.values["year"])
        if key in first:
            line.error("year", f"{first[key]}行目と同じ地域・年度です。1行にしてください。")
        else:
            first[key] = line.number
    return lines, [error for line in lines for error in line.errors]


def _plan(lines: list[_Line], result: ImportResult) -> tuple[list[AreaFigures], list[AreaFigures]]:
    """The rows to create and to update (read in one query), and the preview."""
    existing = {
        (row.area_id, row.year): row
        for row in AreaFigures.objects.filter(
            area__in=[line.area for line in lines],
            year__in={line.values["year"] for line in lines},
        )
    }
    new, changed = [], []
    for line in lines:
        area = line.area
        assert area is not None  # checked
        values = {name: line.values[name] for name in (*FIGURE_FIELDS, "as_of")}
        row = existing.get((area.pk, line.values["year"]))
        if row is None:
            action = "新規"
            new.append(AreaFigures(area=area, year=line.values["year"], **values))
            result.created += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            action = "更新"
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
            result.updated += 1
        else:
            action = "変更なし"
            result.unchanged += 1
        result.planned.append(
            Planned(
                line.number, area.name, area.code, line.values["year"], action, values["population"]
            )
        )
    return new, changed


def figures_import(
    *, actor: User, table: list[list[str]], filename: str, dry_run: bool = False
) -> ImportResult:
    """Check every line and, when none has an error, import them all in one transaction
    (nothing at all otherwise). Coordinators and admins only (`city_data_loader`)."""
    city_data_loader(actor)
    lines, errors = check_lines(table)
    result = ImportResult(errors=errors)
    if errors:
        return result
    if dry_run:
        _plan(lines, result)
        return result
    now = timezone.now()
    try:
        with transaction.atomic():
            _save(lines, result, actor, now, filename)
    except IntegrityError:  # another import added the same area and year meanwhile
        raise DomainError(
            "同じ地域・年度の数値が同時に登録されました。もう一度ファイルを選んでください。"
        ) from None
    return result


def _save(
    lines: list[_Line], result: ImportResult, actor: User, now: dt.datetime, filename: str
) -> None:
    new, changed = _plan(lines, result)
    for row in [*new, *changed]:
        row.entered_by = actor
        row.entered_at = now
        row.source = FiguresSource.IMPORT
    AreaFigures.objects.bulk_create(new)
    AreaFigures.objects.bulk_update(
        changed, [*FIGURE_FIELDS, "as_of", "entered_by", "entered_at", "source"]
    )
    audit_record(
        actor=actor,
        action="community.figures_import",
        details={"file": filename, **result.counts},
    )
