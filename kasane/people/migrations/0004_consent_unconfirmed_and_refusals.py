"""同意 gains 未確認 (never asked) beside 同意なし (a recorded refusal, `ConsentRefusal`).

Until now 「同意なし」 only meant "no consent on record": nobody could record a refusal, so every
such person becomes 未確認. Refusals that a consultation recorded are brought over by
`intake/0003`."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def none_is_unconfirmed(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Person.objects.filter(consent_state="none").update(consent_state="unconfirmed")


def back_to_none(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Person.objects.filter(consent_state__in=["unconfirmed", "refused"]).update(
        consent_state="none"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_event_cancel'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='consent_state',
            field=models.CharField(choices=[('unconfirmed', '未確認'), ('refused', '同意なし'), ('given', '同意あり'), ('withdrawn', '同意撤回')], default='unconfirmed', max_length=12, verbose_name='情報共有の同意'),
        ),
        migrations.CreateModel(
            name='ConsentRefusal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('refused_on', models.DateField(verbose_name='確認した日')),
                ('notes', models.CharField(blank=True, max_length=200, verbose_name='備考')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consent_refusals', to='people.person')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-refused_on', '-pk'],
            },
        ),
        migrations.RunPython(none_is_unconfirmed, back_to_none),
    ]
