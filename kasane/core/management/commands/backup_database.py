"""`manage.py backup_database <path>`: a consistent copy of the SQLite database, safe while the
server runs (`kasane/core/backup.py`). On PostgreSQL it names pg_dump and exits non-zero."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from kasane.core.backup import PG_DUMP, BackupError, backup_sqlite


class Command(BaseCommand):
    help = (
        "SQLite のデータベースを、サーバーを止めずに一貫した1つのファイルへバックアップします"
        "（PostgreSQL では pg_dump を使います）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="バックアップ先のファイル（あれば置き換えます）")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, path: str, database: str, **options: Any) -> None:
        connection = connections[database]
        if connection.vendor == "postgresql":
            raise CommandError(
                "PostgreSQL のバックアップには pg_dump を使います"
                f"（docs/operations.md の Backup）：\n  {PG_DUMP}"
            )
        if connection.vendor != "sqlite":
            raise CommandError(f"{connection.vendor} のバックアップには対応していません。")
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise CommandError("メモリ上のデータベースはバックアップできません。")
        try:
            size = backup_sqlite(Path(name), Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"バックアップしました：{path}（{size:,} バイト、整合性チェック ok）")
