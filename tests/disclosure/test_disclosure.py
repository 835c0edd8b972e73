"""Issue 19, the auditor's reports (1) and (2): who saw this person as Excel, and the
disclosure export (開示請求への対応) as Excel and PDF, for the auditor only, audited."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import msoffcrypto
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.audit.services import audit_standalone
from kasane.cases.models import Case, CaseNote, NoteMethod
from kasane.disclosure.selectors import REVIEW, SENSITIVE_NOTE
from kasane.people.models import Person
from tests.builders import demo_case, today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET = "包括だけが知っている機微な事情"


@pytest.fixture
def case(coordinator: User) -> Case:
    """田中家's case (a plan, an assessment, meetings) with one sensitive note."""
    case = demo_case("田中家")
    _note(case, coordinator, SECRET, sensitive=True)
    return case


def _note(case: Case, author: User, content: str, *, sensitive: bool = False) -> CaseNote:
    return CaseNote.objects.create(
        case=case,
        written_on=today(),
        method=NoteMethod.choices[0][0],
        content=content,
        is_sensitive=sensitive,
        author=author,
        organization=author.organization,
    )


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _sheet_rows(book, title: str) -> list[tuple]:
    return list(book[title].iter_rows(values_only=True))


def test_the_workbook_has_a_sheet_per_kind_and_flags_sensitive_notes(
    case: Case, kansa: User
) -> None:
    person = case.main_person
    book = _book(client_for(kansa).post(reverse("disclosure:xlsx", args=[person.pk])))
    assert book.sheetnames[:4] == ["表紙", "本人", "転出・死亡の記録", "世帯"]
    assert {
        "相談受付",
        "つなぐシート",
        "支援ケース",
        "支援プラン",
        "支援経過",
        "会議の記録（議題）",
    } <= set(book.sheetnames)
    own = dict(row[1:] for row in _sheet_rows(book, "本人")[1:])
    assert own["本人ID"] == person.pk
    assert own["氏"] == person.family_name
    notes = _sheet_rows(book, "支援経過")
    assert notes[0][0] == REVIEW
    flagged = [row for row in notes[1:] if SECRET in row]
    assert len(flagged) == 1
    assert flagged[0][0] == SENSITIVE_NOTE
    assert all(row[0] is None for row in notes[1:] if SECRET not in row and row[1] is not None)
    cases = _sheet_rows(book, "支援ケース")
    assert case.pk in [row[1] for row in cases[1:]]
    cover = _sheet_rows(book, "表紙")
    assert ("支援経過", len(notes) - 1, 1) in cover


def test_the_export_is_audited_and_linked_to_the_person(case: Case, kansa: User) -> None:
    person = case.main_person
    client_for(kansa).post(reverse("disclosure:xlsx", args=[person.pk]))
    event = AuditEvent.objects.get(action="person.disclosure_export")
    assert (event.actor, event.object_id, event.details["format"]) == (
        kansa,
        str(person.pk),
        "xlsx",
    )
    assert event.details["review"] >= 1
    assert set(event.people.values_list("person_id", flat=True)) == {person.pk}


def test_a_restricted_home_is_flagged_on_the_person_sheet(kansa: User) -> None:
    person = Person.objects.filter(is_restricted=True).first()
    assert person is not None
    book = _book(client_for(kansa).post(reverse("disclosure:xlsx", args=[person.pk])))
    flagged = {row[1] for row in _sheet_rows(book, "本人")[1:] if row[0]}
    assert flagged == {"郵便番号", "町丁目", "住所", "電話"}


def test_the_export_of_one_person_takes_the_same_queries_however_long_their_history(
    case: Case, kansa: User, coordinator: User
) -> None:
    client = client_for(kansa)
    url = reverse("disclosure:xlsx", args=[case.main_person.pk])
    client.post(url)
    with CaptureQueriesContext(connection) as before:
        client.post(url)
    for number in range(15):
        _note(case, coordinator, f"経過 {number}")
    with CaptureQueriesContext(connection) as after:
        client.post(url)
    assert len(after) == len(before)
    assert len(before) <= 40


def test_who_saw_this_person_exports_every_row_newest_first(kansa: User, coordinator: User) -> None:
    person = Person.objects.get(family_name="鈴木", given_name="ハナ")
    for action in ("person.view", "person.update", "household.view"):
        audit_standalone(actor=coordinator, action=action, target=person)
    expected = AuditEvent.objects.filter(people__person_id=person.pk).count()
    book = _book(client_for(kansa).post(reverse("disclosure:trail_export", args=[person.pk])))
    rows = list(book.active.iter_rows(values_only=True))
    assert "鈴木 ハナ" in rows[0][0]
    assert f"全{expected}件" in rows[1][0]
    assert rows[3][:3] == ("日時", "利用者", "ユーザー名")
    data = rows[4:]
    assert len(data) == expected
    assert [row[5] for row in data[:3]] == ["世帯の閲覧", "本人の変更", "本人の閲覧"]
    assert data[0][2] == "coordinator"
    assert data[0][3] == coordinator.organization.name
    assert isinstance(data[0][0], dt.datetime)
    assert book.active["A5"].number_format.startswith("[$-411]ggge")
    event = AuditEvent.objects.get(action="audit.person_trail_export")
    assert event.details == {"rows": expected, "total": expected, "protected": False}


def test_the_trail_export_is_capped(kansa: User, coordinator: User, monkeypatch) -> None:
    monkeypatch.setattr("kasane.disclosure.views.TRAIL_EXPORT_LIMIT", 2)
    person = Person.objects.get(family_name="鈴木", given_name="ハナ")
    for _ in range(3):
        audit_standalone(actor=coordinator, action="person.view", target=person)
    book = _book(client_for(kansa).post(reverse("disclosure:trail_export", args=[person.pk])))
    rows = list(book.active.iter_rows(values_only=True))
    assert "のうち新しい2件" in rows[1][0]
    assert len(rows[4:]) == 2


@pytest.mark.parametrize("username", ["outsider", "admin", "coordinator", "houkatsu", "zeimu"])
@pytest.mark.parametrize("name", ["disclosure:trail_export", "disclosure:xlsx", "disclosure:pdf"])
def test_everyone_but_the_auditor_gets_404_unaudited(username: str, name: str) -> None:
    person = Person.objects.get(family_name="鈴木", given_name="ハナ")
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse(name, args=[person.pk])).status_code == 404
    assert not AuditEvent.objects.filter(
        action__in=["person.disclosure_export", "audit.person_trail_export"]
    ).exists()


def test_an_unknown_person_is_404(kansa: User) -> None:
    client = client_for(kansa)
    assert client.post(reverse("disclosure:xlsx", args=[999_999_999])).status_code == 404


@pytest.mark.pdf
def test_the_pdf_prints_every_kind_and_the_review_mark(case: Case, kansa: User) -> None:
    response = client_for(kansa).get(reverse("disclosure:pdf", args=[case.main_person.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))
    assert "保有個人情報の一覧" in text
    assert f"{REVIEW}：機微な記録" in text
    assert SECRET in text
    event = AuditEvent.objects.get(action="person.disclosure_export")
    assert event.details["format"] == "pdf"


def test_a_get_shows_the_password_form_and_a_protected_export_opens_only_with_it(
    kansa: User,
) -> None:
    person = Person.objects.get(family_name="鈴木", given_name="ハナ")
    client = client_for(kansa)
    for name in ("disclosure:xlsx", "disclosure:trail_export"):
        url = reverse(name, args=[person.pk])
        page = client.get(url)
        assert page.status_code == 200 and b'name="password"' in page.content
        secret = "kaiji-2026-pass"
        answer = client.post(url, {"password": secret, "password_confirm": secret})
        assert "no-store" in answer["Cache-Control"]
        with pytest.raises(zipfile.BadZipFile):  # encrypted: no zip that openpyxl reads
            load_workbook(io.BytesIO(answer.content))
        plain = io.BytesIO()
        office = msoffcrypto.OfficeFile(io.BytesIO(answer.content))
        office.load_key(password=secret)
        office.decrypt(plain)
        assert load_workbook(plain).sheetnames
        event = AuditEvent.objects.filter(actor=kansa).latest("pk")
        assert event.details["protected"] is True
        assert secret not in str(event.details)
