"""The case journey in a real browser: the coordinator revises 田中家's support plan from a new
draft to approval, a team member records a visit on a phone, and the approved plan prints as a
PDF that carries 本人の目標."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from pypdf import PdfReader

from kasane.cases.models import CaseNote, PlanStatus
from tests.browser.conftest import DESKTOP, PHONE
from tests.builders import demo_case
from tests.system_packages import require_pdf

NEW_GOAL = "母の介護と子育てを家族と分け合い、週に二度は自分の時間をもちたい"
NOTE = "訪問。陽斗くんの保育園の送り迎えを、母のデイサービスの日に合わせて調整した。"


def _no_horizontal_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_team_revises_the_plan_records_a_visit_and_prints_the_plan(open_session) -> None:
    coordinator = open_session(DESKTOP)
    page = coordinator.page
    coordinator.login("coordinator")
    page.get_by_role("link", name="支援ケースの一覧").click()
    page.get_by_role("table").get_by_role("link", name="田中家").click()
    case = demo_case("田中家")
    page.wait_for_url(f"**/cases/{case.pk}/")

    # A new version starts as a copy of the approved plan.
    plans = page.locator("#plans")
    plans.get_by_role("link", name="新しい版を作る").click()
    page.wait_for_url(re.compile(r"/plans/new/$"))
    goal = page.get_by_label("本人の目標", exact=True)
    assert goal.input_value().startswith("母の介護と子育てを一人で抱え込まず")
    goal.fill(NEW_GOAL)
    page.get_by_label("本人の同意日").fill(timezone.localdate().isoformat())
    page.get_by_label("書面", exact=True).check()
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("支援プランの第2版を下書きとして保存しました。").wait_for()
    coordinator.screenshot("plan-draft-desktop")

    page.get_by_role("button", name="承認する").click()
    page.get_by_text("まだ実行していません。").wait_for()  # the confirmation step
    page.get_by_role("button", name="承認する").click()
    page.get_by_text("支援プランの第2版を承認しました。").wait_for()
    assert page.get_by_text(f"「{NEW_GOAL}」").is_visible()

    page.goto(f"/cases/{case.pk}/")
    versions = page.locator("#plans li")
    assert re.search(r"第2版\s*承認済", versions.nth(0).inner_text())
    assert re.search(r"第1版\s*改定済", versions.nth(1).inner_text())
    assert [plan.status for plan in case.plans.all()] == [
        PlanStatus.APPROVED,
        PlanStatus.SUPERSEDED,
    ]
    coordinator.screenshot("case-plans-desktop")

    # A team member records a home visit right after it, on a phone.
    member = open_session(PHONE)
    phone = member.page
    member.login("kosodate")
    phone.goto(f"/cases/{case.pk}/")
    assert _no_horizontal_scroll(phone)
    phone.locator("#notes summary", has_text="支援経過を記録する").click()
    form = phone.locator("#note-form")
    form.get_by_label("訪問", exact=True).check()
    form.get_by_label(re.compile(r"^内容")).fill(NOTE)
    form.get_by_role("button", name="記録する").click()
    phone.get_by_text("支援経過を記録しました。").wait_for()
    assert phone.locator("#notes li", has_text=NOTE).count() == 1
    assert _no_horizontal_scroll(phone)
    member.screenshot("case-note-phone")
    note = CaseNote.objects.get(case=case, content=NOTE)
    assert (note.author.username, note.written_on) == ("kosodate", timezone.localdate())

    # The approved plan prints as a PDF with 本人の目標 in it.
    require_pdf()
    page.reload()
    link = page.get_by_role("link", name="支援プラン（第2版・承認済）")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = "".join(sheet.extract_text() or "" for sheet in PdfReader(io.BytesIO(body)).pages)
    text = re.sub(r"\s+", "", text)
    assert "本人の目標" in text
    assert NEW_GOAL in text
    assert coordinator.external_requests() == []
    assert member.external_requests() == []
