"""国への報告 (issue 18): a fiscal year's figures per program (each catalogue count by its entry,
each breakdown summing to its total, 23:30 JST on 31 March in the year ending then), the Excel
in the layout's template with the 定義 sheet, a city's own layout, a wrong layout refused, access
(coordinators and admins; 404 for everyone else), the audit trail and the query count."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Model
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kasane.audit.models import AuditEvent
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.intake.models import Consultation, Route
from kasane.meetings.models import Meeting, MeetingKind, MeetingStatus
from kasane.people.models import Person, Sex
from kasane.plan import report_layout, state_report
from kasane.plan.catalogue import BY_CODE
from kasane.plan.report_layout import LayoutError, load_layout
from kasane.plan.state_report import AGE_BANDS, DEFINITIONS, figures_of
from tests.builders import today
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
EVERYTHING = (dt.date(2000, 4, 1), today() + dt.timedelta(days=366))
# A fiscal year long before the demo's records: what the tests add is all it holds.
KNOWN_YEAR = 2014
REPORT = reverse("plans:report")
EXPORT = reverse("plans:report_export")


def _copy(record: Model, **changes: Any) -> Any:
    """A new row like `record` with `changes` (every concrete field but the id copied)."""
    model = type(record)
    fields = {
        field.attname: getattr(record, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in {"created_at", "updated_at"}
    }
    return model.objects.create(**(fields | changes))


def _person(**changes: Any) -> Person:
    return _copy(Person.objects.order_by("pk")[0], **changes)


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TOKYO)


def _consultation(received_at: dt.datetime, person: Person | None, route: str) -> Consultation:
    return _copy(
        Consultation.objects.filter(person__isnull=False).order_by("pk")[0],
        received_at=received_at,
        person_id=person.pk if person else None,
        household_id=None,
        route=route,
        referral_id=None,
    )


def _meeting(starts_at: dt.datetime, kind: str, status: str | None = None) -> Meeting:
    meeting = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).order_by("pk")[0]
    return _copy(meeting, starts_at=starts_at, kind=kind, status=status or meeting.status)


def _known_records() -> None:
    """Four consultations and four meetings in 平成26年度, one of each just after it."""
    # 23:30 JST on 31 March: still 平成26年度 (14:30 UTC); 34 years old that day.
    thirties = _person(birth_date=dt.date(1980, 4, 1), sex=Sex.FEMALE)
    _consultation(_at(2015, 3, 31, 23, 30), thirties, Route.PHONE)
    # 00:10 JST on the 70th birthday (the day before in UTC): 70, not 69.
    seventy = _person(birth_date=dt.date(1944, 6, 15), sex=Sex.MALE)
    _consultation(_at(2014, 6, 15, 0, 10), seventy, Route.VISIT)
    _consultation(_at(2014, 10, 1, 10), _person(birth_date=None, sex=Sex.UNKNOWN), Route.VISIT)
    _consultation(_at(2014, 11, 5, 15), None, Route.AGENCY)
    _consultation(_at(2015, 4, 1, 0, 0), thirties, Route.PHONE)  # the next year
    _meeting(_at(2015, 3, 31, 23, 30), MeetingKind.SUPPORT)
    _meeting(_at(2014, 5, 1, 14), MeetingKind.JUSOU)
    _meeting(_at(2014, 7, 1, 14), MeetingKind.TEAM)
    _meeting(_at(2014, 8, 1, 14), MeetingKind.SUPPORT, MeetingStatus.CANCELLED)
    _meeting(_at(2015, 4, 1, 0, 0), MeetingKind.JUSOU)  # the next year


def test_the_figures_of_a_known_year():
    before = state_report.state_report(KNOWN_YEAR).values
    _known_records()
    after = state_report.state_report(KNOWN_YEAR).values
    added = {key: after[key] - before[key] for key in after if after[key] != before[key]}
    assert added == {
        "consultations": 4,
        "consultations.route.phone": 1,
        "consultations.route.visit": 2,
        "consultations.route.agency": 1,
        f"consultations.window.{Consultation.objects.order_by('-pk')[0].organization.kind}": 4,
        "consultations.age.30s": 1,
        "consultations.age.70s": 1,
        "consultations.age.unknown": 1,
        "consultations.sex.female": 1,
        "consultations.sex.male": 1,
        "consultations.sex.unknown": 1,
        "consultations.unidentified": 1,
        "meetings_held": 2,
        "meetings_held.support": 1,
        "meetings_held.jusou": 1,
        "other_meetings": 1,
        "other_meetings.team": 1,
    }


def test_a_record_at_2330_on_31_march_counts_in_the_year_that_ends_then():
    person = _person(birth_date=dt.date(1990, 1, 1), sex=Sex.FEMALE)
    before = figures_of(state_report.year_span(KNOWN_YEAR + 1))
    _consultation(_at(2015, 3, 31, 23, 30), person, Route.MAIL)
    assert figures_of(state_report.year_span(KNOWN_YEAR))["consultations.route.mail"] >= 1
    assert figures_of(state_report.year_span(KNOWN_YEAR + 1)) == before


@pytest.mark.parametrize(
    "definition", [d for d in DEFINITIONS if d.code], ids=lambda definition: definition.key
)
def test_each_catalogue_figure_is_that_entrys_count(definition):
    entry = BY_CODE[definition.code]
    this_year = state_report.year_span(fiscal_year(today()))
    for span in (EVERYTHING, this_year):
        assert figures_of(span)[definition.key] == entry.count(span)
    assert (definition.label, definition.definition) == (entry.label, entry.definition)


def _parts(values: dict[str, int], prefix: str) -> int:
    return sum(value for key, value in values.items() if key.startswith(prefix))


def test_every_breakdown_sums_to_its_total():
    values = figures_of(EVERYTHING)
    total = values["consultations"]
    assert total > 0
    assert _parts(values, "consultations.route.") == total
    assert _parts(values, "consultations.window.") == total
    ages = _parts(values, "consultations.age.")
    assert ages + values["consultations.unidentified"] == total
    assert _parts(values, "consultations.sex.") + values["consultations.unidentified"] == total
    assert (
        len([key for key in values if key.startswith("consultations.age.")]) == len(AGE_BANDS) + 1
    )
    for key in ("coordination_requests", "meetings_held", "other_meetings", "outreach_visits"):
        assert _parts(values, f"{key}.") == values[key], key


def test_every_figure_has_a_label_and_a_definition():
    keys = [definition.key for definition in DEFINITIONS]
    assert len(keys) == len(set(keys))
    for definition in DEFINITIONS:
        assert definition.label and definition.definition and definition.unit


# --- the page ---


def test_the_page_shows_the_figures_by_program_with_their_definitions(coordinator):
    response = client_for(coordinator).get(REPORT)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.fiscal_year == fiscal_year(today())
    text = response.text
    for program in state_report.PROGRAMS:
        assert f">{program}</h2>" in text
    consultations = BY_CODE["consultations"]
    assert consultations.definition in text
    assert f"{report.values['consultations']:,}件" in text
    assert fiscal_year_label(fiscal_year(today()) - 1) in text  # the year chooser


def test_the_page_chooses_a_year_and_refuses_one_it_does_not_offer(coordinator):
    client = client_for(coordinator)
    last_year = fiscal_year(today()) - 1
    response = client.get(REPORT, {"year": last_year})
    assert response.context["report"].fiscal_year == last_year
    response = client.get(REPORT, {"year": "1999"})
    assert response.status_code == 200
    assert "report" not in response.context


def test_the_page_is_audited(coordinator):
    client_for(coordinator).get(REPORT)
    event = AuditEvent.objects.filter(action="plan.report").latest("pk")
    assert (event.actor, event.details["fiscal_year"]) == (coordinator, fiscal_year(today()))


@pytest.mark.parametrize("username", ["houkatsu", "chiiki", "outsider", "kansa"])
@pytest.mark.parametrize("url", [REPORT, EXPORT])
def test_the_report_is_404_for_everyone_but_coordinators_and_admins(
    username, url, django_user_model
):
    client = client_for(django_user_model.objects.get(username=username))
    assert client.get(url).status_code == 404
    assert client.post(url, {"password": ""}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="plan.report").exists()


def test_the_page_and_the_export_take_a_fixed_number_of_queries(coordinator):
    client = client_for(coordinator)
    page = queries_for(client, REPORT)
    export = queries_for(client, EXPORT, post={"password": ""})
    person = _person(birth_date=dt.date(1970, 5, 5), sex=Sex.OTHER)
    for minutes in range(20):
        _consultation(timezone_now_minus(minutes), person, Route.PHONE)
    assert queries_for(client, REPORT) == page
    assert queries_for(client, EXPORT, post={"password": ""}) == export
    assert page <= 40 and export <= 40


def timezone_now_minus(minutes: int) -> dt.datetime:
    from django.utils import timezone

    return timezone.now() - dt.timedelta(minutes=minutes)


# --- the Excel ---


def _download(client: Any, **data: str) -> Any:
    response = client.post(EXPORT, {"password": "", **data})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_excel_has_the_figures_in_the_mapped_cells_and_the_definitions(admin):
    book = _download(client_for(admin))
    layout = load_layout()
    year = fiscal_year(today())
    report = state_report.state_report(year)
    sheet = book[layout.sheet or book.sheetnames[0]]
    assert book.sheetnames == ["実施状況", "定義"]
    for cell, key in layout.cells.items():
        expected = report.values.get(key)
        if expected is None:  # a text field
            expected = report.fields(today())[key]
        assert sheet[cell].value == expected, (cell, key)
    assert sheet["C2"].value == fiscal_year_label(year)
    assert sheet["B8"].value == "相談受付件数"  # the template's label beside its value
    rows = list(book["定義"].iter_rows(values_only=True))
    assert rows[0] == ("キー", "事業", "項目", "値", "単位", "定義")
    assert len(rows) == len(DEFINITIONS) + 1
    by_key = {row[0]: row for row in rows[1:]}
    consultations = BY_CODE["consultations"]
    assert by_key["consultations"][2:] == (
        consultations.label,
        report.values["consultations"],
        "件",
        consultations.definition,
    )


def test_the_export_is_audited_and_may_be_protected(coordinator):
    client = client_for(coordinator)
    assert client.get(EXPORT).status_code == 200  # the password form
    assert not AuditEvent.objects.filter(action="plan.report_export").exists()
    response = client.post(
        EXPORT, {"password": "kasane-report", "password_confirm": "kasane-report"}
    )
    assert response.status_code == 200
    assert response.content[:4] != b"PK\x03\x04"  # encrypted, not a plain zip
    event = AuditEvent.objects.filter(action="plan.report_export").latest("pk")
    assert event.actor == coordinator
    assert event.details["fiscal_year"] == fiscal_year(today())
    assert event.details["protected"] is True


def test_the_committed_default_layout_is_the_one_the_command_writes(tmp_path):
    call_command("state_report_template", dir=tmp_path, stdout=io.StringIO())
    committed = report_layout.DEFAULT_DIR
    written = (tmp_path / "mapping.toml").read_text(encoding="utf-8")
    assert written == (committed / "mapping.toml").read_text(encoding="utf-8")
    ours = load_workbook(committed / "template.xlsx").worksheets[0]
    theirs = load_workbook(tmp_path / "template.xlsx").worksheets[0]
    assert [[c.value for c in row] for row in ours.iter_rows()] == [
        [c.value for c in row] for row in theirs.iter_rows()
    ]


def _city_layout(directory: Path, cells: str, *, sheet: str = "様式1") -> None:
    book = Workbook()
    form = book.active
    form.title = sheet
    form["A1"] = "重層的支援体制整備事業 実施状況調査（様式1）"
    form.merge_cells("A2:B2")
    form["A2"] = "相談受付件数"
    form["A3"] = "うち本人未特定"
    book.create_sheet("定義")["A1"] = "古い定義"
    book.save(directory / "city.xlsx")
    (directory / "mapping.toml").write_text(
        f'template = "city.xlsx"\nsheet = "{sheet}"\n\n[cells]\n{cells}\n', encoding="utf-8"
    )


def test_a_city_layout_from_the_setting_is_filled(coordinator, tmp_path):
    _city_layout(
        tmp_path,
        'C2 = "consultations"\nC3 = "consultations.unidentified"\nE1 = "report.fiscal_year"',
    )
    with override_settings(KASANE_STATE_REPORT_DIR=str(tmp_path)):
        book = _download(client_for(coordinator))
    values = state_report.state_report(fiscal_year(today())).values
    form = book["様式1"]
    assert (form["C2"].value, form["C3"].value) == (
        values["consultations"],
        values["consultations.unidentified"],
    )
    assert form["E1"].value == fiscal_year_label(fiscal_year(today()))
    assert form["A1"].value.startswith("重層的支援体制整備事業")
    assert book.sheetnames == ["様式1", "定義"]
    assert book["定義"]["A1"].value == "キー"  # the template's own 定義 sheet replaced


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ('C2 = "consultations.by_moon"', "consultations.by_moon"),
        ("C2 = 3", "unknown figure key"),
        ('C0 = "consultations"', "C0: Excel のセル番地ではありません"),
        ('"A1:B2" = "consultations"', "A1:B2: Excel のセル番地ではありません"),
        ('XFE1 = "consultations"', "XFE1"),
        ('B2 = "consultations"', "B2: 結合したセルの左上以外"),
    ],
)
def test_a_wrong_mapping_fails_loudly_at_load(tmp_path, cells, message):
    _city_layout(tmp_path, cells)
    with pytest.raises(LayoutError) as error:
        load_layout(tmp_path)
    assert message in str(error.value)
    assert "the state report's layout is invalid" in str(error.value)


def test_a_missing_sheet_or_template_or_mapping_fails_loudly(tmp_path):
    with pytest.raises(LayoutError, match="mapping is missing"):
        load_layout(tmp_path)
    _city_layout(tmp_path, 'C2 = "consultations"')
    text = (tmp_path / "mapping.toml").read_text(encoding="utf-8")
    (tmp_path / "mapping.toml").write_text(text.replace("様式1", "様式9"), encoding="utf-8")
    with pytest.raises(LayoutError, match="様式9"):
        load_layout(tmp_path)
    (tmp_path / "city.xlsx").unlink()
    with pytest.raises(LayoutError, match="template file is missing"):
        load_layout(tmp_path)
    (tmp_path / "mapping.toml").write_text("cells = [", encoding="utf-8")
    with pytest.raises(LayoutError, match="not valid TOML"):
        load_layout(tmp_path)


def test_a_wrong_layout_exports_nothing_and_says_why(coordinator, tmp_path):
    _city_layout(tmp_path, 'C2 = "consultations.by_moon"')
    with override_settings(KASANE_STATE_REPORT_DIR=str(tmp_path)):
        client = client_for(coordinator)
        response = client.post(EXPORT, {"password": ""}, follow=True)
    assert response.redirect_chain[-1][0].startswith(REPORT)
    assert "consultations.by_moon" in response.text
    assert not AuditEvent.objects.filter(action="plan.report_export").exists()


def test_the_system_check_reports_a_wrong_layout(tmp_path):
    from kasane.plan.checks import state_report_layout

    assert state_report_layout(None) == []
    _city_layout(tmp_path, 'C2 = "nothing"')
    with override_settings(KASANE_STATE_REPORT_DIR=str(tmp_path)):
        errors = state_report_layout(None)
    assert [error.id for error in errors] == ["kasane.plan.E001"]
    assert "nothing" in errors[0].msg


def test_age_turns_on_the_birthday_and_a_birth_after_the_day_is_unknown():
    """The day before the 20th birthday is 19 (19歳以下), the birthday 20 (20歳代); a birth
    date after the day received is no age (年齢：不明) — on SQLite and PostgreSQL alike."""
    before = state_report.state_report(KNOWN_YEAR).values
    nineteen = _person(birth_date=dt.date(1994, 9, 2), sex=Sex.MALE)
    _consultation(_at(2014, 9, 1, 23, 59), nineteen, Route.VISIT)
    twenty = _person(birth_date=dt.date(1994, 9, 1), sex=Sex.MALE)
    _consultation(_at(2014, 9, 1, 0, 0), twenty, Route.VISIT)
    unborn = _person(birth_date=dt.date(2014, 9, 2), sex=Sex.MALE)
    _consultation(_at(2014, 9, 1, 12, 0), unborn, Route.VISIT)
    after = state_report.state_report(KNOWN_YEAR).values
    ages = {
        key: after[key] - before[key]
        for key in after
        if key.startswith("consultations.age.") and after[key] != before[key]
    }
    assert ages == {
        "consultations.age.under20": 1,
        "consultations.age.20s": 1,
        "consultations.age.unknown": 1,
    }
