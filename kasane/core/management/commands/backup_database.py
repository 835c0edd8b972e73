"""`manage.py backup_database <path>`: a consistent backup, safe while the server runs
(`kasane/core/backup.py`): SQLite through its online backup API, PostgreSQL with pg_dump in
custom format; either way written beside the target and renamed only once checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from kasane.core.backup import BackupError, backup_postgresql, backup_sqlite


class Command(BaseCommand):
    help = (
        "データベースを、サーバーを止めずに一貫した1つのファイルへバックアップします"
        "（SQLite はオンラインバックアップ、PostgreSQL は pg_dump のカスタム形式）。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="バックアップ先のファイル（あれば置き換えます）")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, path: str, database: str, **options: Any) -> None:
        connection = connections[database]
        try:
            if connection.vendor == "postgresql":
                size = backup_postgresql(connection.settings_dict, Path(path))
            elif connection.vendor == "sqlite":
                size = backup_sqlite(Path(_sqlite_file(connection.settings_dict)), Path(path))
            else:
                raise CommandError(f"{connection.vendor} のバックアップには対応していません。")
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"バックアップしました：{path}（{size:,} バイト、確認済み）")


def _sqlite_file(settings_dict: dict[str, Any]) -> str:
    name = str(settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise CommandError("メモリ上のデータベースはバックアップできません。")
    return name
