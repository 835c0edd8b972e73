"""The CSV and Excel exports: one row per service at a place under Japanese headers, schedules
as readable lines that parse back, formulas as text, audited, 404 for those who may not read
the directory, and queries that do not grow with the rows."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.resources import exchange
from kasane.resources.hsds import hsds_id
from kasane.resources.models import Schedule, ServiceAtLocation
from tests.conftest import client_for, queries_for
from tests.resources.helpers import CARERS_CAFE, demo_service, new_service

pytestmark = pytest.mark.django_db


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_it_writes_one_row_per_service_at_a_place(sanka: User) -> None:
    response = client_for(sanka).get(reverse("resources:export_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = _csv_rows(response.content)
    assert list(rows[0]) == list(exchange.COLUMNS)
    cafe = demo_service(CARERS_CAFE)
    at = cafe.at_locations.select_related("location__area").first()
    row = next(r for r in rows if r["実施場所ID"] == hsds_id("service_at_location", at.pk))
    assert row["社会資源ID"] == hsds_id("service", cafe.pk)
    assert row["社会資源"] == CARERS_CAFE
    assert row["運営団体"] == cafe.organization.name
    assert row["地域コード"] == at.location.area.code
    assert row["地域名"] == at.location.area.name
    assert row["最終確認日"] == cafe.assured_date.isoformat()
    assert row["状態"] == "運営中"
    for line, schedule in zip(row["日程"].splitlines(), at.schedules.order_by("pk"), strict=True):
        assert exchange.parse_schedule(line)["byday"] == schedule.byday
    assert len(rows) >= ServiceAtLocation.objects.count()
    event = AuditEvent.objects.filter(action="resource.export").latest("pk")
    assert event.details["format"] == "csv" and event.actor == sanka


def test_the_excel_file_has_the_same_rows_and_formulas_as_text(
    coordinator: User, sanka: User
) -> None:
    new_service(coordinator, name='=HYPERLINK("x")の会', description="=1+1")
    content = client_for(sanka).post(reverse("resources:export_xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exchange.COLUMNS
    formula = next(r for r in rows if r[7] == '=HYPERLINK("x")の会')
    cell = next(c for c in sheet[rows.index(formula) + 1] if c.value == "=1+1")
    assert cell.data_type == "s"
    csv_rows = _csv_rows(client_for(sanka).get(reverse("resources:export_csv")).content)
    assert len(csv_rows) == len(rows) - 1
    assert next(r for r in csv_rows if r["内容"].endswith("=1+1"))["内容"] == "'=1+1"


@pytest.mark.parametrize(
    "line",
    [
        "毎週 月・水 10:00〜12:00",
        "毎月 第2火・最終金 13:30〜15:00",
        "2週ごと 土 09:00〜",
        "毎週 木 期間:2026-04-01〜2027-03-31 備考:祝日は休み",
    ],
)
def test_a_schedule_line_reads_back_as_it_was_written(line: str) -> None:
    schedule = Schedule(**exchange.parse_schedule(line))
    schedule.byday = schedule.byday.upper()
    assert exchange.schedule_text(schedule) == line


def test_its_queries_do_not_grow_with_the_rows(sanka: User, coordinator: User) -> None:
    for name in ("resources:export_csv", "resources:export_xlsx"):
        url, post = reverse(name), ({} if name.endswith("xlsx") else None)
        before = queries_for(client_for(sanka), url, post=post)
        new_service(coordinator, name=f"増やす居場所{name}")
        new_service(coordinator, name=f"もう一つ{name}")
        assert queries_for(client_for(sanka), url, post=post) == before
