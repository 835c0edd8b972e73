"""A consistent backup of a SQLite database while the server runs.

Copying `kasane.sqlite3` misses every row still in its write-ahead log (`kasane.sqlite3-wal`),
which SQLite moves into the main file only at a checkpoint. SQLite's online backup API reads the
database as a reader would, WAL included, in one consistent snapshot; the copy is written to a
temporary file beside the target, switched out of WAL mode (one self-contained file), checked
with `PRAGMA integrity_check`, and only then renamed to the target, so a failed or interrupted
backup never leaves a half-written file under the backup's name.

PostgreSQL is backed up with pg_dump in its custom format (checked with `pg_restore --list`)
and restored with pg_restore into a new, empty database, in one transaction — never with
`--clean` over a database that lacks the objects to drop (that exits 1 with an error per
object). `manage.py backup_database` and `restore_database` run both (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo


class BackupError(Exception):
    """The backup was not made; the message (Japanese) says why."""


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the SQLite database `source` to `target` (replacing it) and return its size."""
    source, target = source.resolve(), target.resolve()
    if not source.is_file():
        raise BackupError(f"データベースのファイル {source} がありません。")
    if target == source:
        raise BackupError("バックアップ先にデータベースそのものは指定できません。")
    if not target.parent.is_dir():
        raise BackupError(f"バックアップ先のフォルダ {target.parent} がありません。")
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        _copy(source, temporary)
        _verify(temporary)
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def _copy(source: Path, temporary: Path) -> None:
    # mode=rw: never create an empty database where the real one is missing.
    with (
        closing(sqlite3.connect(f"{source.as_uri()}?mode=rw", uri=True, timeout=30)) as reader,
        closing(sqlite3.connect(temporary)) as copy,
    ):
        reader.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")


def _verify(temporary: Path) -> None:
    with closing(sqlite3.connect(temporary)) as copy:
        result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise BackupError("バックアップの整合性チェックに失敗しました：" + "; ".join(result[:5]))


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- PostgreSQL: pg_dump's custom format, restored into a new database ---------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} がありません。PostgreSQL のクライアント（Debian: postgresql-client、"
            "サーバーと同じ版）をインストールしてください。"
        )
    return path


def _pg_environment(settings_dict: dict[str, Any], database: str | None = None) -> dict[str, str]:
    """libpq's variables, so that no password appears on a command line."""
    environment = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": database or settings_dict.get("NAME"),
    }
    environment.update({key: str(value) for key, value in values.items() if value})
    return environment


def _run(command: list[str], environment: dict[str, str], failure: str) -> str:
    # An argument list (no shell): the tools' paths come from `shutil.which`, the files from
    # the operator's command line.
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-3:]
        raise BackupError(failure + ("：" + " / ".join(detail) if detail else ""))
    return result.stdout


def check_pg_archive(path: Path, settings_dict: dict[str, Any]) -> int:
    """The number of entries of a pg_dump custom-format archive; BackupError if it is not one."""
    if not path.is_file():
        raise BackupError(f"バックアップのファイル {path} がありません。")
    listing = _run(
        [_tool("pg_restore"), "--list", str(path)],
        _pg_environment(settings_dict),
        f"{path.name} は pg_dump のバックアップ（カスタム形式）ではありません",
    )
    return sum(1 for line in listing.splitlines() if line and not line.startswith(";"))


def backup_postgresql(settings_dict: dict[str, Any], target: Path) -> int:
    """pg_dump in custom format to a temporary file beside `target`, checked with
    `pg_restore --list`, then renamed to `target`; returns its size."""
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"バックアップ先のフォルダ {target.parent} がありません。")
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        _run(
            [_tool("pg_dump"), "--format=custom", f"--file={temporary}"],
            _pg_environment(settings_dict),
            "pg_dump に失敗しました",
        )
        check_pg_archive(temporary, settings_dict)
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def restore_postgresql(settings_dict: dict[str, Any], source: Path, database: str) -> None:
    """Restore a pg_dump archive into `database`, which must be new or empty: created if
    missing; restored in one transaction, so a failure leaves it empty. The live database is
    never the target (a restore is checked before the app is pointed at it)."""
    check_pg_archive(source, settings_dict)
    if database == settings_dict.get("NAME"):
        raise BackupError(
            "使用中のデータベースには復元できません。新しいデータベース名を指定してください。"
        )
    _ensure_empty_database(settings_dict, database)
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database}",
            str(source),
        ],
        _pg_environment(settings_dict, database),
        "復元に失敗しました（復元先は空のままです）",
    )


def _ensure_empty_database(settings_dict: dict[str, Any], database: str) -> None:
    environment = _pg_environment(settings_dict, "postgres")
    keys = {"PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGPASSWORD": "password"}
    params = {name: environment[key] for key, name in keys.items() if key in environment}
    with psycopg.connect(make_conninfo("", dbname="postgres", **params), autocommit=True) as server:
        if not server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone():
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            return
    with psycopg.connect(make_conninfo("", dbname=database, **params)) as target:
        tables = target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    if tables and tables[0]:
        raise BackupError(
            f"復元先のデータベース {database} は空ではありません（表が{tables[0]}個あります）。"
            "新しいデータベース名を指定してください。"
        )


# --- SQLite: a checked copy into a new file ------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"


def restore_sqlite(source: Path, target: Path) -> int:
    """Copy a backup made by `backup_sqlite` to a new file `target` (never over an existing
    one: stop the server and move the copy into place yourself); returns its size."""
    source, target = source.resolve(), target.resolve()
    if not source.is_file():
        raise BackupError(f"バックアップのファイル {source} がありません。")
    with source.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{source.name} は SQLite のバックアップではありません。")
    with closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as backup:
        found = backup.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    if not found:
        raise BackupError(f"{source.name} は Kasane のバックアップではありません。")
    if target.exists():
        raise BackupError(f"復元先 {target} は既にあります。新しいファイル名を指定してください。")
    if not target.parent.is_dir():
        raise BackupError(f"復元先のフォルダ {target.parent} がありません。")
    handle_fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle_fd)
    temporary = Path(name)
    try:
        _copy(source, temporary)
        _verify(temporary)
        _fsync(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target.stat().st_size
