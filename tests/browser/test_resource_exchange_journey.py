"""The directory's exchange in a browser (issue 16): sanka downloads the HSDS 3 export from the
directory page and it validates against the Open Referral schema; then sanka exports the
directory to CSV and, on a phone, imports it back: the dry run says nothing would change, and
sanka confirms."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from kasane.audit.models import AuditEvent
from kasane.resources.models import Service
from tests.browser.conftest import PHONE
from tests.resources.test_hsds import _schemas


def test_sanka_downloads_the_hsds_export_and_it_validates(open_session) -> None:
    sanka = open_session()
    page = sanka.page
    sanka.login("sanka")
    page.goto(f"{sanka.base_url}/resources/")
    with page.expect_download() as download:
        page.get_by_role("link", name="HSDS 3（JSON、Open Referral）").click()
    document = json.loads(Path(download.value.path()).read_text())
    schema = json.loads((_schemas() / "compiled" / "organization.json").read_text())
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = [e.message for org in document["contents"] for e in validator.iter_errors(org)]
    assert errors == []
    assert sum(len(o.get("services", [])) for o in document["contents"]) == Service.objects.count()


def test_sanka_exports_and_imports_the_directory_unchanged_on_a_phone(
    open_session, tmp_path
) -> None:
    sanka = open_session(PHONE)
    page = sanka.page
    sanka.login("sanka")
    page.goto(f"{sanka.base_url}/resources/")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    exported = tmp_path / "resources.csv"
    download.value.save_as(exported)
    page.goto(f"{sanka.base_url}/resources/import/")
    page.get_by_label("取り込むファイル（CSV または Excel）").set_input_files(exported)
    page.get_by_role("button", name="内容を確認する（まだ取り込みません）").click()
    page.get_by_text("誤りはありません。").wait_for()
    assert f"変更なし {Service.objects.count()}件" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="この内容で取り込む").click()
    page.get_by_text("取り込みました").wait_for()
    assert AuditEvent.objects.filter(action="resource.import").count() == 1
