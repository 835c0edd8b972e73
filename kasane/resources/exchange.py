"""The directory as a table (CSV and Excel), and back (issue 16).

One row per service at a place (HSDS service_at_location), with the service's and its
organisation's columns repeated; a service with no place, or with schedules of its own, has one
more row with the place columns empty. The headers are Japanese and the same for export and
import (`COLUMNS`): a file exported, edited in Excel and imported again is the import's format.

Schedules are one cell, one schedule a line, as the directory shows them and a parser reads
back (`schedule_text`, `parse_schedules`):

    毎週 月・水 10:00〜12:00
    毎月 第2火・最終金 13:30〜15:00 期間:2026-04-01〜2027-03-31 備考:祝日は休み

The ids are the HSDS export's (`hsds.hsds_id`): an import matches a row's records by them.
Cells that look like formulas are written as text, never as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Font

from kasane import access
from kasane.resources.hsds import hsds_id
from kasane.resources.models import (
    WEEKDAY_LABELS,
    WEEKDAYS,
    Freq,
    PartnerOffer,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
    parse_byday,
)

LIST_SEPARATOR = "、"
YES, NO = "はい", "いいえ"

COLUMNS = (
    "社会資源ID",
    "実施場所ID",
    "運営団体",
    "運営団体ふりがな",
    "協力事業者",
    "協力の合意日",
    "協力の内容",
    "社会資源",
    "社会資源ふりがな",
    "内容",
    "種類",
    "対象年齢（下限）",
    "対象年齢（上限）",
    "対象・どんな人が歓迎か",
    "障害・病気への配慮",
    "無料",
    "費用",
    "対応言語",
    "定員",
    "新しい人を受け入れている",
    "日程",
    "場所の名称",
    "郵便番号",
    "所在地",
    "地域コード",
    "地域名",
    "交通・バリアフリー",
    "担当者",
    "担当者の電話",
    "担当者のメール",
    "最終確認日",
    "状態",
    "状態の開始日",
)


# --- Schedules as text ---------------------------------------------------------------------


def _day_label(ordinal: int, day: int) -> str:
    name = WEEKDAY_LABELS[WEEKDAYS[day]]
    if ordinal == -1:
        return f"最終{name}"
    return f"第{ordinal}{name}" if ordinal else name


def schedule_text(schedule: Schedule) -> str:
    """One line: 毎週|毎月|N週ごと|Nか月ごと, the days, the hours, then the optional period
    and note."""
    if schedule.interval > 1:
        every = f"{schedule.interval}{'週ごと' if schedule.freq == Freq.WEEKLY else 'か月ごと'}"
    else:
        every = "毎週" if schedule.freq == Freq.WEEKLY else "毎月"
    days = "・".join(_day_label(o, d) for o, d in parse_byday(schedule.freq, schedule.byday))
    parts = [every, days]
    if schedule.opens_at:
        closes = f"{schedule.closes_at:%H:%M}" if schedule.closes_at else ""
        parts.append(f"{schedule.opens_at:%H:%M}〜{closes}")
    if schedule.valid_from or schedule.valid_to:
        start = schedule.valid_from.isoformat() if schedule.valid_from else ""
        end = schedule.valid_to.isoformat() if schedule.valid_to else ""
        parts.append(f"期間:{start}〜{end}")
    if schedule.description:
        parts.append(f"備考:{schedule.description}")
    return " ".join(parts)


EVERY = re.compile(r"^(?:(毎週)|(毎月)|(\d+)週ごと|(\d+)か月ごと)$")
DAY = re.compile(r"^(?:第([1-5])|(最終))?([月火水木金土日])(?:曜日?)?$")
HOURS = re.compile(r"^(\d{1,2}):(\d{2})[〜~\-](?:(\d{1,2}):(\d{2}))?$")
PERIOD = re.compile(r"^期間:(\d{4}-\d{2}-\d{2})?[〜~](\d{4}-\d{2}-\d{2})?$")


def _time(hours: str, minutes: str) -> dt.time:
    try:
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"時刻「{hours}:{minutes}」が読めません。") from None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日付「{text}」が読めません（2026-04-01 の形）。") from None


def parse_schedule(line: str) -> dict[str, Any]:
    """The values of one schedule line (`schedule_text`'s format); a ValueError with a
    Japanese message when it cannot be read. Full-width digits and spaces are accepted."""
    text = unicodedata.normalize("NFKC", line).replace("～", "〜").strip()
    note = ""
    if "備考:" in text:
        text, note = (part.strip() for part in text.split("備考:", 1))
    words = text.split()
    if len(words) < 2 or not (every := EVERY.match(words[0])):
        raise ValueError(f"日程「{line}」の始めは 毎週・毎月・2週ごと などにしてください。")
    weekly, _monthly, weeks, months = every.groups()
    freq = Freq.WEEKLY if weekly or weeks else Freq.MONTHLY
    values: dict[str, Any] = {"freq": freq, "interval": int(weeks or months or 1)}
    days = []
    for token in words[1].split("・"):
        day = DAY.match(token)
        if day is None:
            raise ValueError(f"日程「{line}」の曜日「{token}」が読めません。")
        ordinal, last, name = day.groups()
        code = WEEKDAYS["月火水木金土日".index(name)]
        days.append(f"{'-1' if last else ordinal or ''}{code}")
    values["byday"] = ",".join(days)
    parse_byday(freq, values["byday"])  # 第2 on a weekly schedule: a ValueError
    values.update(opens_at=None, closes_at=None, valid_from=None, valid_to=None)
    for word in words[2:]:
        if hours := HOURS.match(word):
            values["opens_at"] = _time(*hours.groups()[:2])
            if hours.group(3):
                values["closes_at"] = _time(hours.group(3), hours.group(4))
        elif period := PERIOD.match(word):
            values["valid_from"], values["valid_to"] = (_date(d) for d in period.groups())
        else:
            raise ValueError(f"日程「{line}」の「{word}」が読めません。")
    values["description"] = note
    return values


def parse_schedules(cell: str) -> list[dict[str, Any]]:
    """Every line of a schedule cell (empty lines skipped)."""
    return [parse_schedule(line) for line in re.split(r"[\r\n；;]+", cell) if line.strip()]


# --- Export --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    rows: list[list[Any]]  # under COLUMNS
    services: int


def _yes(value: bool) -> str:
    return YES if value else NO


def _service_cells(service: Service) -> list[Any]:
    organization = service.organization
    offers = [
        PartnerOffer(o).label for o in organization.partner_offers if o in PartnerOffer.values
    ]
    return [
        organization.name,
        organization.kana,
        _yes(organization.is_partner),
        organization.partner_since,
        LIST_SEPARATOR.join(offers),
        service.name,
        service.kana,
        service.description,
        LIST_SEPARATOR.join(category.name for category in service.categories.all()),
        service.age_min,
        service.age_max,
        service.eligibility,
        service.accommodations,
        _yes(service.is_free),
        service.fees,
        service.languages,
        service.capacity,
        _yes(service.accepting_new),
    ]


def _tail(service: Service) -> list[Any]:
    return [
        service.contact_name,
        service.contact_phone,
        service.contact_email,
        service.assured_date,
        Status(service.status).label,
        service.status_since,
    ]


def _rows_of(service: Service) -> list[list[Any]]:
    head = _service_cells(service)
    schedules = list(service.schedules.all())
    rows = []
    for at in service.at_locations.all():
        location = at.location
        lines = [schedule_text(s) for s in schedules if s.service_at_location_id == at.pk]
        place = [
            location.name,
            location.postal_code,
            location.address,
            location.area.code,
            location.area.name,
            location.access,
        ]
        ids = [hsds_id("service", service.pk), hsds_id("service_at_location", at.pk)]
        rows.append([*ids, *head, "\n".join(lines), *place, *_tail(service)])
    unplaced = [schedule_text(s) for s in schedules if s.service_at_location_id is None]
    if unplaced or not rows:
        ids = [hsds_id("service", service.pk), ""]
        rows.append([*ids, *head, "\n".join(unplaced), *[""] * 6, *_tail(service)])
    return rows


def directory_table(user: Any) -> Table:
    """Every service of the directory (every status, in the order of our primary keys), its
    rows under `COLUMNS`. 404 for those who may not read the directory; a fixed number of
    queries whatever the number of rows."""
    services = (
        access.services_for_user(user)
        .order_by("pk")
        .prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.order_by("sort_order", "pk")),
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__area").order_by("pk"),
            ),
            Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        )
    )
    rows: list[list[Any]] = []
    count = 0
    for service in services:
        rows += _rows_of(service)
        count += 1
    return Table(rows, count)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


FORMULA_START = ("=", "+", "-", "@")


def csv_cell(value: Any) -> str:
    """A cell Excel would read as a formula gets a leading ' (the import takes it off)."""
    text = _text(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def table_csv(table: Table) -> bytes:
    """UTF-8 with a BOM (Excel opens it in Japanese), every cell as text."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table.rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + output.getvalue()).encode()


def table_xlsx(table: Table) -> bytes:
    """Dates as ISO text (re-imported as they were), every formula-like cell as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = "社会資源"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table.rows, start=2):
        # Cell by cell: looking a row up after append() rescans the sheet (quadratic).
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=_text(value) or None)
            if cell.data_type == "f":
                cell.data_type = "s"  # typed text, never a formula
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
