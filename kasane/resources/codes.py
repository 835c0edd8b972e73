"""The kinds of 社会資源's defaults (issue 16). Migration 0002 loads them into a new database;
admins edit the list from then on."""

from __future__ import annotations

from kasane.resources.models import ServiceCategory

DEFAULT_CATEGORIES = (
    ("ibasho", "居場所"),
    ("salon", "サロン"),
    ("kayoinoba", "通いの場"),
    ("kodomo_shokudo", "子ども食堂"),
    ("study", "学習支援"),
    ("work_experience", "就労体験・就労準備"),
    ("intermediate_work", "中間的就労"),
    ("volunteer", "ボランティア活動"),
    ("peer_support", "ピアサポート・家族会"),
    ("consultation", "相談窓口"),
    ("company", "企業の受け入れ"),
    ("carers", "介護者の集い"),
    ("other", "その他"),
)


def ensure_default_categories() -> None:
    """Add any default missing (by code); an admin's renamed or switched-off kinds stay as
    they are. The demo loader calls it, since a flushed test database has lost what the
    migration loaded."""
    existing = set(ServiceCategory.objects.values_list("code", flat=True))
    ServiceCategory.objects.bulk_create(
        ServiceCategory(code=code, name=name, sort_order=order * 10)
        for order, (code, name) in enumerate(DEFAULT_CATEGORIES, start=1)
        if code not in existing
    )
