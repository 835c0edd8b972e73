import re

from kasane.accounts.models import User
from tests.browser.conftest import DESKTOP, PHONE


def test_admin_registers_a_user_and_filters_the_list(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("admin")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="利用者").click()
    page.get_by_role("link", name="利用者を登録").click()
    page.get_by_label("ユーザー名").fill("nishi2")
    page.get_by_label("氏名").fill("西 次郎")
    page.get_by_label("所属機関").select_option(label="西地域包括支援センター")
    page.get_by_label("相談支援員").check()
    page.get_by_label("アウトリーチ支援員").check()
    page.get_by_label("初期パスワード").fill("nishi-initial-2026")
    page.get_by_role("button", name="登録する").click()
    assert page.get_by_text("利用者「西 次郎」を登録しました。").is_visible()
    assert User.objects.get(username="nishi2").roles == {"consultant", "outreach_worker"}

    # The filter swaps only the table (htmx) and keeps the URL shareable.
    page.goto("/manage/users/")
    page.get_by_label("役割").select_option(label="つなぐシート連絡員")
    page.wait_for_url("**role=referrer**")
    rows = page.locator("#results tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    session.screenshot("admin-users-desktop")
    assert session.external_requests() == []


def test_admin_adds_a_town_on_a_phone(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("admin")
    page.goto("/manage/areas/")
    page.get_by_role("link", name=re.compile(r"下位の地域を追加\s*（港地区）")).click()
    page.get_by_label("名称").fill("港町3丁目")
    page.get_by_label("地域コード").fill("03-02-09")
    page.get_by_role("button", name="登録する").click()
    assert page.get_by_text("地域「港町3丁目」を登録しました。").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    session.screenshot("admin-areas-phone")
