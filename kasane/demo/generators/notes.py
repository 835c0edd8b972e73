"""Progress notes in bulk for the city-scale bench: the case generator writes one to four notes
a case, a city that has worked for years has about a hundred. `top_up_notes` copies each
case's own first note (its author, organisation and method) to days spread between the case's
opening and its end (or today), in one INSERT … SELECT per slice of cases, so that two million
notes take minutes, not hours. Added notes have no open next action (the generated tasks stay
what the case generator drew), and each case's `last_contact_on` is set to its latest note.

PostgreSQL only (generate_series, random()); the bench runs on the production database."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from kasane.cases.models import Case, CaseNote
from kasane.demo.guard import refuse_in_production

SLICE = 500  # cases per statement: about 50,000 notes at full scale


def top_up_notes(*, total: int, progress: Callable[[int], None] | None = None) -> int:
    """Add notes until there are about `total`; returns how many were added."""
    refuse_in_production(action="架空の支援経過を生成")
    if connection.vendor != "postgresql":
        raise ValueError("top_up_notes runs on PostgreSQL only")
    have = CaseNote.objects.count()
    case_ids = list(
        Case.objects.filter(notes__isnull=False).distinct().values_list("pk", flat=True)
    )
    if have >= total or not case_ids:
        return 0
    per_case = max(1, round((total - have) / len(case_ids)))
    notes, cases = CaseNote._meta.db_table, Case._meta.db_table
    added = 0
    for start in range(0, len(case_ids), SLICE):
        ids = case_ids[start : start + SLICE]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH first AS (
                    SELECT DISTINCT ON (n.case_id) n.case_id, n.method, n.content, n.author_id,
                           n.organization_id, c.opened_on,
                           COALESCE(c.ended_on, CURRENT_DATE) - c.opened_on AS span
                    FROM {notes} n JOIN {cases} c ON c.id = n.case_id
                    WHERE n.case_id = ANY(%(ids)s)
                    ORDER BY n.case_id, n.written_on, n.id
                ),
                drawn AS (
                    SELECT f.*, f.opened_on + floor(random() * (f.span + 1))::int AS day
                    FROM first f CROSS JOIN generate_series(1, %(per_case)s)
                )
                INSERT INTO {notes} (case_id, written_on, method, content, next_action,
                                     next_action_on, next_action_done, is_sensitive, author_id,
                                     organization_id, meeting_id, created_at)
                SELECT case_id, day, method, content, '', NULL, true, random() < 0.1,
                       author_id, organization_id, NULL,
                       day + time '09:00' + random() * interval '8 hours'
                FROM drawn
                """,  # noqa: S608 (table names from the models, values as parameters)
                {"ids": ids, "per_case": per_case},
            )
            added += cursor.rowcount
            cursor.execute(
                f"""
                UPDATE {cases} c SET last_contact_on = latest.day
                FROM (SELECT case_id, max(written_on) AS day FROM {notes}
                      WHERE case_id = ANY(%(ids)s) GROUP BY case_id) latest
                WHERE c.id = latest.case_id
                """,  # noqa: S608
                {"ids": ids},
            )
        if progress:
            progress(added)
    return added
