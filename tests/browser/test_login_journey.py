import pytest

from tests.browser.conftest import DESKTOP, PHONE


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_coordinator_logs_in_and_sees_the_home_page(open_session, viewport, name) -> None:
    session = open_session(viewport)
    page = session.page
    session.login("coordinator")
    assert page.get_by_role("heading", name="今日やること").is_visible()
    main = page.get_by_role("main")
    assert main.get_by_text("中村 真理 さん").is_visible()
    assert main.get_by_text("重層的支援推進課").first.is_visible()
    assert main.get_by_text("コーディネーター（多機関協働）").is_visible()
    # Kasane's own stylesheet is applied (the Digital Agency blue-900 of the brand mark) ...
    mark_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header__mark')).backgroundColor"
    )
    assert mark_colour == "rgb(0, 23, 193)"
    # ... landmarks are there, and nothing overflows a 375 px phone.
    assert page.get_by_role("navigation", name="メインメニュー").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    session.screenshot(f"home-coordinator-{name}")
    # Logout ends the session (on a phone, from the menu).
    session.open_menu()
    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/login/")
    assert session.external_requests() == []


def test_the_skip_link_takes_keyboard_users_to_the_content(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("admin")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_wrong_password_gets_a_japanese_message(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("coordinator")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログイン").click()
    assert page.get_by_text("ユーザー名またはパスワードが正しくありません").is_visible()
