"""Gives the cases closed before `Case.closing_reason` existed their reason on record (the
closing evaluation's, else the meeting's label in the transition's text): a few UPDATEs
(kasane.cases.closing.fill_closing_reasons)."""

from django.db import migrations

from kasane.cases.closing import fill_closing_reasons


def fill(apps, schema_editor):
    fill_closing_reasons(apps.get_model("cases", "Case").objects.all())


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_closing_reason")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
