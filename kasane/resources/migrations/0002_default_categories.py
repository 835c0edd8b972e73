"""The kinds of 社会資源 start with the list of issue 16; admins edit it."""

from django.db import migrations

# A copy, so that this migration keeps working whatever the code says later.
DEFAULTS = (
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


def add_defaults(apps, schema_editor):
    ServiceCategory = apps.get_model("resources", "ServiceCategory")
    for order, (code, name) in enumerate(DEFAULTS, start=1):
        ServiceCategory.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
