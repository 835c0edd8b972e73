"""The themes of 地域課題 start with the law's domains (issue 17); admins edit the list."""

from django.db import migrations

# A copy, so that this migration keeps working whatever the code says later.
DEFAULTS = (
    ("welfare", "福祉"),
    ("care", "介護"),
    ("prevention", "介護予防"),
    ("health", "保健医療"),
    ("housing", "住まい"),
    ("employment", "就労"),
    ("education", "教育"),
    ("isolation", "孤立"),
    ("safety", "防災・防犯"),
)


def add_defaults(apps, schema_editor):
    Theme = apps.get_model("community", "Theme")
    for order, (code, name) in enumerate(DEFAULTS, start=1):
        Theme.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
