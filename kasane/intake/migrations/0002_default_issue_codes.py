"""The issue checklist starts with the national defaults (DOMAIN.md §6); admins edit it."""

from django.db import migrations

# A copy, so that this migration keeps working whatever the module says later.
DEFAULTS = (
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


def add_defaults(apps, schema_editor):
    IssueCode = apps.get_model("intake", "IssueCode")
    for order, name in enumerate(DEFAULTS, start=1):
        IssueCode.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
