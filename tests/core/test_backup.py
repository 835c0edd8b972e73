"""`manage.py backup_database` (issue 21 point 7): copying kasane.sqlite3 lost the rows still in
its write-ahead log; the command backs up through SQLite's online backup API, so every committed
row is in the copy, while the server's connection stays open."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection

from kasane.core.backup import BackupError, backup_sqlite, restore_sqlite

ROOT = Path(__file__).resolve().parents[2]
# The module's fixture copies the test database, so that database must be created (pytest-django
# creates it only for runs that hold a django_db test).
pytestmark = pytest.mark.django_db
MARK = "バックアップ試験機関"
ROWS = 3

# The running server: writes organisations (each with its audit row) through the services and
# keeps its connection open, without a checkpoint, until told to stop.
SERVER = f"""
import sys, django
django.setup()
from django.db import connection
from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.organizations.services import organization_create
connection.ensure_connection()
connection.cursor().execute("PRAGMA wal_autocheckpoint=0")
user = User.objects.get(username="coordinator")
for n in range({ROWS}):
    organization_create(actor=user, name=f"{MARK}{{n}}", kind="npo")
    audit_standalone(actor=user, action="meeting.stats", reason="backup-test")
print("ready", flush=True)
sys.stdin.readline()
"""


def _environment(database: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KASANE_") and key != "DATABASE_URL"
    }
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    environment["DJANGO_SETTINGS_MODULE"] = "kasane.settings"
    return environment


def _backup(database: Path, target: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "backup_database", str(target)],
        cwd=ROOT,
        env=_environment(database),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _count(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as copy:
        organizations = copy.execute(
            "SELECT count(*) FROM organizations_organization WHERE name LIKE ?", (f"{MARK}%",)
        ).fetchone()[0]
        audit = copy.execute(
            "SELECT count(*) FROM audit_auditevent WHERE action = 'organization.create' "
            "OR reason = 'backup-test'"
        ).fetchone()[0]
    return organizations, audit


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory, django_db_setup, django_db_blocker) -> Path:
    """A file copy of the test database (schema and デモ市), taken between tests, when no test's
    transaction holds it."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup needs the SQLite test database")
    path = tmp_path_factory.mktemp("schema") / "kasane.sqlite3"
    with django_db_blocker.unblock(), closing(sqlite3.connect(path)) as file:
        connection.ensure_connection()
        assert not connection.in_atomic_block
        connection.connection.backup(file)
    return path


@pytest.fixture
def database(schema: Path, tmp_path: Path) -> Path:
    """The database a server runs on, fresh for each test."""
    path = tmp_path / "kasane.sqlite3"
    shutil.copy(schema, path)
    return path


def test_the_backup_holds_every_row_the_running_server_wrote(database: Path, tmp_path: Path):
    before = _count(database)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER],
        cwd=ROOT,
        env=_environment(database),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stdin is not None
        assert server.stdout.readline().strip() == "ready"
        wal = database.with_name(database.name + "-wal")
        assert wal.stat().st_size > 0  # the rows are in the log, not yet in the main file

        copied = tmp_path / "copied.sqlite3"
        shutil.copy(database, copied)  # what docs/operations.md used to say
        assert _count(copied) == before  # every new row lost

        target = tmp_path / "backup" / "kasane-backup.sqlite3"
        target.parent.mkdir()
        result = _backup(database, target)
        assert result.returncode == 0, result.stderr
        assert "バックアップしました" in result.stdout and "確認済み" in result.stdout
    finally:
        if server.stdin:
            server.stdin.write("\n")
            server.stdin.close()
        server.wait(timeout=60)
    assert server.returncode == 0

    assert _count(target) == (before[0] + ROWS, before[1] + 2 * ROWS)
    assert sorted(p.name for p in target.parent.iterdir()) == ["kasane-backup.sqlite3"]
    with closing(sqlite3.connect(target)) as copy:  # one file that stands alone
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_second_backup_replaces_the_first(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "kasane-backup.sqlite3"
    target.write_bytes(b"an old backup")
    assert backup_sqlite(database, target) == target.stat().st_size
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT count(*) FROM accounts_user").fetchone()[0] > 0


def test_a_failed_check_leaves_no_file_under_the_backups_name(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kasane.core import backup

    def refuse(_path: Path) -> None:
        raise BackupError("バックアップの整合性チェックに失敗しました：試験")

    monkeypatch.setattr(backup, "_verify", refuse)
    target = tmp_path / "kasane-backup.sqlite3"
    with pytest.raises(BackupError):
        backup_sqlite(database, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kasane.sqlite3"]


def test_it_refuses_a_missing_database_or_its_own_file(database: Path, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="がありません"):
        backup_sqlite(tmp_path / "none.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "none.sqlite3").exists()  # not created by opening it
    with pytest.raises(BackupError, match="データベースそのもの"):
        backup_sqlite(database, database)


def _tables(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as file:
        names = [
            row[0] for row in file.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            name: file.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }


def test_a_backup_restores_into_a_new_file_with_every_row(database: Path, tmp_path: Path) -> None:
    backup = tmp_path / "kasane-backup.sqlite3"
    assert _backup(database, backup).returncode == 0
    restored = tmp_path / "restored.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_database", str(backup), "--into", str(restored)],
        cwd=ROOT,
        env=_environment(database),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _tables(restored) == _tables(database)
    assert sum(_tables(restored).values()) > 1000  # デモ市 is in it


def test_a_restore_refuses_what_is_not_a_backup_and_never_overwrites(
    database: Path, tmp_path: Path
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("これはバックアップではありません")
    with pytest.raises(BackupError, match="SQLite のバックアップではありません"):
        restore_sqlite(text, tmp_path / "a.sqlite3")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as file:
        file.execute("CREATE TABLE t (x)")
    with pytest.raises(BackupError, match="Kasane のバックアップではありません"):
        restore_sqlite(other, tmp_path / "b.sqlite3")
    with pytest.raises(BackupError, match="既にあります"):
        restore_sqlite(database, other)
    assert not (tmp_path / "a.sqlite3").exists() and not (tmp_path / "b.sqlite3").exists()
