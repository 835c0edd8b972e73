"""お知らせ in bulk for the city-scale bench (issue 14: the header's count is measured with a
million notices). One INSERT … SELECT per slice spreads notices over the case staff, a year
back, about cases; most are read, as in a city that has used Kasane for a year, and the
unread ones are the newest.

PostgreSQL only (generate_series, random()); the bench runs on the production database."""

from __future__ import annotations

from django.db import connection, transaction

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.demo.guard import refuse_in_production
from kasane.notices.kinds import Kind
from kasane.notices.models import Notice

SLICE = 100_000
# The share of notices left unread: those of the last few days.
UNREAD_SHARE = 0.03


def top_up_notices(*, total: int) -> int:
    """Add notices until there are `total`; returns how many were added."""
    refuse_in_production(action="架空のお知らせを生成")
    if connection.vendor != "postgresql":
        raise ValueError("top_up_notices runs on PostgreSQL only")
    missing = total - Notice.objects.count()
    users = list(
        User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_STAFF_ROLES)
        .values_list("pk", flat=True)
        .distinct()
    )
    last_case = Case.objects.order_by("-pk").values_list("pk", flat=True).first()
    if missing <= 0 or not users or last_case is None:
        return 0
    kinds = [Kind.CASE_TEAM, Kind.TASK_DUE, Kind.MEETING_TASK, Kind.CONSENT_WITHDRAWN]
    added = 0
    while added < missing:
        rows = min(SLICE, missing - added)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH drawn AS (
                    SELECT (%(users)s::bigint[])[1 + floor(random() * %(user_count)s)::int]
                               AS recipient_id,
                           (%(kinds)s::text[])[1 + floor(random() * %(kind_count)s)::int] AS kind,
                           1 + floor(random() * %(last_case)s)::bigint AS target_id,
                           random() AS age
                    FROM generate_series(1, %(rows)s)
                )
                INSERT INTO {Notice._meta.db_table}
                    (recipient_id, kind, text, target_type, target_id, actor_id, created_at,
                     read_at, once_key)
                SELECT recipient_id, kind, 'チームに加わりました', 'case', target_id, NULL,
                       now() - age * interval '365 days',
                       CASE WHEN age < %(unread)s THEN NULL
                            ELSE now() - age * interval '365 days' + interval '1 hour' END,
                       ''
                FROM drawn
                """,  # noqa: S608 (the table name from the model, values as parameters)
                {
                    "users": users,
                    "user_count": len(users),
                    "kinds": [str(kind) for kind in kinds],
                    "kind_count": len(kinds),
                    "last_case": last_case,
                    "rows": rows,
                    "unread": UNREAD_SHARE,
                },
            )
            added += cursor.rowcount
    return added
