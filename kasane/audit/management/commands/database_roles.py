"""`manage.py database_roles`: the SQL that gives PostgreSQL two roles, so that the application
does not run as the owner of its tables (issue 19).

- The **owner** role owns the database, the schema and every table: migrations run as it
  (`DATABASE_URL` of the deploy step).
- The **application** role, used by the app servers and the worker, may read and write rows and
  nothing else: it owns no table, so it cannot `ALTER TABLE … DISABLE TRIGGER`, `DROP TRIGGER`
  or `TRUNCATE`; on the audit tables it may only `SELECT` and `INSERT`.

The command prints the SQL; a database superuser runs it (`psql -f`), once before the first
migration and again after any migration (the grants are idempotent). Passwords are never in
it: set them with `\\password` in psql.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

AUDIT_TABLES = ("audit_auditevent", "audit_auditperson", "audit_auditseal", "audit_auditcheck")


def _identifier(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise CommandError(f"ロール名・データベース名に使えない文字があります: {name}")
    return name


def role_statements(database: str, owner: str, app: str) -> list[str]:
    """Create the two roles if missing and hand the database and schema to the owner."""
    statements = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$;"
        for role in (owner, app)
    ]
    return [
        *statements,
        f"ALTER DATABASE {database} OWNER TO {owner};",
        f"ALTER SCHEMA public OWNER TO {owner};",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC;",
        f"GRANT CONNECT ON DATABASE {database} TO {app};",
    ]


def grant_statements(owner: str, app: str) -> list[str]:
    """What the application role may do: rows of every table, and only SELECT and INSERT on
    the audit tables. Default privileges cover the tables later migrations create."""
    audit = ", ".join(AUDIT_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {app};",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app};",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {audit} FROM {app};",
    ]


def ownership_statements(owner: str) -> list[str]:
    """Hand tables made by another role (a first migration run as a superuser) to the owner.
    (The role names are checked by `_identifier`; table names are quoted by `format('%I')`.)"""
    return [
        "DO $$ DECLARE item record; BEGIN "  # noqa: S608
        "FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP "
        f"EXECUTE format('ALTER TABLE public.%I OWNER TO {owner}', item.tablename); END LOOP; "
        "FOR item IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP "
        f"EXECUTE format('ALTER SEQUENCE public.%I OWNER TO {owner}', item.sequencename); "
        "END LOOP; END $$;"
    ]


class Command(BaseCommand):
    help = "PostgreSQLの所有者ロールとアプリケーション用ロールを作るSQLを出力します。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--owner", default="kasane_owner", help="所有者ロール（移行用）")
        parser.add_argument("--app", default="kasane_app", help="アプリケーション用ロール")
        parser.add_argument("--database", default="", help="データベース名（既定: 接続先）")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("ロールの分離はPostgreSQLのためのものです（SQLiteには不要です）。")
        owner, app = _identifier(options["owner"]), _identifier(options["app"])
        database = _identifier(options["database"] or connection.settings_dict["NAME"])
        lines = [
            "-- Kasane: database roles (run as a superuser: psql -v ON_ERROR_STOP=1 -f …)",
            "BEGIN;",
            *role_statements(database, owner, app),
            *ownership_statements(owner),
            *grant_statements(owner, app),
            "COMMIT;",
        ]
        self.stdout.write("\n".join(lines))
