"""Places the cases opened before `area` existed by their household's (else main person's)
current area: one UPDATE (kasane.intake.areas.fill_areas with the case's holders)."""

from django.db import migrations

from kasane.intake.areas import fill_areas


def fill(apps, schema_editor):
    fill_areas(apps.get_model("cases", "Case").objects.all(), "household", "main_person")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_area")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
