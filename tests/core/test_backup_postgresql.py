"""PostgreSQL backup and restore (issue 19): `backup_database` runs pg_dump (custom format,
checked), `restore_database` restores into a new, empty database in one transaction; the
restored database has every table with the same number of rows and the audit trail's triggers.
A file that is not a backup, or a database that is not empty, is refused and nothing changes."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backups"),
]
TRIGGERS = {
    "audit_auditevent_append_only",
    "audit_auditperson_append_only",
    "audit_auditevent_no_truncate",
    "audit_auditseal_append_only",
}


def _connect(database: str, autocommit: bool = False) -> psycopg.Connection:
    settings = connection.settings_dict
    params = {
        key: str(settings[name])
        for key, name in (
            ("host", "HOST"),
            ("port", "PORT"),
            ("user", "USER"),
            ("password", "PASSWORD"),
        )
        if settings.get(name)
    }
    return psycopg.connect(make_conninfo("", dbname=database, **params), autocommit=autocommit)


def _counts(database: str) -> dict[str, int]:
    with _connect(database) as db:
        tables = [
            row[0]
            for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {
            table: db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def _triggers(database: str) -> set[str]:
    with _connect(database) as db:
        return {
            row[0] for row in db.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        }


@pytest.fixture
def restore_target():
    name = f"kasane_restore_{uuid.uuid4().hex[:8]}"
    yield name
    with _connect("postgres", autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def test_a_backup_restores_with_every_row_and_the_audit_triggers(
    tmp_path: Path, restore_target: str
) -> None:
    backup = tmp_path / "kasane.dump"
    call_command("backup_database", str(backup))
    assert backup.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    call_command("restore_database", str(backup), "--into", restore_target)
    source = connection.settings_dict["NAME"]
    counts = _counts(restore_target)
    assert counts == _counts(source)
    assert counts["audit_auditevent"] > 0 and counts["people_person"] > 0
    assert _triggers(restore_target) >= TRIGGERS


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path: Path, restore_target: str) -> None:
    fake = tmp_path / "kasane.dump"
    fake.write_text("これはバックアップではありません")
    with pytest.raises(CommandError, match="pg_dump のバックアップ（カスタム形式）ではありません"):
        call_command("restore_database", str(fake), "--into", restore_target)
    with _connect("postgres") as server:
        assert not server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [restore_target]
        ).fetchone()


def test_it_refuses_a_database_that_is_not_empty_or_in_use(
    tmp_path: Path, restore_target: str
) -> None:
    backup = tmp_path / "kasane.dump"
    call_command("backup_database", str(backup))
    call_command("restore_database", str(backup), "--into", restore_target)
    with pytest.raises(CommandError, match="空ではありません"):
        call_command("restore_database", str(backup), "--into", restore_target)
    with pytest.raises(CommandError, match="使用中のデータベース"):
        call_command("restore_database", str(backup), "--into", connection.settings_dict["NAME"])
