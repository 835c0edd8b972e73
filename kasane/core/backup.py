"""A consistent backup of a SQLite database while the server runs.

Copying `kasane.sqlite3` misses every row still in its write-ahead log (`kasane.sqlite3-wal`),
which SQLite moves into the main file only at a checkpoint. SQLite's online backup API reads the
database as a reader would, WAL included, in one consistent snapshot; the copy is written to a
temporary file beside the target, switched out of WAL mode (one self-contained file), checked
with `PRAGMA integrity_check`, and only then renamed to the target, so a failed or interrupted
backup never leaves a half-written file under the backup's name. PostgreSQL is backed up with
pg_dump (`PG_DUMP`, as docs/operations.md says).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

PG_DUMP = 'pg_dump --format=custom --file=kasane-$(date +%F).dump "$DATABASE_URL"'


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
