"""Kasane on a 375px phone: every page a coordinator can reach fits the width and has no
unstyled input, the header is one bar and a search box, the menu folds behind a button that
works without script and from the keyboard, lists are compact rows with their filters folded,
and the case page starts with links to its sections, its long sections folded. The header's
search finds a person and opens them."""

from __future__ import annotations

from collections import deque
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.browser.conftest import DESKTOP, PHONE
from tests.builders import demo_case, demo_person
from tests.conftest import PASSWORD

# Not pages to look at: they end the session, change nothing visible, or answer a file. (An
# Excel export answers a file to its POST only: its GET is the password form, a page.)
SKIPPED = {
    "accounts:logout",
    "outreach:print",
    "resources:print",
    "resources:print_list",
    "resources:export_hsds",
    "resources:export_csv",
    "disclosure:trail_export",
    "disclosure:xlsx",
    "disclosure:pdf",
    "plans:print",
}
SKIPPED_PREFIXES = ("cases:print_", "meetings:print")
SEEDS = [
    "/",
    "/search/?q=すずき",
    "/search/?q=1",
    "/community/activities/",
    # The Excel exports' password forms (the lists post to them; no link leads there).
    "/cases/export/",
    "/outreach/export/",
    "/community/figures/figures.xlsx",
]
HEADER_MAX = 130  # px on a 375px phone: one bar and the search box (221px before)

# Text-like inputs smaller than a finger, and the width of the page, measured in the browser.
SMALL_INPUTS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(e => !['hidden', 'checkbox', 'radio', 'submit', 'button'].includes(e.type))
  .filter(e => e.checkVisibility())
  .filter(e => e.getBoundingClientRect().height < 40)
  .map(e => e.name || e.id)"""
OPEN_EVERY_FOLD = "document.querySelectorAll('details').forEach(d => { d.open = true })"


def _view_name(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def _page_problems(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    header = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    if header > HEADER_MAX:
        problems.append(f"{url}: header {header:.0f}px")
    for state in ("as loaded", "every fold open"):
        if state == "every fold open":
            page.evaluate(OPEN_EVERY_FOLD)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{url} ({state}): {width}px wide")
        if small := page.evaluate(SMALL_INPUTS):
            problems.append(f"{url} ({state}): unstyled inputs {small}")
    return problems


def _links(page, base_url: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    return [href.split("#")[0] for href in hrefs if href.startswith(base_url)]


def test_every_page_a_coordinator_reaches_fits_a_phone(open_session) -> None:
    """Follows every link from the home page (one page of each kind), with the folds as
    loaded and all open."""
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    # 田中家 has an approved plan, an assessment and meetings: its pages come first.
    tanaka = f"/cases/{demo_case('田中家').pk}/"
    queue = deque(session.base_url + seed for seed in [tanaka, *SEEDS])
    seen: set[str] = set()
    problems: list[str] = []
    visited = []
    while queue:
        url = queue.popleft()
        name = _view_name(url)
        if name is None or name in seen or name in SKIPPED or name.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(name)
        response = page.goto(url)
        assert response is not None and response.ok, url
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(name)
        queue.extend(_links(page, session.base_url))
        problems += _page_problems(page, url)
    print(f"{len(visited)} pages:", ", ".join(visited))
    assert problems == []
    # The walk reached the pages of every program a coordinator uses.
    for expected in (
        "front:search",
        "people:person_detail",
        "people:household_detail",
        "consultations:detail",
        "referrals:detail",
        "cases:detail",
        "cases:plan",
        "meetings:detail",
        "meetings:item",
    ):
        assert expected in visited, expected
    assert len(visited) >= 30


def test_the_phone_menu_opens_without_script(browser, live_server, demo_city) -> None:
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("ユーザー名").fill("coordinator")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{live_server.url}/")
    menu = page.get_by_role("navigation", name="メインメニュー")
    cases_link = menu.get_by_role("link", name="支援ケース")
    assert not cases_link.is_visible()
    menu.get_by_text("メニュー").click()
    assert cases_link.is_visible()
    assert menu.get_by_role("button", name="ログアウト").is_visible()
    cases_link.click()
    page.wait_for_url("**/cases/")
    context.close()


def test_the_phone_menu_works_from_the_keyboard(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    button = page.locator("summary.site-menu__button")
    button.focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="会議")
    assert link.is_visible()
    page.keyboard.press("Escape")
    assert not link.is_visible()
    assert button.evaluate("element => element === document.activeElement")


def test_a_desktop_shows_the_menu_without_a_button(open_session) -> None:
    session = open_session(DESKTOP)
    page = session.page
    session.login("coordinator")
    assert (
        page.get_by_role("navigation", name="メインメニュー")
        .get_by_role("link", name="支援ケース")
        .is_visible()
    )
    assert not page.locator("summary.site-menu__button").is_visible()
    assert page.get_by_role("button", name="ログアウト").is_visible()


def test_a_list_of_50_is_compact_rows(open_session) -> None:
    call_command("generate_people", count=60, stdout=StringIO())
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    page.goto("/people/")
    heights = page.locator("main tbody tr").evaluate_all(
        "rows => rows.map(row => row.getBoundingClientRect().height)"
    )
    assert len(heights) == 50
    # A card of one line per column was about 340px a row (17,900px for the page).
    assert sum(heights) / len(heights) < 150
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_lists_filters_are_folded_until_used(open_session) -> None:
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    page.goto("/consultations/")
    filters = page.get_by_role("search", name="相談受付の絞り込み")
    assert not filters.is_visible()
    page.get_by_text("絞り込み", exact=True).click()
    assert filters.is_visible()
    filters.get_by_role("button", name="絞り込む").click()
    page.wait_for_url("**/consultations/?**")
    # A filtered list keeps its filters in view.
    assert page.get_by_role("search", name="相談受付の絞り込み").is_visible()


def test_the_case_page_starts_with_links_to_its_folded_sections(open_session) -> None:
    case = demo_case("鈴木家")
    session = open_session(PHONE)
    page = session.page
    session.login("coordinator")
    page.goto(f"/cases/{case.pk}/")
    links = page.get_by_role("navigation", name="このページの項目")
    team_table = page.locator("#team table")
    assert not team_table.is_visible()
    assert not page.locator("#notes ol").is_visible()
    links.get_by_role("link", name="チーム").click()
    assert team_table.is_visible()
    page.locator("#notes summary", has_text="記録を見る").click()
    assert page.locator("#notes ol").is_visible()
    # On a desktop every section is open, with no fold buttons.
    desktop = open_session(DESKTOP)
    desktop.login("coordinator")
    desktop.page.goto(f"/cases/{case.pk}/")
    assert desktop.page.locator("#team table").is_visible()
    assert not desktop.page.locator("#notes summary", has_text="記録を見る").is_visible()


def test_the_header_search_finds_a_person_and_opens_them(open_session) -> None:
    hana = demo_person("鈴木 ハナ")
    session = open_session(PHONE)
    page = session.page
    session.login("houkatsu")
    page.goto("/consultations/")
    box = page.get_by_role("search", name="本人・ケースの検索")
    box.get_by_role("searchbox").fill("すずき はな")
    box.get_by_role("button", name="検索").click()
    page.wait_for_url("**/search/?q=**")
    page.get_by_role("main").get_by_role("link", name="鈴木 ハナ").click()
    page.wait_for_url(f"**/people/{hana.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("鈴木 ハナ")
    # As the user types, the first people found show under the box; Escape closes them.
    page.goto("/cases/")
    box.get_by_role("searchbox").press_sequentially("すずき", delay=30)
    suggestion = box.get_by_role("link", name="鈴木 ハナ")
    suggestion.wait_for()
    page.keyboard.press("Escape")
    assert not suggestion.is_visible()
    # (Escape also empties a search box in Chromium.)
    box.get_by_role("searchbox").fill("")
    box.get_by_role("searchbox").press_sequentially("すずき は", delay=30)
    suggestion.click()
    page.wait_for_url(f"**/people/{hana.pk}/")
    assert session.external_requests() == []
