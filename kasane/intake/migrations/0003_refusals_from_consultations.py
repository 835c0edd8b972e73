"""People whose latest consultation that asked about consent recorded 同意なし, and who have no
consent on record, were asked and refused: they get a `ConsentRefusal` dated on that
consultation (recorded by its worker) and show 同意なし instead of 未確認."""

from django.db import migrations
from django.utils import timezone


def refusals_from_consultations(apps, schema_editor):
    Consultation = apps.get_model("intake", "Consultation")
    ConsentRefusal = apps.get_model("people", "ConsentRefusal")
    Person = apps.get_model("people", "Person")
    answered = (
        Consultation.objects.filter(
            person__isnull=False,
            person__consent_state="unconfirmed",
            consent__in=["written", "oral", "refused"],
        )
        .order_by("person_id", "-received_at", "-pk")
        .values_list("pk", "person_id", "consent", "received_at", "worker_id")
    )
    seen: set[int] = set()
    refused: list[int] = []
    for pk, person_id, consent, received_at, worker_id in answered.iterator():
        if person_id in seen:
            continue
        seen.add(person_id)
        if consent != "refused":
            continue
        ConsentRefusal.objects.create(
            person_id=person_id,
            refused_on=timezone.localtime(received_at).date(),
            notes=f"相談受付 {pk} で同意なしと記録",
            recorded_by_id=worker_id,
        )
        refused.append(person_id)
    Person.objects.filter(pk__in=refused).update(consent_state="refused")


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_default_issue_codes"),
        ("people", "0004_consent_unconfirmed_and_refusals"),
    ]

    operations = [
        migrations.RunPython(refusals_from_consultations, migrations.RunPython.noop),
    ]
