from django.db import migrations, models
from django.db.models import OuterRef, Subquery

# ENDED_STATUSES when this migration was written.
ENDED = ["not_eligible", "closed", "suspended"]


def backfill(apps, schema_editor):
    """One UPDATE … SET = (SELECT …) for every open case, on SQLite and PostgreSQL alike;
    `updated_at` stays (the case list is ordered by it)."""
    Case = apps.get_model("cases", "Case")
    SupportPlan = apps.get_model("cases", "SupportPlan")
    approved = SupportPlan.objects.filter(case=OuterRef("pk"), status="approved")
    Case.objects.exclude(status__in=ENDED).update(
        next_monitoring_on=Subquery(approved.values("monitoring_on")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_attached_referrals"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="next_monitoring_on",
            field=models.DateField(blank=True, null=True, verbose_name="次のモニタリング予定日"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
