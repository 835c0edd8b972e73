"""お知らせ in the browser (issue 14): the coordinator opens a case with houkatsu as 主担当;
houkatsu, on a phone, sees the unread count in the header, the notice in the list, and opens
the case from it; the count goes down."""

from __future__ import annotations

from kasane.accounts.models import User
from kasane.notices.models import Notice
from kasane.people import services as people
from tests.browser.conftest import DESKTOP, PHONE


def test_houkatsu_learns_on_her_phone_that_she_is_lead(open_session) -> None:  # type: ignore[no-untyped-def]
    houkatsu = User.objects.get(username="houkatsu")
    person = people.person_create(
        actor=houkatsu, organization=houkatsu.organization, family_name="新井", given_name="一"
    )
    Notice.objects.filter(recipient=houkatsu).update(read_at=Notice.objects.first().created_at)

    desk = open_session(DESKTOP)
    desk.login("coordinator")
    desk.page.goto(f"/cases/new/?person={person.pk}")
    desk.page.get_by_label("主担当の機関").select_option(label="東地域包括支援センター")
    desk.page.get_by_label("主担当の担当者").select_option(
        label="小林 直子（東地域包括支援センター）"
    )
    desk.page.get_by_role("button", name="ケースを開く").click()
    desk.page.wait_for_url("**/cases/*/")
    case_url = desk.page.url

    phone = open_session(PHONE)
    phone.login("houkatsu")
    bell = phone.page.get_by_role("link", name="お知らせ（未読1件）")
    assert bell.is_visible()
    assert bell.bounding_box()["y"] < 60  # in the header's top bar, beside the menu button
    bell.click()
    phone.page.wait_for_url("**/notices/")
    item = phone.page.locator(".notice-item--unread").first
    assert "主担当になりました" in item.inner_text()
    assert "新井" in item.inner_text()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot("notice-list-phone")
    item.get_by_role("link", name="主担当になりました").click()
    phone.page.wait_for_url(case_url)
    assert phone.page.get_by_role("link", name="お知らせ（未読なし）").is_visible()
    assert phone.external_requests() == []
