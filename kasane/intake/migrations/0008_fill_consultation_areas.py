"""Places the consultations recorded before `area` existed by their person's (else
household's) current area: one UPDATE (kasane.intake.areas.fill_consultation_areas)."""

from django.db import migrations

from kasane.intake.areas import fill_consultation_areas


def fill(apps, schema_editor):
    fill_consultation_areas(apps.get_model("intake", "Consultation").objects.all())


class Migration(migrations.Migration):
    dependencies = [("intake", "0007_consultation_area")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
