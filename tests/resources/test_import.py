"""The import from CSV or Excel: a dry run reports every row's errors in Japanese (row,
column, message) and saves nothing; a clean file is imported in one transaction on
confirmation, audited with its counts; the same file twice changes nothing (the whole demo
export imports as "unchanged"); CP932 CSV reads; other files, too large or too long files are
refused; only those who keep the directory reach it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import Workbook

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.resources import exchange
from kasane.resources.exchange_services import directory_import
from kasane.resources.models import ResourceOrganization, Schedule, Service
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEW_ROW = {
    "運営団体": "取り込みの会",
    "運営団体ふりがな": "とりこみのかい",
    "協力事業者": "はい",
    "協力の合意日": "2026-04-01",
    "協力の内容": "居場所、ボランティア受け入れ",
    "社会資源": "取り込みカフェ",
    "社会資源ふりがな": "とりこみかふぇ",
    "内容": "誰でも来られるカフェ",
    "種類": "居場所",
    "対象年齢（下限）": "15",
    "対象年齢（上限）": "39",
    "無料": "はい",
    "新しい人を受け入れている": "はい",
    "日程": "毎週 月・水 10:00〜12:00\n毎月 第2土 13:00〜15:00 備考:祝日は休み",
    "場所の名称": "取り込み会館",
    "所在地": "デモ市北町1-2-3",
    "地域名": "北町1丁目",
    "最終確認日": "2026-10-01",
    "状態": "運営中",
}


def _csv(rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(exchange.COLUMNS)
    for row in rows:
        writer.writerow([row.get(name, "") for name in exchange.COLUMNS])
    return output.getvalue().encode(encoding)


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    book = Workbook()
    book.active.append(exchange.COLUMNS)
    for row in rows:
        book.active.append([row.get(name) or None for name in exchange.COLUMNS])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _check(client: Client, content: bytes, name: str = "resources.csv"):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("resources:import"), {"file": upload})


def _import(client: Client, content: bytes, name: str = "resources.csv"):  # type: ignore[no-untyped-def]
    response = _check(client, content, name)
    assert response.status_code == 200
    assert "confirm_form" in response.context, response.context.get("result")
    token = response.context["confirm_form"].initial["token"]
    return client.post(reverse("resources:import_confirm"), {"token": token}, follow=True)


def _bad(**cells: str) -> dict[str, str]:
    return {**NEW_ROW, **cells}


def test_the_dry_run_lists_every_rows_errors_and_saves_nothing(sanka: User) -> None:
    before = (
        Service.objects.count(),
        ResourceOrganization.objects.count(),
        Schedule.objects.count(),
    )
    rows = [
        NEW_ROW,
        _bad(**{"社会資源": "年齢逆", "対象年齢（下限）": "40", "対象年齢（上限）": "20"}),
        _bad(**{"社会資源": "日程逆", "日程": "毎週 月 期間:2026-05-01〜2026-04-01"}),
        _bad(**{"社会資源": "種類なし", "種類": "存在しない種類"}),
        _bad(**{"社会資源": "地域なし", "地域名": "どこにもない町"}),
        _bad(**{"社会資源": "日付誤り", "最終確認日": "2026-13-45"}),
        _bad(**{"社会資源": "時刻逆", "日程": "毎週 火 15:00〜10:00"}),
    ]
    response = _check(client_for(sanka), _csv(rows))
    errors = [(e.row, e.column, e.message) for e in response.context["result"].errors]
    assert (3, "対象年齢（上限）", "対象年齢の上限が下限より小さくなっています。") in errors
    assert (4, "日程", "日程の終了日が開始日より前になっています。") in errors
    assert (
        5,
        "種類",
        "種類「存在しない種類」がありません（管理者が種類の一覧に追加できます）。",
    ) in errors
    assert (6, "地域名", "地域「どこにもない町」がありません。") in errors
    assert (7, "最終確認日", "日付「2026-13-45」が読めません（2026-04-01 の形）。") in errors
    assert (8, "日程", "終了時刻が開始時刻より前になっています。") in errors
    assert not [e for e in errors if e[0] == 2]
    assert "confirm_form" not in response.context
    content = response.content.decode()
    assert "何も取り込んでいません" in content and "3行目" in content
    assert before == (
        Service.objects.count(),
        ResourceOrganization.objects.count(),
        Schedule.objects.count(),
    )
    assert not AuditEvent.objects.filter(action="resource.import").exists()
    event = AuditEvent.objects.get(action="resource.import_check")
    assert event.details["errors"] == len(errors)


def test_a_clean_file_is_imported_on_confirmation_and_audited(sanka: User) -> None:
    client = client_for(sanka)
    checked = _check(client, _csv([NEW_ROW]))
    assert checked.context["result"].created == 1
    assert not Service.objects.filter(name="取り込みカフェ").exists()  # the dry run rolled back
    response = _import(client, _csv([NEW_ROW]))
    assert "新規 1件、更新 0件、変更なし 0件" in response.content.decode()
    service = Service.objects.get(name="取り込みカフェ")
    assert service.organization.is_partner and service.organization.partner_offers == [
        "place",
        "volunteer",
    ]
    assert [s.label for s in service.schedules.order_by("pk")] == [
        "毎週 月・水 10:00〜12:00",
        "毎月 第2土曜 13:00〜15:00",
    ]
    assert service.at_locations.get().location.area.name == "北町1丁目"
    assert service.assured_date.isoformat() == "2026-10-01" and service.assurer == sanka
    event = AuditEvent.objects.get(action="resource.import")
    assert event.actor == sanka and event.details["created"] == 1
    assert AuditEvent.objects.filter(action="resource.create", object_id=str(service.pk)).exists()


def test_the_same_file_twice_changes_nothing(sanka: User) -> None:
    client = client_for(sanka)
    _import(client, _csv([NEW_ROW]))
    service = Service.objects.get(name="取り込みカフェ")
    updated_at = service.updated_at
    response = _import(client, _csv([NEW_ROW]))
    assert "新規 0件、更新 0件、変更なし 1件" in response.content.decode()
    service.refresh_from_db()
    assert service.updated_at == updated_at
    assert Service.objects.filter(name="取り込みカフェ").count() == 1


def test_the_whole_export_imports_as_unchanged(sanka: User) -> None:
    client = client_for(sanka)
    for name in ("resources:export_csv", "resources:export_xlsx"):
        get_or_post = client.post if name.endswith("xlsx") else client.get
        content = get_or_post(reverse(name)).content
        result = directory_import(
            actor=sanka, table=_table(content, name), filename="export", dry_run=False
        )
        assert result.errors == []
        assert (result.created, result.updated) == (0, 0)
        assert result.unchanged == Service.objects.count()
    assert not AuditEvent.objects.filter(action="resource.update").exists()


def _table(content: bytes, name: str) -> list[list[str]]:
    from kasane.resources.exchange_read import read_table

    return read_table("x.csv" if name.endswith("csv") else "x.xlsx", content)


def test_an_edited_export_updates_the_service(sanka: User) -> None:
    client = client_for(sanka)
    text = client.get(reverse("resources:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["社会資源"] == "介護者カフェ「ほっと」")
    row["定員"] = "99"
    response = _import(client, _csv([row]))
    assert "新規 0件、更新 1件、変更なし 0件" in response.content.decode()
    assert Service.objects.get(name="介護者カフェ「ほっと」").capacity == 99
    assert AuditEvent.objects.get(action="resource.update").details["via"] == "import"


def test_it_reads_shift_jis_csv_and_excel(sanka: User) -> None:
    response = _import(client_for(sanka), _csv([NEW_ROW], encoding="cp932"))
    assert "新規 1件" in response.content.decode()
    second = _import(client_for(sanka), _xlsx([NEW_ROW]), name="resources.xlsx")
    assert "変更なし 1件" in second.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("resources.txt", b"a,b", "CSV か Excel（.xlsx）のファイルを選んでください。"),
        ("resources.xls", b"\xd0\xcf\x11\xe0", "CSV か Excel（.xlsx）のファイルを選んでください。"),
        ("resources.xlsx", b"PK not a zip", "Excel のファイル（.xlsx）として読めません。"),
        (
            "resources.csv",
            "社会資源\n".encode(),
            "がありません。書き出したファイルと同じ列にしてください。",
        ),
        ("resources.csv", b"\x81\x20\x81\x20", "文字コードが読めません"),
    ],
)
def test_it_refuses_files_it_cannot_read(
    sanka: User, name: str, content: bytes, message: str
) -> None:
    response = _check(client_for(sanka), content, name)
    assert message in " ".join(response.context["form"].errors["file"])


@override_settings(KASANE_RESOURCE_IMPORT_MAX_ROWS=1)
def test_it_refuses_too_many_rows(sanka: User) -> None:
    response = _check(client_for(sanka), _csv([NEW_ROW, NEW_ROW]))
    assert "行が多すぎます（1行まで）" in response.context["form"].errors["file"][0]


@override_settings(KASANE_RESOURCE_IMPORT_MAX_BYTES=1024 * 1024)
def test_it_refuses_too_large_files(sanka: User) -> None:
    response = _check(client_for(sanka), b"x" * (1024 * 1024 + 1))
    assert "ファイルが大きすぎます（1 MB まで）" in response.context["form"].errors["file"][0]


def test_a_forged_or_foreign_token_imports_nothing(sanka: User, chiiki: User) -> None:
    token = _check(client_for(sanka), _csv([NEW_ROW])).context["confirm_form"].initial["token"]
    for client, value in ((client_for(sanka), token[:-2] + "xx"), (client_for(chiiki), token)):
        response = client.post(reverse("resources:import_confirm"), {"token": value}, follow=True)
        assert "もう一度ファイルを選んでください" in response.content.decode()
    assert not Service.objects.filter(name="取り込みカフェ").exists()


@pytest.mark.parametrize("username", ["zeimu", "kansa", "keisatsu", "houkatsu", "csw", "outsider"])
def test_it_is_404_for_those_who_do_not_keep_the_directory(username: str, sanka: User) -> None:
    token = _check(client_for(sanka), _csv([NEW_ROW])).context["confirm_form"].initial["token"]
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse("resources:import")).status_code == 404
    assert _check(client, _csv([NEW_ROW])).status_code == 404
    assert client.post(reverse("resources:import_confirm"), {"token": token}).status_code == 404
    assert not Service.objects.filter(name="取り込みカフェ").exists()


@pytest.mark.parametrize("username", ["admin", "coordinator", "sanka", "chiiki"])
def test_the_keepers_reach_the_import(username: str) -> None:
    response = client_for(User.objects.get(username=username)).get(reverse("resources:import"))
    assert response.status_code == 200
    assert re.search(r'enctype="multipart/form-data"', response.content.decode())


def test_two_rows_of_the_same_service_and_place_are_one_error(sanka: User) -> None:
    response = _check(client_for(sanka), _csv([NEW_ROW, NEW_ROW]))
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert errors == [(3, "所在地")]


def test_a_place_named_by_its_id_takes_the_rows_address(sanka: User) -> None:
    client = client_for(sanka)
    text = client.get(reverse("resources:export_csv")).content.decode("utf-8-sig")
    row = next(
        r for r in csv.DictReader(io.StringIO(text)) if r["社会資源"] == "介護者カフェ「ほっと」"
    )
    row["所在地"] = "デモ市緑ヶ丘9-9-9"
    response = _import(client, _csv([row]))
    assert "更新 1件" in response.content.decode()
    service = Service.objects.get(name="介護者カフェ「ほっと」")
    assert [at.location.address for at in service.at_locations.all()] == ["デモ市緑ヶ丘9-9-9"]


def test_excel_dates_and_numbers_read_as_text(sanka: User) -> None:
    import datetime as dt

    book = Workbook()
    book.active.append(exchange.COLUMNS)
    cells = {**NEW_ROW, "最終確認日": dt.datetime(2026, 10, 1), "対象年齢（下限）": 15.0}
    book.active.append([cells.get(name) or None for name in exchange.COLUMNS])
    output = io.BytesIO()
    book.save(output)
    response = _import(client_for(sanka), output.getvalue(), name="resources.xlsx")
    assert "新規 1件" in response.content.decode()
    service = Service.objects.get(name="取り込みカフェ")
    assert (service.assured_date.isoformat(), service.age_min) == ("2026-10-01", 15)


def _exported_row(client: Client, name: str) -> dict[str, str]:
    text = client.get(reverse("resources:export_csv")).content.decode("utf-8-sig")
    return next(r for r in csv.DictReader(io.StringIO(text)) if r["社会資源"] == name)


def test_a_status_change_the_close_page_refuses_is_a_row_error(sanka: User) -> None:
    """Closing from a day before the present status's day: refused as the close page does,
    in the dry run and on confirmation, and nothing is saved."""
    import datetime as dt

    client = client_for(sanka)
    service = Service.objects.get(name="介護者カフェ「ほっと」")
    before = (service.status, service.status_since, service.updated_at)
    row = _exported_row(client, service.name)
    row["状態"] = "休止"
    row["状態の開始日"] = (service.status_since - dt.timedelta(days=1)).isoformat()
    response = _check(client, _csv([row]))
    errors = [(e.row, e.column, e.message) for e in response.context["result"].errors]
    assert errors == [(2, "状態", "休止・廃止の日が、今の状態になった日より前です。")]
    assert "confirm_form" not in response.context
    assert "何も取り込んでいません" in response.content.decode()
    result = directory_import(actor=sanka, table=_table(_csv([row]), "csv"), filename="x.csv")
    assert [e.column for e in result.errors] == ["状態"]
    service.refresh_from_db()
    assert (service.status, service.status_since, service.updated_at) == before
    assert not AuditEvent.objects.filter(action__in=["resource.import", "resource.update"]).exists()


def test_the_day_of_an_unchanged_status_is_not_moved_by_the_import(sanka: User) -> None:
    import datetime as dt

    client = client_for(sanka)
    service = Service.objects.get(name="介護者カフェ「ほっと」")
    row = _exported_row(client, service.name)
    row["状態の開始日"] = (service.status_since - dt.timedelta(days=30)).isoformat()
    errors = _check(client, _csv([row])).context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(2, "状態の開始日")]
    assert "状態を変えるときだけ" in errors[0].message


def test_a_legal_status_change_imports_as_the_pages_would(sanka: User) -> None:
    """Closing from today, then reopening (which is checking) from today."""
    from django.utils import timezone

    client = client_for(sanka)
    service = Service.objects.get(name="介護者カフェ「ほっと」")
    today = timezone.localdate()
    row = _exported_row(client, service.name)
    row.update({"状態": "廃止", "状態の開始日": today.isoformat()})
    assert "更新 1件" in _import(client, _csv([row])).content.decode()
    service.refresh_from_db()
    assert (service.status, service.status_since) == ("closed", today)
    row.update({"状態": "運営中", "状態の開始日": "", "最終確認日": "2025-01-01"})
    assert "更新 1件" in _import(client, _csv([row])).content.decode()
    service.refresh_from_db()
    assert (service.status, service.status_since, service.assured_date) == (
        "active",
        today,
        today,
    )


def test_a_schedule_the_page_refuses_is_a_row_error(sanka: User) -> None:
    """The import checks a schedule by the page's own function: a note longer than the
    page's field, an interval out of range."""
    rows = [
        _bad(**{"社会資源": "長い補足", "日程": "毎週 月 10:00〜12:00 備考:" + "あ" * 201}),
        _bad(**{"社会資源": "間隔", "日程": "40000週ごと 月"}),
    ]
    response = _check(client_for(sanka), _csv(rows))
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert errors == [(2, "日程"), (3, "日程")]
    messages = [e.message for e in response.context["result"].errors]
    assert messages[0].startswith("日程の説明:")
    assert messages[1] == "くり返しの間隔は1〜99にしてください。"
    assert "confirm_form" not in response.context
    assert not Service.objects.filter(name__in=["長い補足", "間隔"]).exists()


def test_an_imported_schedule_gets_the_pages_defaults(sanka: User) -> None:
    """An interval of 0 is kept as 1, as on the page; importing it again changes nothing."""
    row = _bad(**{"日程": "0週ごと 月 10:00〜12:00"})
    _import(client_for(sanka), _csv([row]))
    schedule = Schedule.objects.get(service__name="取り込みカフェ")
    assert (schedule.interval, schedule.byday, schedule.description) == (1, "MO", "")
    assert "変更なし 1件" in _import(client_for(sanka), _csv([row])).content.decode()
