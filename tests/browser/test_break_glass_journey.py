"""Issue 19 in a real browser: 森 由紀 (西地域包括) must check on 鈴木 ハナ tonight, whom 東地域
包括 holds. Her search says only that another agency knows someone; she asks for 緊急時の閲覧
from there, reads the record, and the auditor reviews the use."""

from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import totp_code


def test_a_consultant_breaks_the_glass_and_the_auditor_reviews_it(open_session) -> None:
    worker = open_session(PHONE)
    page = worker.page
    worker.login("outsider")
    page.goto("/people/")
    page.get_by_label("氏名・フリガナ").fill("鈴木 ハナ")
    page.get_by_role("main").get_by_role("button", name="検索").click()
    page.wait_for_url("**name=**")
    page.get_by_role("link", name="緊急時の閲覧を申請する").click()
    assert page.get_by_role("heading", level=1).inner_text() == "緊急時の閲覧の申請"
    assert page.get_by_label("氏名（またはフリガナ）").input_value() == "鈴木 ハナ"
    page.get_by_label("生年月日").fill("S18.5.12")
    page.get_by_role("button", name="申請して閲覧する").click()
    # No reason and no confirmation: nothing opens, and the page says why.
    assert page.get_by_text("理由を書いてください。").is_visible()
    page.get_by_label("理由（今すぐ必要なわけ）").fill(
        "夜間に家族から連絡があり、安否確認に向かうため"
    )
    page.get_by_label("閲覧は記録され、監査担当者が確認します。").check()
    page.get_by_role("button", name="申請して閲覧する").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("鈴木 ハナ")
    assert page.get_by_text("緊急時の閲覧中").is_visible()
    assert page.get_by_role("link", name="変更する").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    worker.screenshot("break-glass-person-phone")

    auditor = open_session(DESKTOP)
    review = auditor.page
    # The demo's auditor has 2段階認証; another journey may have used this 30 seconds' code.
    auditor.login("kansa", code=totp_code("kansa", steps_ahead=1))
    auditor.open_menu()
    review.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="緊急時の閲覧の確認"
    ).click()
    row = review.locator("tbody tr", has_text="森 由紀")
    assert "未確認" in row.inner_text()
    row.get_by_role("link", name="確認する").click()
    assert review.get_by_text("夜間に家族から連絡があり、安否確認に向かうため").is_visible()
    review.get_by_role("link", name="期間中のこの利用者の操作（監査ログ）").click()
    assert review.locator("tbody tr", has_text="本人の閲覧").first.is_visible()
    review.go_back()
    review.get_by_label("適切").check()
    review.get_by_label("メモ").fill("夜間の安否確認として妥当")
    review.get_by_role("button", name="確認を記録する").click()
    assert review.get_by_text("確認を記録しました。").is_visible()
    assert "適切" in review.locator("tbody tr", has_text="森 由紀").inner_text()
    auditor.screenshot("break-glass-queue-desktop")
    assert worker.external_requests() == [] and auditor.external_requests() == []
