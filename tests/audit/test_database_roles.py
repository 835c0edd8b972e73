"""The application's PostgreSQL role (issue 19): it reads and writes rows but owns nothing, so
it cannot truncate the audit trail, change or delete its rows, or disable or drop its
triggers; `manage.py database_roles` prints the SQL that sets this up."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kasane.accounts.models import User
from kasane.audit.management.commands.database_roles import grant_statements
from kasane.audit.models import AuditEvent
from kasane.audit.services import audit_record
from kasane.people.models import Person

pytestmark = pytest.mark.django_db
POSTGRES_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL roles")

REFUSED = [
    "UPDATE audit_auditevent SET reason = 'x'",
    "DELETE FROM audit_auditperson",
    "TRUNCATE audit_auditevent CASCADE",
    "TRUNCATE audit_auditseal",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent",
    "ALTER TABLE people_person DISABLE TRIGGER ALL",
    "DROP TABLE audit_auditcheck",
]


def _as_application_role() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE kasane_app_probe NOLOGIN")
        for statement in grant_statements(
            connection.settings_dict["USER"] or "postgres", "kasane_app_probe"
        ):
            cursor.execute(statement)
        cursor.execute("SET LOCAL ROLE kasane_app_probe")


@POSTGRES_ONLY
@pytest.mark.parametrize("sql", REFUSED)
def test_the_application_role_cannot_touch_the_audit_trail(sql: str) -> None:
    _as_application_role()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@POSTGRES_ONLY
def test_the_application_role_does_its_work(coordinator: User) -> None:
    _as_application_role()
    with transaction.atomic():
        event = audit_record(actor=coordinator, action="notice.list", people=[1])
        person = Person.objects.order_by("pk").first()
        assert person is not None
        person.notes = "ロールの確かめ"
        person.save(update_fields=["notes"])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@POSTGRES_ONLY
def test_the_command_prints_the_sql() -> None:
    out = io.StringIO()
    call_command("database_roles", "--owner", "city_owner", "--app", "city_app", stdout=out)
    sql = out.getvalue()
    assert "ALTER SCHEMA public OWNER TO city_owner;" in sql
    assert "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditevent" in sql
    assert "PASSWORD" not in sql
    with pytest.raises(CommandError):
        call_command("database_roles", "--app", "app; DROP TABLE x", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite")
def test_the_command_says_sqlite_needs_no_roles() -> None:
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("database_roles", stdout=io.StringIO())
