"""The outreach journey on a phone (issue 15): csw opens Kasane on a 375px phone, finds 山本 勇
on the home page's outreach card, records that she met him at the door with the next visit
date, and the target page shows the stage, the date she met him and the new next date; the
coordinator finds 北町3丁目's unidentified man, whose visit date passed, on his home page."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kasane.core.japanese import wareki
from kasane.outreach.models import OutreachTarget
from tests.browser.conftest import PHONE
from tests.builders import demo_person


def test_csw_records_a_visit_from_the_home_page_on_a_phone(open_session) -> None:
    csw = open_session(PHONE)
    page = csw.page
    csw.login("csw")
    card = page.locator("#my-outreach")
    row = card.locator("li", has_text="山本 勇さん")
    row.get_by_role("link", name="接触を記録する").click()
    page.wait_for_url("**/attempts/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    next_visit = timezone.localdate() + dt.timedelta(days=7)
    page.get_by_label("訪問", exact=True).check()
    page.get_by_label("会えた", exact=True).check()
    page.get_by_label("確認できた", exact=True).check()
    page.get_by_label("様子（生活状況・リスク）").fill("玄関先で5分ほど話を聞けた。")
    page.get_by_label("次回の接触予定日").fill(next_visit.isoformat())
    csw.screenshot("outreach-attempt-phone")
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("接触を記録しました。").wait_for()

    assert "会えた" in page.locator("#stage").inner_text()
    assert page.locator("#next-contact").inner_text() == wareki(next_visit)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    target = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    assert (target.stage, target.next_contact_on) == ("met", next_visit)
    assert target.last_contact_on == timezone.localdate()
    assert target.attempts.count() == 9


def test_the_coordinator_sees_the_overdue_unidentified_target_on_his_home_page(
    open_session,
) -> None:
    coordinator = open_session()
    page = coordinator.page
    coordinator.login("coordinator")
    page.locator("#outreach-watch").wait_for()
    row = page.locator("#outreach-watch + ul li", has_text="氏名不明（北町3丁目）")
    assert "予定日を過ぎています" in row.inner_text()
    row.get_by_role("link", name="氏名不明（北町3丁目）").click()
    page.wait_for_url("**/outreach/*/")
    assert "北町3丁目のアパート2階の高齢男性" in page.content()


def test_csw_reviews_yamamoto_on_a_phone_and_takes_him_to_the_meeting(open_session) -> None:
    csw = open_session(PHONE)
    page = csw.page
    csw.login("csw")
    target = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    page.goto(f"{csw.base_url}/outreach/{target.pk}/")
    page.locator("#reviews summary").click()
    page.get_by_label("支援会議へ", exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    csw.screenshot("outreach-review-phone")
    page.get_by_role("button", name="見直しを記録する").click()
    page.get_by_text("見直しを記録しました。").wait_for()

    assert "支援会議の議題に載せる" in page.locator("#review-meeting").inner_text()
    assert "支援会議へ" in page.locator("#reviews").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert target.reviews.order_by("-pk").first().decision == "meeting"
