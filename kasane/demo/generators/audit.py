"""Fictitious audit rows with their person links, for measuring the auditor's "who saw this
person" at city scale (issue 13 point 1: ≤ 100 ms at 10 million rows).

On PostgreSQL each batch is one `INSERT … SELECT generate_series` for the events and one for
their links, drawn by the database's own random(): actors among the demo users, times spread
over five years, view, search, print, export and change actions, and one to three people per
row. Person ids are skewed (the square of a uniform draw), so low ids, the demo's own people
among them, carry long histories: the auditor's query meets its worst case there. A large
run drops the secondary indexes and foreign keys of the two tables first and rebuilds them
once after, as `generate_people` does. Elsewhere (SQLite, the tests) rows go in with bulk_create.

This is bulk data, not anyone's action: no row records the generation itself, and the rows
say so (`details.generated`). Refused in production like every demo loader.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent, AuditPerson
from kasane.demo.guard import refuse_in_production

ACTIONS = (
    "person.view",
    "household.view",
    "case.view",
    "case.list",
    "person.search",
    "consultation.view",
    "case.print",
    "case.export",
    "person.update",
    "case.note_add",
    "meeting.case_view",
)
OBJECT_TYPES = {"person": "person", "household": "household", "meeting": "case"}
YEARS = 5
BATCH = 1_000_000
FAST_INDEX_THRESHOLD = 1_000_000
TABLES = (AuditEvent._meta.db_table, AuditPerson._meta.db_table)


def _object_type(action: str) -> str:
    return OBJECT_TYPES.get(action.split(".")[0], action.split(".")[0])


def generate_audit(
    *,
    count: int,
    people: int,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Append `count` audit rows linked to people with ids 1..`people`; the number of rows."""
    refuse_in_production(action="監査ログを生成")
    users = list(User.objects.values_list("pk", "username", "organization_id"))
    if not users or count <= 0 or people <= 0:
        return 0
    if connection.vendor != "postgresql":
        return _generate_in_python(count, people, users, seed)
    fast = count >= FAST_INDEX_THRESHOLD
    with transaction.atomic():
        dropped = _drop_indexes() if fast else []
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
            done = 0
            while done < count:
                size = min(BATCH, count - done)
                _insert_batch(cursor, size, people, users)
                done += size
                if progress:
                    progress(done)
        if dropped:
            _create_indexes(dropped)
    if not connection.in_atomic_block:  # VACUUM cannot run in a transaction (the tests)
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
    return count


def _insert_batch(cursor, size: int, people: int, users: list[tuple[int, str, int]]) -> None:
    ids = [pk for pk, _, _ in users]
    names = [username for _, username, _ in users]
    organizations = [organization for _, _, organization in users]
    actions = list(ACTIONS)
    types = [_object_type(action) for action in actions]
    events, links = TABLES
    cursor.execute(
        f"""
        WITH drawn AS (
            SELECT 1 + floor(random() * %(users)s)::int AS u,
                   1 + floor(random() * %(actions)s)::int AS a,
                   now() - random() * interval '{YEARS * 365} days' AS at,
                   1 + floor(%(people)s * random() ^ 2)::bigint AS person
            FROM generate_series(1, %(size)s)
        ),
        inserted AS (
            INSERT INTO {events} (at, actor_id, actor_username, organization_id, roles,
                                  action, object_type, object_id, ip, request_id, reason, details)
            SELECT at, (%(ids)s::bigint[])[u], (%(names)s::text[])[u],
                   (%(organizations)s::bigint[])[u], 'coordinator',
                   (%(action_codes)s::text[])[a], (%(types)s::text[])[a], person::text,
                   '10.0.0.1', '', '', '{{"generated": true}}'::jsonb
            FROM drawn
            RETURNING id, at, object_id
        )
        INSERT INTO {links} (event_id, person_id, at)
        SELECT id, object_id::bigint, at FROM inserted
        UNION ALL
        SELECT id, 1 + floor(%(people)s * random() ^ 2)::bigint, at FROM inserted
        WHERE random() < 0.5
        UNION ALL
        SELECT id, 1 + floor(%(people)s * random() ^ 2)::bigint, at FROM inserted
        WHERE random() < 0.2
        """,  # noqa: S608 (table names from the models, values as parameters)
        {
            "users": len(users),
            "actions": len(actions),
            "people": people,
            "size": size,
            "ids": ids,
            "names": names,
            "organizations": organizations,
            "action_codes": actions,
            "types": types,
        },
    )


def _index_names() -> list[str]:
    names = []
    for model in (AuditEvent, AuditPerson):
        names += [index.name for index in model._meta.indexes if index.name]
    return names


def _drop_indexes() -> list[str]:
    """Drop the model-declared indexes and the foreign keys of both tables (a deferred
    foreign-key check per row would also block the index rebuild in the same transaction);
    return the statements that put them back."""
    restore = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [_index_names()],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore.append(definition)
        for table in TABLES:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                restore.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    return restore


def _create_indexes(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in statements:
            cursor.execute(statement)


def _generate_in_python(
    count: int, people: int, users: list[tuple[int, str, int]], seed: int
) -> int:
    draw = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        for _ in range(count):
            pk, username, organization = draw.choice(users)
            action = draw.choice(ACTIONS)
            person = 1 + int(people * draw.random() ** 2)
            event = AuditEvent.objects.create(
                at=now - dt.timedelta(days=draw.random() * YEARS * 365),
                actor_id=pk,
                actor_username=username,
                organization_id=organization,
                roles="coordinator",
                action=action,
                object_type=_object_type(action),
                object_id=str(person),
                details={"generated": True},
            )
            AuditPerson.objects.create(event=event, person_id=person, at=event.at)
    return count
