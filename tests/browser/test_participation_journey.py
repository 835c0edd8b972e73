"""The participation journey on a phone (issue 16): sanka opens 原田家's case on a 375px phone,
goes to its 参加支援 page, finds a resource for 原田 康平 by category and day (the bakery's
就労体験, where he is in 見学 already), opens the match, moves it to 体験, and the case page
shows it."""

from __future__ import annotations

from kasane.participation.models import Match, Stage
from tests.browser.conftest import PHONE
from tests.builders import demo_case, demo_person


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_sanka_finds_the_bakery_for_harada_kohei_and_moves_him_to_trial(open_session) -> None:
    sanka = open_session(PHONE)
    page = sanka.page
    sanka.login("sanka")
    case = demo_case("原田家")
    page.goto(f"{sanka.base_url}/cases/{case.pk}/")
    page.locator("#participation").get_by_role("link", name="参加支援のページ").click()
    page.wait_for_url("**/participation/")
    person = page.locator("section", has_text="原田 康平さん")
    person.get_by_role("link", name="合う社会資源を探す").click()
    page.wait_for_url("**/match/")

    page.get_by_label("種類").select_option(label="就労体験・就労準備")
    page.get_by_label("曜日").select_option(label="木")
    page.get_by_role("button", name="探す").click()
    page.wait_for_url("**/match/?*")
    result = page.locator("#proposals li", has_text="パン工房こむぎの就労体験")
    assert "木" in result.inner_text()
    assert fits_the_phone(page)
    sanka.screenshot("participation-proposals-phone")
    result.get_by_role("link", name="提案済み（見学）：記録を見る").click()
    page.wait_for_url("**/participation/matches/*/")

    page.get_by_label("次の段階").select_option(label="体験")
    page.get_by_role("button", name="段階を記録する").click()
    page.get_by_text("「体験」にしました。").wait_for()
    assert "体験" in page.locator("#match-stage").inner_text()
    assert fits_the_phone(page)

    page.goto(f"{sanka.base_url}/cases/{case.pk}/")
    section = page.locator("#participation")
    assert "パン工房こむぎの就労体験" in section.inner_text()
    assert "体験" in section.inner_text()
    assert fits_the_phone(page)
    match = Match.objects.get(person=demo_person("原田 康平"))
    assert match.stage == Stage.TRIAL
