"""Importing the city's 住民基本台帳 statistics (CSV): a check lists every line's error in
Japanese with its line number and saves nothing; a clean file is imported on confirmation,
audited with its counts; UTF-8 (with or without BOM) and CP932 read, with a few header
synonyms; other files are refused; coordinators and admins only."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community.figures_import import figures_import, read_table
from kasane.community.models import AreaFigures
from kasane.demo.city.community_profiles import STATISTICS_CSV
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "地域コード,町丁目名,年度,人口,65歳以上,75歳以上,世帯数,高齢者単身世帯数,18歳未満"
GOOD = [
    "01-01-01,旭町1丁目,2024,1990,590,310,930,130,280",
    ',北町1丁目,令和6年度,"1,500",400,200,700,90,200',
]


def _file(lines: list[str], *, encoding: str = "utf-8-sig", name: str = "toukei.csv"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(encoding), "text/csv")


def _check(client, upload):
    return client.post(reverse("community:figures_import"), {"file": upload})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_clean_file_is_checked_then_imported_on_confirmation(coordinator):
    client = client_for(coordinator)
    response = _check(client, _file([HEADER, *GOOD]))
    text = _text(response)
    assert "誤りはありません。取り込むと、新規 2件、更新 0件、変更なし 0件" in text
    assert not AreaFigures.objects.filter(year=2024).exists()  # the check saves nothing
    token = response.context["confirm_form"].initial["token"]
    response = client.post(reverse("community:figures_import_confirm"), {"token": token})
    assert response.status_code == 302
    north = AreaFigures.objects.get(area__name="北町1丁目", year=2024)
    assert (north.population, north.source, north.entered_by) == (1500, "import", coordinator)
    event = AuditEvent.objects.filter(action="community.figures_import").latest("pk")
    assert event.details == {
        "file": "toukei.csv",
        "lines": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert AuditEvent.objects.filter(action="community.figures_import_check").exists()


def test_cp932_and_header_synonyms_read(admin):
    lines = [
        "町丁目コード,町丁名,年度,総人口,老年人口,75歳以上人口,世帯,高齢単身世帯数,18歳未満人口",
        "01-01-02,旭町２丁目,2024,1700,500,260,800,120,230",
    ]
    table = read_table("toukei.csv", "\r\n".join(lines).encode("cp932"))
    result = figures_import(actor=admin, table=table, filename="toukei.csv")
    assert result.errors == [] and result.created == 1
    assert AreaFigures.objects.get(area__name="旭町2丁目", year=2024).aged_65 == 500


def test_the_demo_file_imports_again_as_unchanged(admin):
    table = read_table(STATISTICS_CSV.name, STATISTICS_CSV.read_bytes())
    result = figures_import(actor=admin, table=table, filename="statistics.csv", dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 58)


def test_every_bad_line_is_reported_and_nothing_is_saved(coordinator):
    lines = [
        HEADER,
        "01-01-01,旭町1丁目,2024,1990,590,310,930,130,280",
        "99-99-99,,2024,100,30,10,50,5,10",  # unknown code
        ",どこか町1丁目,2024,100,30,10,50,5,10",  # unknown name
        "01-01-03,旭町3丁目,2024,千,30,10,50,5,10",  # not a number
        "01-01-04,東町1丁目,2024,100,30,40,50,5,10",  # 75+ > 65+
        "01-01-05,東町2丁目,2024,100,130,40,50,5,10",  # 65+ > population
        "01-01-01,旭町1丁目,2024,1990,590,310,930,130,280",  # the same area and year again
        "01-02-01,桜台1丁目,昨年,100,30,10,50,5,10",  # year
    ]
    response = _check(client_for(coordinator), _file(lines))
    text = _text(response)
    assert "何も取り込んでいません" in text
    errors = {(e.line, e.message) for e in response.context["result"].errors}
    assert (3, "地域コード「99-99-99」の地域がありません。") in errors
    assert (4, "「どこか町1丁目」という地域がありません。") in errors
    assert (5, "人口「千」が数ではありません。") in errors
    assert (6, "75歳以上の人口が65歳以上の人口より多くなっています。") in errors
    assert (7, "65歳以上の人口が人口より多くなっています。") in errors
    assert (8, "2行目と同じ地域・年度です。1行にしてください。") in errors
    assert (9, "年度「昨年」が読めません（2025 か 令和7年度）。") in errors
    assert "confirm_form" not in response.context
    assert not AreaFigures.objects.filter(year=2024).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("toukei.csv", b"\x81\x20\x81\x20\xff\xfe", "文字コードが読めません"),
        ("toukei.xlsx", b"PK\x03\x04", "CSV ファイル（.csv）を選んでください"),
        ("toukei.csv", b"a,b\n1,2\n", "列「地域コード（または町丁目名）」「年度」"),
        ("toukei.csv", b"", "空です"),
        ("toukei.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "CSV として読めません"),
    ],
)
def test_files_that_are_not_the_statistics_are_refused(coordinator, name, content, message):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    response = _check(client_for(coordinator), upload)
    assert response.status_code == 200
    assert message in _text(response)
    assert not AreaFigures.objects.filter(year=2024).exists()


def test_too_many_lines_are_refused(coordinator, settings):
    settings.KASANE_FIGURES_IMPORT_MAX_ROWS = 1
    response = _check(client_for(coordinator), _file([HEADER, *GOOD]))
    assert "行が多すぎます（1行まで）" in _text(response)


def test_a_forged_or_foreign_token_imports_nothing(coordinator, admin):
    response = _check(client_for(admin), _file([HEADER, *GOOD]))
    token = response.context["confirm_form"].initial["token"]
    client = client_for(coordinator)  # another user's token
    response = client.post(reverse("community:figures_import_confirm"), {"token": token})
    assert response.status_code == 302
    assert not AreaFigures.objects.filter(year=2024).exists()


@pytest.mark.parametrize("username", ["chiiki", "houkatsu", "csw", "outsider", "zeimu", "kansa"])
def test_only_coordinators_and_admins_import(username):
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse("community:figures_import")).status_code == 404
    assert _check(client, _file([HEADER, *GOOD])).status_code == 404
    assert (
        client.post(reverse("community:figures_import_confirm"), {"token": "x"}).status_code == 404
    )
    assert not AreaFigures.objects.filter(year=2024).exists()
