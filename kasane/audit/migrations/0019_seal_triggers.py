"""On PostgreSQL, the seal and the checks are append-only like the events, and TRUNCATE is
refused on every audit table (a row trigger does not fire on TRUNCATE; issue 19).

TRUNCATE is refused to every role but a superuser: the table's owner included. A superuser
can bypass any trigger anyway (session_replication_role, DROP TRIGGER), which is what the seal
(kasane.audit.chain) detects; exempting them lets Django's test runner empty the tables between
transactional tests, as it does with TRUNCATE."""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_auditperson", "audit_auditseal", "audit_auditcheck")

CREATE = """
CREATE OR REPLACE FUNCTION kasane_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditseal_append_only
    BEFORE UPDATE OR DELETE ON audit_auditseal
    FOR EACH ROW EXECUTE FUNCTION kasane_audit_append_only();
CREATE TRIGGER audit_auditcheck_append_only
    BEFORE UPDATE OR DELETE ON audit_auditcheck
    FOR EACH ROW EXECUTE FUNCTION kasane_audit_append_only();
""" + "".join(
    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}\n"
    "    FOR EACH STATEMENT EXECUTE FUNCTION kasane_audit_no_truncate();\n"
    for table in TABLES
)

DROP = (
    "DROP TRIGGER IF EXISTS audit_auditseal_append_only ON audit_auditseal;\n"
    "DROP TRIGGER IF EXISTS audit_auditcheck_append_only ON audit_auditcheck;\n"
    + "".join(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};\n" for table in TABLES)
    + "DROP FUNCTION IF EXISTS kasane_audit_no_truncate();\n"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0018_seal")]

    operations = [migrations.RunPython(create, drop)]
