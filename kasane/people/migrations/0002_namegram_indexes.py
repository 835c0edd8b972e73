"""The two indexes search reads its first page from, in order, without a sort: one for users
who see one organisation's people, one for those who see everyone. On PostgreSQL kana_key is
indexed with COLLATE "C" (code-point order, whatever the database's locale), and search
orders with the same collation so that the index is used."""

from django.db import migrations

COLUMNS = {
    "people_namegram_scope": "gram, organization_id, rank, kana_key{collate}, person_id",
    "people_namegram_all": "gram, rank, kana_key{collate}, person_id",
}


def create(apps, schema_editor):
    collate = ' COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    for name, columns in COLUMNS.items():
        schema_editor.execute(
            f"CREATE INDEX {name} ON people_namegram ({columns.format(collate=collate)})",
            params=None,
        )


def drop(apps, schema_editor):
    for name in COLUMNS:
        schema_editor.execute(f"DROP INDEX {name}", params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
