"""Reading an uploaded directory file (CSV or Excel) into a table of text cells, and each row
into values with its errors in Japanese (row number, column, message). Nothing here writes:
`exchange_services.directory_import` does, only from a table with no errors.

A file is refused as a whole (`FileRefused`) when it is too large, has too many rows, is not a
CSV or an .xlsx, cannot be decoded (UTF-8 with or without a BOM, or Shift_JIS/CP932 as
municipal Excel saves CSV), or lacks a column of the export.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from openpyxl import load_workbook

from kasane.core.errors import DomainError
from kasane.core.uploads import FileRefused, csv_rows
from kasane.resources.exchange import COLUMNS, FORMULA_START, NO, YES, parse_schedules
from kasane.resources.models import PartnerOffer, Status
from kasane.resources.services import schedule_checked

TRUE_WORDS = {YES, "○", "◯", "1", "true", "TRUE", "True"}
FALSE_WORDS = {NO, "×", "0", "false", "FALSE", "False"}
STATUS_BY_LABEL = {label: value for value, label in Status.choices}
OFFER_BY_LABEL = {label: value for value, label in PartnerOffer.choices}
LIST_SPLIT = re.compile(r"[、,，]")
PLACE_COLUMNS = ("場所の名称", "郵便番号", "所在地", "地域コード", "地域名", "交通・バリアフリー")


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as Excel shows it (the header is row 1)
    column: str
    message: str


@dataclass
class Row:
    """One row's values, read and checked on its own (the database is asked later)."""

    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    @property
    def has_place(self) -> bool:
        return any(self.cells[name] for name in PLACE_COLUMNS)


# --- The file ------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileRefused("Excel のファイル（.xlsx）として読めません。") from None
    try:
        sheet = book.worksheets[0]
        limit = settings.KASANE_RESOURCE_IMPORT_MAX_ROWS + 2
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > limit:
                break
        return rows
    finally:
        book.close()


# A password-protected .xlsx is an encrypted OLE compound file (core/xlsx.py writes them).
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
PROTECTED_XLSX = (
    "パスワードで保護された Excel は取り込めません。Excel で「ファイル」→「情報」→"
    "「ブックの保護」→「パスワードを使用して暗号化」のパスワードを消して保存してから、選んでください。"
)


def check_size(size: int) -> None:
    """Refuse a file larger than the limit (before reading it)."""
    limit = settings.KASANE_RESOURCE_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(f"ファイルが大きすぎます（{limit // 1024 // 1024} MB まで）。")


def read_table(name: str, content: bytes) -> list[list[str]]:
    """The file's rows as text (the header first, empty rows dropped), or `FileRefused`."""
    check_size(len(content))
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "csv":
        rows = csv_rows(content, hint="書き出したファイルの形で保存してください。")
    elif suffix == "xlsx" and content.startswith(b"PK"):
        rows = _xlsx_rows(content)
    elif suffix == "xlsx" and content.startswith(OLE_MAGIC):
        raise FileRefused(PROTECTED_XLSX)
    else:
        raise FileRefused("CSV か Excel（.xlsx）のファイルを選んでください。")
    rows = [[cell.strip() for cell in row] for row in rows]
    if not rows:
        raise FileRefused("ファイルが空です。")
    header, body = rows[0], rows[1:]
    while body and not any(body[-1]):
        body.pop()
    if len(body) > settings.KASANE_RESOURCE_IMPORT_MAX_ROWS:
        raise FileRefused(
            f"行が多すぎます（{settings.KASANE_RESOURCE_IMPORT_MAX_ROWS:,}行まで）。"
            "ファイルを分けてください。"
        )
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FileRefused(
            f"列「{'」「'.join(missing)}」がありません。書き出したファイルと同じ列にしてください。"
        )
    return [header, *body]


# --- One row -------------------------------------------------------------------------------


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    cells = {}
    for name in COLUMNS:
        index = header.index(name)
        text = row[index] if index < len(row) else ""
        if text.startswith("'") and text[1:].startswith(FORMULA_START):
            text = text[1:]  # the export's guard against formulas
        cells[name] = text
    return cells


def _int(row: Row, column: str, low: int, high: int) -> int | None:
    text = unicodedata.normalize("NFKC", row.cells[column]).removesuffix("歳").strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        row.error(column, f"{low}〜{high} の数で入力してください。")
        return None
    return int(text)


def _bool(row: Row, column: str, default: bool) -> bool:
    text = row.cells[column]
    if not text:
        return default
    if text in TRUE_WORDS:
        return True
    if text not in FALSE_WORDS:
        row.error(column, f"「{YES}」か「{NO}」で入力してください。")
    return False


def _day(row: Row, column: str, *, past: bool = False) -> dt.date | None:
    text = unicodedata.normalize("NFKC", row.cells[column])
    if not text:
        return None
    try:
        day = dt.datetime.strptime(text.replace("/", "-"), "%Y-%m-%d").date()
    except ValueError:
        row.error(column, f"日付「{text}」が読めません（2026-04-01 の形）。")
        return None
    if past and day > timezone.localdate():
        row.error(column, "未来の日付です。")
    return day


def _uuid(row: Row, column: str) -> str:
    text = row.cells[column]
    if not text:
        return ""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        row.error(
            column, "IDの形が正しくありません（書き出したファイルのIDのままにしてください）。"
        )
        return ""


def _words(text: str) -> list[str]:
    return [word.strip() for word in LIST_SPLIT.split(text) if word.strip()]


def _organization(row: Row) -> dict[str, Any]:
    cells = row.cells
    offers = []
    for label in _words(cells["協力の内容"]):
        if label not in OFFER_BY_LABEL:
            row.error("協力の内容", f"協力の内容「{label}」は一覧にありません。")
        else:
            offers.append(OFFER_BY_LABEL[label])
    values = {
        "name": cells["運営団体"],
        "kana": cells["運営団体ふりがな"],
        "is_partner": _bool(row, "協力事業者", False),
        "partner_since": _day(row, "協力の合意日", past=True),
        "partner_offers": offers,
    }
    if not values["name"]:
        row.error("運営団体", "運営団体を入力してください。")
    if values["is_partner"] and values["partner_since"] is None:
        row.error("協力の合意日", "協力事業者には協力の合意日を入力してください。")
    if not values["is_partner"]:
        values.update(partner_since=None, partner_offers=[])
    return values


def _service(row: Row) -> dict[str, Any]:
    cells = row.cells
    values: dict[str, Any] = {
        "name": cells["社会資源"],
        "kana": cells["社会資源ふりがな"],
        "description": cells["内容"],
        "age_min": _int(row, "対象年齢（下限）", 0, 130),
        "age_max": _int(row, "対象年齢（上限）", 0, 130),
        "eligibility": cells["対象・どんな人が歓迎か"],
        "accommodations": cells["障害・病気への配慮"],
        "is_free": _bool(row, "無料", False),
        "fees": cells["費用"],
        "languages": cells["対応言語"],
        "capacity": _int(row, "定員", 0, 100000),
        "accepting_new": _bool(row, "新しい人を受け入れている", True),
        "contact_name": cells["担当者"],
        "contact_phone": cells["担当者の電話"],
        "contact_email": cells["担当者のメール"],
    }
    if not values["name"]:
        row.error("社会資源", "社会資源の名称を入力してください。")
    if not values["description"]:
        row.error("内容", "内容を入力してください。")
    low, high = values["age_min"], values["age_max"]
    if low is not None and high is not None and low > high:
        row.error("対象年齢（上限）", "対象年齢の上限が下限より小さくなっています。")
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            row.error("担当者のメール", "メールアドレスの形が正しくありません。")
    return values


def _state(row: Row) -> dict[str, Any]:
    label = row.cells["状態"] or Status.ACTIVE.label
    if label not in STATUS_BY_LABEL:
        row.error("状態", "状態は「運営中」「休止」「廃止」のどれかにしてください。")
    return {
        "status": STATUS_BY_LABEL.get(label, Status.ACTIVE),
        "status_since": _day(row, "状態の開始日", past=True),
        "assured_date": _day(row, "最終確認日", past=True),
    }


def _schedules(row: Row) -> list[dict[str, Any]]:
    try:
        schedules = parse_schedules(row.cells["日程"])
    except ValueError as error:
        row.error("日程", str(error))
        return []
    checked = []
    for values in schedules:
        try:  # the very check and defaults of a schedule entered on the page
            checked.append(schedule_checked(values))
        except DomainError as error:
            row.error("日程", error.message)
    return checked


def _place(row: Row) -> dict[str, Any] | None:
    if not row.has_place:
        return None
    cells = row.cells
    if not cells["場所の名称"] or not cells["所在地"]:
        row.error("所在地", "場所の名称と所在地を入力してください。")
    if not cells["地域コード"] and not cells["地域名"]:
        row.error("地域コード", "場所の地域コードか地域名を入力してください。")
    return {
        "name": cells["場所の名称"],
        "postal_code": cells["郵便番号"],
        "address": cells["所在地"],
        "access": cells["交通・バリアフリー"],
        "area_code": cells["地域コード"],
        "area_name": cells["地域名"],
    }


def read_row(header: list[str], cells: list[str], number: int) -> Row:
    """One row's values and the errors it has on its own."""
    row = Row(number, _cells(header, cells))
    row.values = {
        "service_id": _uuid(row, "社会資源ID"),
        "at_id": _uuid(row, "実施場所ID"),
        "organization": _organization(row),
        "service": _service(row),
        "categories": _words(row.cells["種類"]),
        "state": _state(row),
        "schedules": _schedules(row),
        "place": _place(row),
    }
    if not row.values["categories"]:
        row.error("種類", "種類を1つ以上入力してください。")
    return row


def read_rows(table: list[list[str]]) -> list[Row]:
    header, body = table[0], table[1:]
    return [
        read_row(header, cells, number) for number, cells in enumerate(body, start=2) if any(cells)
    ]
