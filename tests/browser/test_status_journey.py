"""Statuses follow the work, in a real browser (issue 13 point 4): the coordinator saves the
assessment and the plan of a case decided for support, a 重層的支援会議 approves the plan, and the
case shows 支援中 — no step button pressed on the way."""

from __future__ import annotations

from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import CaseStatus
from tests.browser.conftest import DESKTOP
from tests.browser.test_meeting_journey import _add_item, _schedule
from tests.builders import case_decided

GOAL = "母の介護を続けながら、週に一度は自分の時間をもちたい"


def test_the_case_reaches_support_without_a_step_pressed(open_session) -> None:
    case = case_decided(User.objects.get(username="kosodate"))
    coordinator = open_session(DESKTOP)
    page = coordinator.page
    coordinator.login("coordinator")

    # The assessment, saved from the case page: the case moves to アセスメント by itself.
    page.goto(f"/cases/{case.pk}/")
    page.locator("#assessment").get_by_role("link", name="アセスメントを記録する").click()
    page.get_by_label("支援者の見立て").fill("介護と子育てが重なり、本人の休息が先。")
    page.get_by_label("中", exact=True).check()
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("アセスメントを新しい版として保存しました。").wait_for()
    page.goto(f"/cases/{case.pk}/")
    assert page.locator("#status [aria-current=step]").inner_text() == "アセスメント（今）"

    # The first plan: nothing exists until it is saved; then the case is at プラン作成.
    page.locator("#plans").get_by_role("link", name="新しい版を作る").click()
    page.get_by_label("本人の目標", exact=True).fill(GOAL)
    rows = page.locator("#plan-items > fieldset")
    assert rows.count() == 2
    page.get_by_role("button", name="項目を追加").click()  # htmx: one more row, no reload
    rows.nth(2).wait_for()
    assert rows.count() == 3
    assert page.locator("#id_items-TOTAL_FORMS").input_value() == "3"
    rows.nth(2).get_by_label("課題").fill("子育て")
    rows.nth(2).get_by_label("支援内容").fill("一時預かりを紹介する")
    rows.nth(2).get_by_label("担当機関").select_option(label="こども家庭センター")
    item = rows.first
    item.get_by_label("課題").fill("母の介護")
    item.get_by_label("支援内容").fill("ショートステイを月1回利用できるよう調整する")
    item.get_by_label("担当機関").select_option(label="こども家庭センター")
    page.get_by_label("本人の同意日").fill(timezone.localdate().isoformat())
    page.get_by_label("書面", exact=True).check()
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("支援プランの第1版を下書きとして保存しました。").wait_for()
    assert [i.issue for i in case.plans.get().items.all()] == ["母の介護", "子育て"]

    # The 重層的支援会議 approves it when its minutes are confirmed.
    _schedule(page, "重層的支援会議", "12月 重層的支援会議")
    _add_item(page, case, "プラン策定")
    page.get_by_text("を12月 重層的支援会議の議題に加えました。").wait_for()
    page.locator("#agenda").get_by_role("link").first.click()
    page.get_by_role("textbox", name="議事の要旨").fill("第1版のプランを確認し、合意した。")
    page.get_by_role("button", name="議事の要旨を保存する").click()
    page.get_by_text("議事の要旨を保存しました。").wait_for()
    page.get_by_text("支援プランの承認を記録する").click()
    page.locator("details[open]").get_by_role("button", name="記録する").click()
    page.get_by_text("「支援プランの承認」を記録しました。").wait_for()
    page.get_by_role("link", name="12月 重層的支援会議").click()
    page.get_by_role("button", name="議事録を確定して決定を反映する").click()
    page.get_by_text("まだ実行していません。").wait_for()
    page.get_by_role("button", name="議事録を確定して決定を反映する").click()
    page.get_by_text("議事録を確定し、1件の決定をケースに反映しました。").wait_for()

    page.goto(f"/cases/{case.pk}/")
    assert page.locator("#status [aria-current=step]").inner_text() == "支援中（今）"
    case.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT
    assert not [url for url in coordinator.requested if "/transition/" in url]
    coordinator.screenshot("status-follows-work")
