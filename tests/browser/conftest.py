"""Browser tests drive Debian's Chromium through Playwright against the live test server.

Without Chromium they are skipped, and the run says so loudly; with KASANE_REQUIRE_SYSTEM=1 or
KASANE_REQUIRE_BROWSER=1 (as CI sets) a missing browser fails the run instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kasane.demo.load import load_demo_city
from tests.conftest import PASSWORD
from tests.system_packages import BROWSER_MISSING, skip_or_fail

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    """KASANE_CHROMIUM if set (an empty or missing path means: no browser), else Debian's."""
    if "KASANE_CHROMIUM" in os.environ:
        candidate = os.environ["KASANE_CHROMIUM"]
        return candidate if candidate and os.access(candidate, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        skip_or_fail(f"{BROWSER_MISSING}: browser tests need `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_city(transactional_db: None) -> None:
    """The live server's tests flush the database after each test, so each loads the city."""
    load_demo_city(password=PASSWORD, generated=0)


class Session:
    """A browser page on the live server that remembers every URL it requested."""

    def __init__(self, browser: object, base_url: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, locale="ja-JP", base_url=base_url)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.base_url = base_url
        self.requested: list[str] = []
        self.page.on("request", lambda request: self.requested.append(request.url))

    def login(self, username: str, password: str = PASSWORD, code: str | None = None) -> None:
        """Sign in through the form; `code`, for a user with 2段階認証, at the second step."""
        self.page.goto("/")
        self.page.get_by_label("ユーザー名").fill(username)
        self.page.get_by_label("パスワード").fill(password)
        self.page.get_by_role("button", name="ログイン").click()
        if code is not None:
            self.page.wait_for_url("**/login/code/**")
            self.page.get_by_label("確認コード").fill(code)
            self.page.get_by_role("button", name="確認").click()
        self.page.wait_for_url(f"{self.base_url}/")

    def open_menu(self) -> None:
        """On a phone the menu is folded behind its button; on a desktop it is always open."""
        button = self.page.locator("summary.site-menu__button")
        if button.is_visible() and self.page.locator("details.site-menu[open]").count() == 0:
            button.click()

    def external_requests(self) -> list[str]:
        return [
            url
            for url in self.requested
            if not url.startswith(self.base_url) and not url.startswith("data:")
        ]

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def open_session(browser: object, live_server: object, demo_city: None) -> Iterator[object]:
    sessions: list[Session] = []

    def open_(viewport: dict[str, int] = DESKTOP) -> Session:
        session = Session(browser, live_server.url, viewport)  # type: ignore[attr-defined]
        sessions.append(session)
        return session

    yield open_
    for session in sessions:
        session.context.close()
