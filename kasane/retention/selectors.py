"""Reads of retention: the due list (counts per kind and one page of one kind, with only what
a coordinator needs to decide: the kind, the number, the organisation and the dates), and
the batches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from kasane.core.pagination import CappedCount, KeysetPage, capped_count, keyset_page
from kasane.organizations.models import Organization
from kasane.retention import people as whose
from kasane.retention.due import ORDERING, due
from kasane.retention.models import DUE_KINDS, DisposalBatch, DisposalItem, Kind


@dataclass(frozen=True)
class DueRow:
    kind: str
    pk: int
    organization: str
    started: dt.date | None  # 受付日, 送付日, 把握日
    due_from: dt.date | None  # the day the period started from
    held: bool


def due_counts(today: dt.date) -> dict[str, CappedCount]:
    """How many records of each kind are due (each counted up to the cap)."""
    return {kind.value: capped_count(due(kind, today)) for kind in DUE_KINDS}


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value if isinstance(value, dt.date) else None


STARTED = {
    Kind.CASE: "opened_on",
    Kind.CONSULTATION: "received_at",
    Kind.REFERRAL: "sent_at",
    Kind.OUTREACH: "registered_on",
}


def due_page(request: HttpRequest, kind: str, today: dt.date) -> tuple[KeysetPage, list[DueRow]]:
    """One page of the kind's due records, oldest first, and its rows (fixed queries)."""
    page = keyset_page(request, due(kind, today), ORDERING[kind])
    records = page.object_list
    organizations = dict(
        Organization.objects.filter(
            pk__in={record.organization_id for record in records}
        ).values_list("pk", "name")
    )
    held = whose.held_records(kind, [record.pk for record in records]) if records else set()
    date_field = ORDERING[kind][0]
    rows = [
        DueRow(
            kind=kind,
            pk=record.pk,
            organization=organizations.get(record.organization_id, ""),
            started=_day(getattr(record, STARTED[Kind(kind)])),
            due_from=_day(getattr(record, date_field)),
            held=record.pk in held,
        )
        for record in records
    ]
    return page, rows


def batch_items(batch: DisposalBatch) -> list[tuple[str, list[int]]]:
    """The batch's record numbers by kind (numbers only: no content)."""
    found: dict[str, list[int]] = {}
    items = DisposalItem.objects.filter(batch=batch).order_by("kind", "object_id")
    for kind, pk in items.values_list("kind", "object_id"):
        found.setdefault(kind, []).append(pk)
    return [(Kind(kind).label, ids) for kind, ids in found.items()]
