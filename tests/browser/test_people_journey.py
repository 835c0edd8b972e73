"""The people journeys in a real browser: search by kana on a phone finds 髙橋 美咲; registering
shows duplicate hints as you type; the household page draws its genogram; the search answers as
you type and 新しく本人を登録 starts from the name typed there."""

import re

from kasane.people.models import Person
from tests.browser.conftest import DESKTOP, PHONE


def test_a_consultant_finds_takahashi_misaki_by_kana_on_a_phone(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("kosodate")
    session.open_menu()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="本人・世帯"
    ).click()
    page.get_by_label("氏名・フリガナ").fill("たかはし")
    page.get_by_role("main").get_by_role("button", name="検索").click()
    page.wait_for_url("**name=**")
    result = page.locator("#results").get_by_role("link", name="髙橋 美咲")
    result.wait_for()
    assert page.locator("#results").get_by_text("2件").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    session.screenshot("people-search-phone")
    result.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("髙橋 美咲")
    assert page.get_by_text("同意未確認").first.is_visible()  # never asked, not refused
    assert session.external_requests() == []


def test_registering_shows_likely_duplicates_while_typing(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("houkatsu")
    page.goto("/people/new/")
    page.get_by_label(re.compile(r"^氏\s*必須$")).fill("鈴木")
    page.get_by_label("名", exact=True).fill("はな")
    page.get_by_label("生年月日").fill("S18.5.12")
    page.get_by_label("生年月日").blur()
    hint = page.locator("#duplicates").get_by_role("link", name="鈴木 ハナ（スズキ ハナ）")
    hint.wait_for()
    session.screenshot("people-duplicates-desktop")
    hint.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("鈴木 ハナ")
    assert Person.objects.filter(family_name="鈴木").count() == 2


def test_the_household_page_draws_the_genogram(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("kosodate")
    page.goto("/households/")
    page.get_by_role("link", name="田中家").click()
    genogram = page.get_by_role("img", name="田中家のジェノグラム")
    genogram.wait_for()
    assert genogram.bounding_box()["width"] > 300
    session.screenshot("household-genogram-desktop")


def test_the_search_answers_as_you_type_and_registering_keeps_the_name(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("houkatsu")
    page.goto("/people/")
    page.get_by_label("氏名・フリガナ").press_sequentially("すずき はな")  # no 検索 pressed
    results = page.locator("#results")
    results.get_by_role("link", name="鈴木 ハナ").wait_for()
    page.wait_for_url("**name=**")
    results.get_by_role("link", name="新しく本人を登録").click()
    page.get_by_role("heading", name="本人の登録").wait_for()
    assert page.get_by_label("フリガナ（氏）").input_value() == "スズキ"
    assert page.get_by_label("フリガナ（名）").input_value() == "ハナ"
