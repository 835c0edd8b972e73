"""The main navigation. Programs are listed in the order users know them; an entry appears
only when its page exists (no placeholder pages) and the user holds one of its roles."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from django.urls import NoReverseMatch, reverse

from kasane import access
from kasane.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: Collection[str]


PROGRAMS = (
    NavItem("ダッシュボード", "dashboard:home", access.DASHBOARD_ROLES),
    NavItem("本人・世帯", "people:person_list", access.CASE_DATA_ROLES),
    NavItem("相談受付", "consultations:list", access.CASE_DATA_ROLES),
    NavItem("つなぎ", "referrals:list", access.CASE_DATA_ROLES),
    NavItem("つなぐシート", "referrals:sheet_create", (Role.REFERRER, Role.COMMUNITY_WORKER)),
    NavItem("支援ケース", "cases:list", access.CASE_DATA_ROLES),
    NavItem("会議", "meetings:list", access.MEETING_ROLES),
    NavItem("アウトリーチ", "outreach:list", access.CASE_DATA_ROLES),
    NavItem("参加支援", "participation:list", access.CASE_DATA_ROLES),
    NavItem("社会資源", "resources:directory", access.RESOURCE_READER_ROLES),
    NavItem("地域づくり", "community:home", access.COMMUNITY_READER_ROLES),
    # A referrer (a committee's つなぐシート連絡員) writes 地域課題シート and reads their own.
    NavItem("地域課題シート", "community:issue_list", (Role.REFERRER,)),
    NavItem("計画・実績", "plans:home", access.PLAN_ROLES),
)
MANAGEMENT = (
    NavItem("支援関係機関", "organizations:organization_list", (Role.ADMIN,)),
    NavItem("地域", "organizations:area_list", (Role.ADMIN,)),
    NavItem("利用者", "accounts:user_list", (Role.ADMIN,)),
    NavItem("課題の項目", "consultations:issue_code_list", (Role.ADMIN,)),
    NavItem("社会資源の種類", "resources:category_list", (Role.ADMIN,)),
    NavItem("地域課題のテーマ", "community:theme_list", (Role.ADMIN,)),
    NavItem("チャット連携・送信記録", "notices:webhook_list", (Role.ADMIN,)),
    NavItem("保存期間と廃棄", "retention:due", (Role.COORDINATOR,)),
    NavItem("廃棄の承認・保留", "retention:batch_list", (Role.ADMIN,)),
    NavItem("閲覧制限の許可", "people:restriction_list", access.RESTRICTION_APPROVER_ROLES),
    NavItem("監査ログ", "audit:search", (Role.AUDITOR,)),
    NavItem("緊急時の閲覧の確認", "breakglass:queue", (Role.AUDITOR,)),
)


@cache
def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def links_for(user: access.AnyUser, items: tuple[NavItem, ...], path: str = "") -> list[NavLink]:
    """The entries this user may use, built pages only; `current` marks the section of `path`."""
    return [
        NavLink(item.label, url, path.startswith(url))
        for item in items
        if (url := _url(item.url_name)) is not None and access.has_role(user, *item.roles)
    ]
