import datetime as dt

from django.db import migrations


def add_first_text(apps, schema_editor):
    from kasane.meetings.texts import FIRST_BODY, FIRST_EFFECTIVE_ON, FIRST_VERSION

    PledgeText = apps.get_model("meetings", "PledgeText")
    PledgeText.objects.get_or_create(
        version=FIRST_VERSION,
        defaults={"body": FIRST_BODY, "effective_on": dt.date.fromisoformat(FIRST_EFFECTIVE_ON)},
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_first_text, migrations.RunPython.noop)]
