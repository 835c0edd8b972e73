"""The meeting journey in a real browser: the coordinator runs a 支援会議 for 鈴木家 (found by
name) with `keisatsu`, who reads the case summary only after his pledge is recorded and only
within the meeting's window; then a 重層的支援会議 refuses 鈴木家 (no consent), approves 田中家's
new plan when its minutes are confirmed, and the case page shows the approval."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kasane.cases import services as cases
from kasane.cases.models import Case, PlanStatus, SupportPlan
from kasane.meetings.models import Meeting
from tests.browser.conftest import DESKTOP, PHONE
from tests.builders import demo_case

BRIEFING = "長男の一郎さんは同意していない。夜間の見守りと、母の受診の付き添いを分担したい。"


def _schedule(page, kind: str, title: str) -> Meeting:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="会議", exact=True).first.click()
    page.get_by_role("link", name="会議を予定する").click()
    page.get_by_label("会議の種類").select_option(label=kind)
    page.get_by_label("会議名").fill(title)
    page.get_by_label("開催日").fill(timezone.localdate().isoformat())
    page.get_by_label("開始時刻").fill("00:00")  # started already: minutes can be taken
    page.get_by_label("場所").fill("本庁舎3階 第2会議室")
    page.get_by_role("button", name="予定する").click()
    page.get_by_text("会議を予定しました。").wait_for()
    return Meeting.objects.get(title=title)


def _add_item(page, case: Case, purpose: str) -> None:  # type: ignore[no-untyped-def]
    agenda = page.locator("#agenda")
    agenda.locator("details").evaluate("details => { details.open = true; }")
    agenda.get_by_label("ケース番号").fill(str(case.pk))
    agenda.get_by_label("目的").select_option(label=purpose)
    agenda.get_by_role("button", name="議題に加える").click()


def _record_pledge(page, meeting: Meeting, username: str) -> None:  # type: ignore[no-untyped-def]
    participant = meeting.participants.get(user__username=username)
    row = page.locator(f"#participant-{participant.pk}")
    row.get_by_text("誓約を記録する（紙の誓約書）").click()
    row.get_by_label("誓約日").fill(timezone.localdate().isoformat())
    row.get_by_role("button", name="誓約を記録する").click()
    page.get_by_text("の誓約を記録しました。").wait_for()


def test_a_support_meeting_then_a_jusou_meeting_that_approves_a_plan(open_session) -> None:
    coordinator = open_session(DESKTOP)
    page = coordinator.page
    coordinator.login("coordinator")
    suzuki = demo_case("鈴木家")

    # The 支援会議: keisatsu joins, 鈴木家 is on the agenda.
    meeting = _schedule(page, "支援会議（法第106条の6）", "東圏域 支援会議（第3回）")
    assert page.get_by_role("heading", name="グランドルール").is_visible()
    page.locator("#participants").get_by_text("参加者を加える").click()
    page.get_by_label("Kasaneの利用者").select_option(label="山崎 剛（デモ警察署）")
    page.get_by_role("button", name="参加者に加える").click()
    page.get_by_text("山崎 剛さんを参加者に加えました。").wait_for()
    agenda = page.locator("#agenda")
    agenda.get_by_text("議題を加える").click()
    # Found by name as it is typed (issue 13), not by its number.
    agenda.get_by_label("本人・世帯の名前で探す").press_sequentially("すずき")
    found = agenda.get_by_label(re.compile(rf"鈴木家（ケース番号 {suzuki.pk}・"))
    found.wait_for()
    found.check()
    agenda.get_by_label("共有したいこと").fill(BRIEFING)
    agenda.get_by_role("button", name="議題に加える").click()
    page.get_by_text("鈴木家を東圏域 支援会議（第3回）の議題に加えました。").wait_for()

    # Without a pledge, keisatsu sees the meeting but none of the case.
    police = open_session(PHONE)
    police.login("keisatsu")
    police.page.goto(f"/meetings/{meeting.pk}/")
    police.page.get_by_text("守秘義務の誓約が記録されるまで").first.wait_for()
    assert "鈴木" not in police.page.content()

    # The coordinator records the pledges signed on paper (her own too).
    _record_pledge(page, meeting, "keisatsu")
    _record_pledge(page, meeting, "coordinator")
    coordinator.screenshot("meeting-support-desktop")

    police.page.reload()
    police.page.get_by_role("link", name="鈴木家").click()
    police.page.get_by_role("heading", name="ケースの要約").wait_for()
    assert police.page.get_by_text(BRIEFING).is_visible()
    assert police.page.get_by_text("鈴木 一郎").first.is_visible()
    assert police.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not police.page.get_by_role("button", name="記録する").count()
    police.screenshot("meeting-item-phone")
    item_url = police.page.url

    # Eight days on, the window has closed.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(days=8))
    response = police.page.goto(item_url)
    assert response is not None and response.status == 404
    police.page.goto(f"/meetings/{meeting.pk}/")
    police.page.get_by_text("閲覧できる期間").first.wait_for()
    assert "鈴木" not in police.page.content()

    # The 重層的支援会議 takes only consented cases and approves 田中家's new plan.
    tanaka = demo_case("田中家")
    approved = tanaka.plans.get(status="approved")
    draft = cases.plan_create(
        actor=tanaka.created_by,
        case=tanaka,
        items=[
            {name: getattr(item, name) for name in cases.ITEM_FIELDS}
            for item in approved.items.all()
        ],
        goal=approved.goal,
    )
    SupportPlan.objects.filter(pk=draft.pk).update(
        consent_on=timezone.localdate(), consent_method="written"
    )
    jusou = _schedule(page, "重層的支援会議", "11月の重層的支援会議")
    _add_item(page, suzuki, "情報共有")
    page.get_by_text("鈴木 一郎さんの重層的支援会議での共有への同意がありません").first.wait_for()
    _add_item(page, tanaka, "再プラン")
    page.get_by_text("田中家を11月の重層的支援会議の議題に加えました。").wait_for()
    page.locator("#agenda").get_by_role("link", name="田中家").click()
    minutes = page.get_by_role("textbox", name="議事の要旨")
    minutes.fill("第2版のプランを確認し、役割分担に合意した。")
    page.get_by_role("button", name="議事の要旨を保存する").click()
    page.get_by_text("議事の要旨を保存しました。").wait_for()
    page.get_by_text("支援プランの承認を記録する").click()
    page.locator("details[open]").get_by_role("button", name="記録する").click()
    page.get_by_text("「支援プランの承認」を記録しました。").wait_for()
    page.get_by_role("link", name="11月の重層的支援会議").click()
    page.get_by_role("button", name="議事録を確定して決定を反映する").click()
    page.get_by_text("まだ実行していません。").wait_for()  # the confirmation step
    page.get_by_role("button", name="議事録を確定して決定を反映する").click()
    page.get_by_text("議事録を確定し、1件の決定をケースに反映しました。").wait_for()

    page.goto(f"/cases/{tanaka.pk}/")
    plans = page.locator("#plans li")
    assert re.search(r"第2版\s*承認済", plans.nth(0).inner_text())
    assert "11月の重層的支援会議で承認" in plans.nth(0).inner_text()
    draft.refresh_from_db()
    assert draft.status == PlanStatus.APPROVED and draft.approved_meeting == jusou
    coordinator.screenshot("meeting-approved-plan-desktop")
