"""`manage.py restore_database <backup> --into <new database or file>`: a backup made by
`backup_database` restored into a new, empty PostgreSQL database (pg_restore in one
transaction) or a new SQLite file. The live database is never overwritten: check the restored
one (`migrate --check`, `audit_verify`), then point the app at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from kasane.core.backup import BackupError, restore_postgresql, restore_sqlite


class Command(BaseCommand):
    help = (
        "バックアップを新しいデータベース（PostgreSQL）または新しいファイル（SQLite）に復元します。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("backup", help="backup_database で作ったファイル")
        parser.add_argument(
            "--into", required=True, help="復元先：新しいデータベース名、またはSQLiteのファイル"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, backup: str, into: str, database: str, **options: Any) -> None:
        connection = connections[database]
        try:
            if connection.vendor == "postgresql":
                restore_postgresql(connection.settings_dict, Path(backup), into)
            elif connection.vendor == "sqlite":
                restore_sqlite(Path(backup), Path(into))
            else:
                raise CommandError(f"{connection.vendor} の復元には対応していません。")
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{into} に復元しました。確かめてから（migrate --check、audit_verify）"
            "アプリの接続先を切り替えてください。"
        )
