"""The issue checklist's defaults (DOMAIN.md §6): the poverty programme's consultation
checklist, the reported issue categories and the domains of law 4-3 with Komae's 防災・防犯.
Migration 0002 loads them into a new database; admins edit the list from then on."""

from __future__ import annotations

from kasane.intake.models import IssueCode

DEFAULT_ISSUES = (
    "病気や健康",
    "障害",
    "住まい",
    "収入・生活費",
    "家賃やローン",
    "税金・公共料金",
    "債務",
    "仕事探し・就職",
    "仕事上の不安やトラブル",
    "地域との関係",
    "家族との関係",
    "子育て",
    "介護",
    "ひきこもり・不登校",
    "DV・虐待",
    "食べるものがない",
    "経済的困窮",
    "家計管理の課題",
    "メンタルヘルス",
    "社会的孤立",
    "コミュニケーションが苦手",
    "ひとり親",
    "外国籍",
    "刑余者",
    "介護予防",
    "教育",
    "防災・防犯",
    "その他",
)


def ensure_default_issue_codes() -> None:
    """Add any default missing (by name); an admin's renamed or switched-off items stay as
    they are. The demo loader calls it, since a flushed test database has lost what the
    migration loaded."""
    existing = set(IssueCode.objects.values_list("name", flat=True))
    IssueCode.objects.bulk_create(
        IssueCode(name=name, sort_order=order * 10)
        for order, name in enumerate(DEFAULT_ISSUES, start=1)
        if name not in existing
    )
