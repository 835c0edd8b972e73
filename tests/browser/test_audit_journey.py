"""Issue 13 point 1 in a real browser: houkatsu opens 鈴木家; the auditor picks 鈴木 一郎 by
name and sees that view of the household filed under him."""

from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import totp_code


def test_the_auditor_finds_who_saw_suzuki_ichiro(open_session) -> None:
    worker = open_session(DESKTOP)
    worker.login("houkatsu")
    worker.page.goto("/households/")
    worker.page.get_by_role("link", name="鈴木家").first.click()
    assert worker.page.get_by_role("heading", level=1).inner_text().startswith("鈴木家")

    auditor = open_session(PHONE)
    page = auditor.page
    auditor.login("kansa", code=totp_code("kansa"))  # the demo's auditor has 2段階認証
    page.goto("/audit/")
    page.get_by_role("link", name="本人で探す（誰がこの人を見たか）").click()
    page.get_by_label("氏名・フリガナ").fill("すずき いちろう")
    page.get_by_role("button", name="探す").click()
    page.get_by_role("link", name="鈴木 一郎").click()
    assert page.get_by_role("heading", level=1).inner_text() == "鈴木 一郎さんの監査ログ"
    row = page.locator("tbody tr", has_text="世帯の閲覧").filter(has_text="houkatsu").first
    row.wait_for()
    assert "世帯 #" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    auditor.screenshot("audit-person-trail-phone")
    assert auditor.external_requests() == []
