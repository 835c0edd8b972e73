"""Excel exports protected with a password the user types (issue 19, kasane/core/xlsx.py):
every export posts its password (never in a URL), a protected file opens with it and not
without, KASANE_EXPORT_PASSWORD_REQUIRED refuses an unprotected export of personal data with a
Japanese message, the list's filters carry into the export, and the password reaches no log
record, no audit row and no SQL statement."""

from __future__ import annotations

import io
import json
import logging

import msoffcrypto
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.audit.display import describe
from kasane.audit.models import AuditEvent
from kasane.core import xlsx
from kasane.resources.exchange_read import PROTECTED_XLSX, read_table
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "ひみつの合言葉2026"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# Every Excel export: (URL name, audit action, holds personal data).
EXPORTS = [
    ("cases:export", "case.export", True),
    ("outreach:export", "outreach.export", True),
    ("resources:export_xlsx", "resource.export", False),
    ("community:figures_export", "community.figures_export", False),
]
PERSONAL = [(name, action) for name, action, personal in EXPORTS if personal]


def _decrypt(content: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(content))
    office.load_key(password=password)
    output = io.BytesIO()
    office.decrypt(output)
    return output.getvalue()


def _post(client: Client, name: str, password: str = "", confirm: str | None = None):  # type: ignore[no-untyped-def]
    data = {"password": password, "password_confirm": password if confirm is None else confirm}
    return client.post(reverse(name), data)


@pytest.mark.parametrize(("name", "action", "personal"), EXPORTS)
def test_it_protects_every_export_with_the_password_typed(
    coordinator: User, name: str, action: str, personal: bool
) -> None:
    response = _post(client_for(coordinator), name, PASSWORD)
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.XLSX
    assert response.content.startswith(OLE_MAGIC)  # an encrypted file, not a zip
    with pytest.raises(Exception):  # noqa: B017 - whatever openpyxl raises, it does not open
        load_workbook(io.BytesIO(response.content))
    with pytest.raises(InvalidKeyError):
        _decrypt(response.content, "ちがうパスワード")
    book = load_workbook(io.BytesIO(_decrypt(response.content, PASSWORD)))
    assert book.active.max_row >= 2
    event = AuditEvent.objects.filter(action=action, actor=coordinator).latest("pk")
    assert event.details["protected"] is True
    assert event.people.exists() == personal  # the people the file names, as before


@pytest.mark.parametrize(("name", "action", "personal"), EXPORTS)
def test_without_a_password_the_file_is_plain_and_audited_so(
    coordinator: User, name: str, action: str, personal: bool
) -> None:
    response = _post(client_for(coordinator), name)
    assert response.content.startswith(b"PK")
    load_workbook(io.BytesIO(response.content))
    event = AuditEvent.objects.filter(action=action, actor=coordinator).latest("pk")
    assert event.details["protected"] is False


@pytest.mark.parametrize(("name", "action"), PERSONAL)
def test_the_setting_refuses_an_unprotected_export_of_personal_data(
    coordinator: User, settings, name: str, action: str
) -> None:
    settings.KASANE_EXPORT_PASSWORD_REQUIRED = True
    response = _post(client_for(coordinator), name)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert xlsx.PASSWORD_MISSING in page
    assert xlsx.NOT_EXPORTED in page
    assert not AuditEvent.objects.filter(action=action, actor=coordinator).exists()
    # With the password, the same export is made.
    assert _post(client_for(coordinator), name, PASSWORD).content.startswith(OLE_MAGIC)


@pytest.mark.parametrize("name", [name for name, _action, personal in EXPORTS if not personal])
def test_the_setting_leaves_the_password_optional_without_personal_data(
    coordinator: User, settings, name: str
) -> None:
    settings.KASANE_EXPORT_PASSWORD_REQUIRED = True
    assert _post(client_for(coordinator), name).content.startswith(b"PK")


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short12", "short12", xlsx.PASSWORD_TOO_SHORT),
        (PASSWORD, PASSWORD + "x", xlsx.PASSWORD_MISMATCH),
        (PASSWORD, "", xlsx.PASSWORD_MISMATCH),
        ("x" * 129, "x" * 129, xlsx.PASSWORD_TOO_LONG),
    ],
)
def test_a_bad_password_exports_nothing_and_says_why(
    coordinator: User, password: str, confirm: str, message: str
) -> None:
    response = _post(client_for(coordinator), "cases:export", password, confirm)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert password not in page  # never written back into the page
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_a_get_shows_the_form_and_the_filters_travel_in_its_action(coordinator: User) -> None:
    client = client_for(coordinator)
    response = client.get(reverse("cases:export") + "?status=support")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'method="post"' in page
    assert f'action="{reverse("cases:export")}?status=support"' in page
    assert 'autocomplete="new-password"' in page
    assert not AuditEvent.objects.filter(action="case.export").exists()
    # The list's fold posts to the export with the list's filters, not its page.
    listing = client.get(reverse("cases:list") + "?status=support&after=x").content.decode()
    assert f'action="{reverse("cases:export")}?status=support"' in listing
    assert 'name="password_confirm"' in listing


def test_the_filters_of_the_post_choose_the_rows(coordinator: User) -> None:
    response = client_for(coordinator).post(
        reverse("cases:export") + "?status=support", {"password": "", "password_confirm": ""}
    )
    assert response.content.startswith(b"PK")
    event = AuditEvent.objects.get(action="case.export", actor=coordinator)
    assert event.details["criteria"] == ["status"]


def test_an_invalid_filter_still_exports_nothing(coordinator: User) -> None:
    response = client_for(coordinator).post(
        reverse("outreach:export") + "?worker=999999",
        {"password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 302
    assert PASSWORD not in response["Location"]
    assert not AuditEvent.objects.filter(action="outreach.export").exists()


@pytest.mark.parametrize(("name", "action", "personal"), EXPORTS)
def test_the_password_reaches_no_log_no_audit_row_and_no_query(
    coordinator: User, caplog: pytest.LogCaptureFixture, name: str, action: str, personal: bool
) -> None:
    client = client_for(coordinator)
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, name, PASSWORD).status_code == 200
        assert _post(client, name, PASSWORD, "mismatch-" + PASSWORD).status_code == 400
    logged = [record.getMessage() + repr(record.args) for record in caplog.records]
    assert caplog.records  # the refused one is logged (Bad Request), without the password
    assert not any(PASSWORD in line for line in logged)
    assert not any(PASSWORD in query["sql"] for query in queries.captured_queries)
    for event in AuditEvent.objects.all():
        assert PASSWORD not in json.dumps(event.details, ensure_ascii=False)
        assert PASSWORD not in event.reason


@pytest.mark.parametrize(("name", "action", "personal"), EXPORTS)
def test_error_reports_hide_the_password(
    coordinator: User, name: str, action: str, personal: bool
) -> None:
    """Django's error reports (500 mails, debug pages) show the POST of a request: every
    export view marks both fields as sensitive."""
    from django.views.debug import SafeExceptionReporterFilter

    response = _post(client_for(coordinator), name, PASSWORD)
    request = response.wsgi_request
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert shown["password"] != PASSWORD and shown["password_confirm"] != PASSWORD


def test_the_auditor_reads_that_the_file_was_protected(coordinator: User) -> None:
    _post(client_for(coordinator), "cases:export", PASSWORD)
    event = AuditEvent.objects.get(action="case.export")
    shown = {detail.label: detail.text for detail in describe(event.action, "", event.details)}
    assert shown["パスワードで保護"] == "はい"


def test_a_protected_directory_file_is_refused_by_the_import_with_a_message(
    coordinator: User,
) -> None:
    from kasane.core.uploads import FileRefused

    content = _post(client_for(coordinator), "resources:export_xlsx", PASSWORD).content
    with pytest.raises(FileRefused) as refused:
        read_table("resources.xlsx", content)
    assert refused.value.message == PROTECTED_XLSX


@pytest.mark.parametrize("username", ["zeimu", "kansa"])
@pytest.mark.parametrize(("name", "action", "personal"), EXPORTS)
def test_a_referrer_and_the_auditor_get_404_with_or_without_a_password(
    username: str, name: str, action: str, personal: bool
) -> None:
    client = client_for(User.objects.get(username=username))
    assert client.get(reverse(name)).status_code == 404
    assert _post(client, name, PASSWORD).status_code == 404
    assert not AuditEvent.objects.filter(actor__username=username, action=action).exists()
