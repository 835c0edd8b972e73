"""Which people each audit row showed (issue 13 point 1), append-only like the events: on
PostgreSQL the trigger function of migration 0002 (now naming its table) refuses UPDATE and
DELETE on the links too."""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION kasane_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditperson_append_only
    BEFORE UPDATE OR DELETE ON audit_auditperson
    FOR EACH ROW EXECUTE FUNCTION kasane_audit_append_only();
"""

DROP = "DROP TRIGGER IF EXISTS audit_auditperson_append_only ON audit_auditperson;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0008_meeting_actions'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('person_id', models.BigIntegerField(verbose_name='本人ID')),
                ('at', models.DateTimeField(verbose_name='日時')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='people', to='audit.auditevent', verbose_name='監査ログ')),
            ],
            options={
                'verbose_name': '監査ログの本人',
                'verbose_name_plural': '監査ログの本人',
                'indexes': [models.Index(fields=['person_id', '-at', '-event'], name='audit_person_at')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
