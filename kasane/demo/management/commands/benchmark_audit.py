"""Time the auditor's "who saw this person" (issue 13 point 1: ≤ 100 ms at 10 million audit
rows) the way the page runs it: the count for the pagination, one page of 50 event ids from
the person index, and those 50 events with actor and organisation, for the first and the
last page of people with long, middling and short histories. Read-only: it writes nothing,
not even the audit row the page writes."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from kasane.audit.models import AuditEvent, AuditPerson
from kasane.audit.selectors import audit_event_ids_for_person, audit_events_in_order

PAGE = 50
TARGET_MS = 100.0


def _p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20, method="inclusive")[-1]


class Command(BaseCommand):
    help = "監査担当の「本人ごとの監査ログ」の速さを測ります（読み取りのみ）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=50, help="1人・1ページあたりの回数")
        parser.add_argument("--person", type=int, action="append", help="測る本人ID（複数可）")

    def handle(self, *args: Any, **options: Any) -> None:
        people = options["person"] or [1, 2, 1000, 150_000]
        self.stdout.write(
            f"監査ログ {AuditEvent.objects.count():,}件、本人への結び付き "
            f"{AuditPerson.objects.count():,}件"
        )
        events = AuditEvent.objects.select_related("actor", "organization")
        for person in people:
            total = audit_event_ids_for_person(person).count()
            for label, offset in (("最初", 0), ("最後", max(total - 1, 0) // PAGE * PAGE)):
                timings = [self._page(events, person, offset) for _ in range(options["runs"])]
                median, p95 = statistics.median(timings), _p95(timings)
                verdict = "OK" if p95 <= TARGET_MS else "目標超え"
                self.stdout.write(
                    f"本人 {person}（{total:,}件）{label}のページ: 中央値 {median:.1f} ms、"
                    f"p95 {p95:.1f} ms、最大 {max(timings):.1f} ms {verdict}"
                )
        if connection.vendor == "postgresql":
            ids = audit_event_ids_for_person(people[0])
            with connection.cursor() as cursor:
                for query in (ids[:PAGE], ids):
                    sql, params = query.query.sql_with_params()
                    if query is ids:
                        sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    self.stdout.write("\n".join(row[0] for row in cursor.fetchall()))

    def _page(self, events: Any, person: int, offset: int) -> float:
        started = time.perf_counter()
        ids = audit_event_ids_for_person(person)
        ids.count()
        audit_events_in_order(events, list(ids[offset : offset + PAGE]))
        return (time.perf_counter() - started) * 1000
