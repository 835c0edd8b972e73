"""The community journey on a phone (issue 17): chiiki writes a 地域課題シート for 東圏域 on a
375px phone and finds it in the list of 地域課題."""

from __future__ import annotations

from kasane.community.models import CommunityIssue, IssueStatus
from tests.browser.conftest import PHONE


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_chiiki_writes_a_sheet_on_a_phone_and_sees_it_in_the_list(open_session) -> None:
    chiiki = open_session(PHONE)
    page = chiiki.page
    chiiki.login("chiiki")
    page.goto(f"{chiiki.base_url}/community/issues/")
    page.get_by_role("link", name="地域課題シートを書く").click()
    page.wait_for_url("**/community/issues/new/")
    assert fits_the_phone(page)

    page.locator("#id_area").select_option(label="東圏域")
    page.get_by_label("テーマ").select_option(label="孤立")
    page.get_by_label("課題（ひとことで）").fill("団地の集会所が使われていない")
    page.get_by_label("気づいたこと").fill("集会所が閉まったままで、住民が集まる機会が減った。")
    page.get_by_label("住民の声").fill("「前は毎月お茶会があった」")
    page.get_by_label("提起した場").select_option(label="住民懇談会")
    chiiki.screenshot("community-issue-sheet-phone")
    page.get_by_role("button", name="提起する").click()
    page.get_by_text("地域課題「団地の集会所が使われていない」を提起しました。").wait_for()
    assert fits_the_phone(page)

    page.goto(f"{chiiki.base_url}/community/issues/")
    row = page.locator("tr", has_text="団地の集会所が使われていない")
    assert "東圏域" in row.inner_text() and "提起" in row.inner_text()
    assert fits_the_phone(page)
    issue = CommunityIssue.objects.get(title="団地の集会所が使われていない")
    assert issue.area.name == "東圏域" and issue.status == IssueStatus.RAISED
