"""Issue 19 in a real browser: houkatsu enrols an authenticator app by reading the secret
from the page (as someone typing it into the app by hand would), keeps the backup codes,
logs out, and logs in again with the password and a code."""

from base64 import b32decode

from django_otp.oath import TOTP

from tests.browser.conftest import PHONE


def test_a_user_enrols_an_app_and_logs_in_with_a_code(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("houkatsu")
    session.open_menu()
    page.get_by_role("link", name="2段階認証").click()
    page.get_by_role("button", name="設定を始める").click()
    page.get_by_role("heading", name="2段階認証の設定").wait_for()
    assert page.locator("figure svg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    session.screenshot("two-factor-setup-phone")
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    app = TOTP(b32decode(secret))  # the authenticator app the user typed the secret into

    page.get_by_label("認証アプリに表示されている6桁の数字").fill(f"{app.token():06d}")
    page.get_by_role("button", name="確認").click()

    page.get_by_role("heading", name="バックアップコード").wait_for()
    assert page.locator(".two-factor-codes li").count() == 10
    session.open_menu()
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/login/")

    # The code just used is not accepted twice: the app's next code (within the tolerance).
    app.time = app.time + app.step
    session.login("houkatsu", code=f"{app.token():06d}")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert session.external_requests() == []
