"""Consent recorded once, in a real browser (issue 13 point 2): the 重層的支援会議 refuses 山本 勇's
case and says where his consent is recorded; the 社協 worker records a consultation with
同意あり（口頭） on a phone, lands on his consent form filled in from it (checkboxes, no
horizontal scroll), saves it, and he shows 同意あり; then the meeting takes the case."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from kasane.accounts.models import User
from kasane.meetings.models import MeetingKind
from kasane.people.models import ConsentState
from tests.browser.conftest import DESKTOP, PHONE
from tests.builders import demo_case_of, schedule_meeting


def test_consent_at_intake_lets_the_jusou_meeting_take_the_case(open_session) -> None:
    case = demo_case_of("山本 勇")
    isamu = case.main_person
    assert isamu.consent_state == ConsentState.UNCONFIRMED
    meeting = schedule_meeting(
        User.objects.get(username="coordinator"),
        MeetingKind.JUSOU,
        starts_at=timezone.now() + dt.timedelta(days=2),
        title="重層的支援会議（同意の確認）",
    )

    coordinator = open_session(DESKTOP)
    coordinator.login("coordinator")
    page = coordinator.page

    def add_to_agenda() -> None:
        page.goto(f"/meetings/{meeting.pk}/")
        agenda = page.locator("#agenda")
        agenda.locator("details").evaluate("details => { details.open = true; }")
        agenda.get_by_label("ケース番号").fill(str(case.pk))
        agenda.get_by_label("目的").select_option(label="情報共有")
        agenda.get_by_role("button", name="議題に加える").click()

    add_to_agenda()
    link = page.get_by_role("link", name="山本 勇さんの同意を記録する")
    link.wait_for()
    assert page.get_by_text("同意がありません").first.is_visible()

    worker = open_session(PHONE)
    worker.login("csw")
    phone = worker.page
    phone.goto(f"/consultations/new/?person={isamu.pk}")
    phone.get_by_label("訪問").first.check()
    phone.get_by_label(re.compile(r"^相談者と本人の関係")).select_option(label="本人")
    phone.get_by_label(re.compile(r"^主訴")).fill(
        "家の片付けを手伝ってほしい。話を聞いてもらえた。"
    )
    phone.get_by_label("同意あり（口頭）").check()
    phone.get_by_label("当機関で対応").check()
    phone.get_by_role("button", name="記録する").click()
    phone.get_by_role("heading", name=re.compile("情報共有の同意を記録する")).wait_for()
    assert phone.get_by_label("口頭").is_checked()
    assert phone.get_by_label("重層的支援会議で共有してよい").is_checked()
    assert phone.get_by_label("社会福祉協議会").is_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    worker.screenshot("consent-offer-phone")
    phone.get_by_role("button", name="同意を記録する").click()
    phone.get_by_text("山本 勇さんの同意を記録しました。").wait_for()
    isamu.refresh_from_db()
    assert isamu.consent_state == ConsentState.GIVEN
    phone.goto(f"/people/{isamu.pk}/")
    assert phone.locator("main").get_by_text("同意あり", exact=True).first.is_visible()

    add_to_agenda()
    page.get_by_text(re.compile("議題に加えました")).wait_for()
    assert meeting.items.filter(case=case).exists()
    assert worker.external_requests() == [] and coordinator.external_requests() == []
