"""Issue 19 in a real browser: the two-person rule of 閲覧制限. 佐藤 さくら (自立相談支援機関,
DV等支援措置) has a new colleague at her agency, 前田 杏, who is to visit her. The admin
proposes the grant and cannot approve it himself; the coordinator approves it; only then does
前田 see the address, which was 「（閲覧制限）」 to her before."""

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.organizations.models import Organization
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import PASSWORD

ADDRESS = "デモ市南町9-9-9"
MASK = "（閲覧制限）"


def _jiritsu_colleague() -> User:
    """A second consultant at 自立相談支援機関: she sees 佐藤 さくら but holds no grant."""
    user = User.objects.create(
        username="maeda",
        full_name="前田 杏",
        organization=Organization.objects.get(name="自立相談支援機関"),
    )
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    user.role_assignments.create(role=Role.CONSULTANT)
    return user


def _address(session, person_url: str) -> str:
    session.page.goto(person_url)
    assert session.page.get_by_role("heading", level=1).inner_text().startswith("佐藤 さくら")
    return (
        session.page.locator("dt", has_text="住所")
        .locator("xpath=..")
        .locator("dd")
        .first.inner_text()
    )


def test_a_grant_needs_a_second_person_before_the_address_shows(open_session) -> None:
    _jiritsu_colleague()

    admin = open_session(DESKTOP)
    page = admin.page
    admin.login("admin")
    admin.open_menu()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="閲覧制限の許可"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "閲覧制限の許可"
    page.get_by_role("main").get_by_role("link", name="佐藤 さくら").click()
    assert page.get_by_text("自立相談支援機関が登録").is_visible()
    register_url = page.url
    person_pk = register_url.rstrip("/").rsplit("/", 1)[-1]
    page.get_by_label("閲覧を許可する利用者").select_option(label="前田 杏（自立相談支援機関）")
    page.get_by_label("理由").fill("自立相談支援機関の担当者として家庭訪問のため")
    page.get_by_role("button", name="申請する").click()
    assert page.get_by_text("前田 杏さんへの閲覧の許可を申請しました。").is_visible()
    pending = page.locator("section", has=page.locator("#pending-heading"))
    assert "前田 杏（自立相談支援機関）" in pending.inner_text()
    # The proposer has no way to approve his own proposal, and is told who does.
    assert pending.get_by_role("button", name="承認する").count() == 0
    assert page.get_by_text("申請した人は承認できません。").is_visible()
    granted = page.locator("section", has=page.locator("#grants-heading"))
    assert "前田 杏" not in granted.inner_text()
    page.get_by_role("link", name="閲覧制限の許可").first.click()
    assert "前田 杏" in page.locator("section", has=page.locator("#pending-heading")).inner_text()

    # Before approval the colleague sees the person, with her address masked.
    colleague = open_session(PHONE)
    colleague.login("maeda")
    person_url = f"/people/{person_pk}/"
    address = _address(colleague, person_url)
    assert MASK in address and ADDRESS not in address
    assert ADDRESS not in colleague.page.content()

    coordinator = open_session(DESKTOP)
    approve = coordinator.page
    coordinator.login("coordinator")
    approve.goto("/manage/restrictions/")
    approve.locator("#pending-heading").locator("xpath=..").get_by_role(
        "link", name="佐藤 さくら"
    ).click()
    approve.get_by_role("button", name="承認する").click()
    assert approve.get_by_text("前田 杏さん").first.is_visible()
    granted = approve.locator("section", has=approve.locator("#grants-heading"))
    assert "前田 杏（自立相談支援機関）・自立相談支援機関の担当者として家庭訪問のため" in (
        granted.inner_text()
    )
    assert "承認 中村 真理" in granted.inner_text()
    assert (
        "承認を待っている申請はありません。"
        in approve.locator("section", has=approve.locator("#pending-heading")).inner_text()
    )

    address = _address(colleague, person_url)
    assert ADDRESS in address and MASK not in address
    assert colleague.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    colleague.screenshot("restriction-grant-person-phone")
    for session in (admin, colleague, coordinator):
        assert session.external_requests() == []
