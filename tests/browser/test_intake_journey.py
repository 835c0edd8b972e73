"""The intake journeys in a real browser: a referrer sends a つなぐシート from a phone and sees
its status change when the coordinator acknowledges it; an urgent consultation appears on the
coordinator's home page until someone acknowledges it."""

import re

from kasane.intake.models import Consultation, Referral
from tests.browser.conftest import DESKTOP, PHONE


def test_a_referrer_sends_a_sheet_on_a_phone_and_sees_it_acknowledged(open_session) -> None:
    referrer = open_session(PHONE)
    page = referrer.page
    referrer.login("zeimu")
    referrer.open_menu()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="つなぐシート"
    ).click()
    page.get_by_label(re.compile(r"^本人の氏名")).fill("川口 二郎")
    page.get_by_label("フリガナ").fill("カワグチ ジロウ")
    page.get_by_label(re.compile(r"^連絡先または住所")).fill("090-1111-2222")
    page.get_by_label(re.compile(r"^気づいたこと")).fill(
        "納税相談で、仕事を失い家賃も払えないと話していた。"
    )
    page.get_by_label("同意あり").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    referrer.screenshot("sheet-form-phone")
    send = page.get_by_role("button", name="送る")
    send.dblclick()  # a double tap sends one sheet
    page.wait_for_url("**/referrals/sent/")
    row = page.locator("#sent-list tr", has_text="川口 二郎")
    assert row.locator("[data-status]").inner_text() == "送付済"
    assert Referral.objects.filter(subject_name="川口 二郎").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    coordinator = open_session(DESKTOP)
    coordinator.login("coordinator")
    coordinator.page.goto("/referrals/")
    coordinator.page.locator("tr", has_text="川口 二郎").get_by_role(
        "button", name="受理する"
    ).click()
    coordinator.page.get_by_text("受理しました").wait_for()

    page.reload()
    row = page.locator("#sent-list tr", has_text="川口 二郎")
    assert row.locator("[data-status]").inner_text() == "受理（受け止め）"
    referrer.screenshot("sheet-status-phone")
    assert referrer.external_requests() == []


def test_an_urgent_consultation_appears_on_the_coordinator_home(open_session) -> None:
    consultant = open_session(DESKTOP)
    page = consultant.page
    consultant.login("houkatsu")
    page.goto("/consultations/new/")
    page.get_by_label("氏名・フリガナ").fill("すずき")
    page.get_by_role("button", name="探す").click()
    page.get_by_role("link", name=re.compile(r"^鈴木 ハナ.*の相談として記録")).click()
    page.get_by_label("電話").check()
    page.get_by_label(re.compile(r"^相談者と本人の関係")).select_option(label="近隣住民・知人")
    page.get_by_label(re.compile(r"^主訴")).fill("隣の鈴木さん宅で数日雨戸が閉まったまま。")
    page.get_by_label("安否確認").check()
    page.get_by_label("確認できず").check()
    page.get_by_label("当機関で対応").check()
    page.get_by_role("button", name="記録する").click()
    page.get_by_text("緊急の相談として").wait_for()
    consultation = Consultation.objects.latest("pk")
    assert consultation.is_urgent and consultation.acknowledged_at is None

    coordinator = open_session(DESKTOP)
    coordinator.login("coordinator")
    urgent = coordinator.page.locator("#urgent-consultations")
    item = urgent.locator("li", has_text="鈴木 ハナさん：安否確認")
    item.wait_for()
    coordinator.screenshot("home-urgent-desktop")
    item.get_by_role("button", name="確認済みにする").click()
    coordinator.page.get_by_text("緊急の相談を確認しました").wait_for()
    assert coordinator.page.locator("#urgent-consultations li", has_text="鈴木 ハナ").count() == 0
    consultation.refresh_from_db()
    assert consultation.acknowledged_by.username == "coordinator"
