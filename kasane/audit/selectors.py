from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kasane.audit.models import AuditCheck, AuditEvent, AuditPerson
from kasane.audit.unusual import category_filter


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_filtered(
    events: QuerySet[AuditEvent], filters: dict[str, Any]
) -> QuerySet[AuditEvent]:
    """Narrow an already access-checked queryset by the auditor's filters. Dates are whole
    days in Japan time; `date_to` includes that day."""
    if filters.get("user"):
        events = events.filter(actor_username=filters["user"])
    if filters.get("organization"):
        events = events.filter(organization=filters["organization"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        events = events.filter(object_id=filters["object_id"])
    if filters.get("date_from"):
        events = events.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(at__lt=_start_of(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("category"):  # the form always fills in the period
        events = events.filter(
            category_filter(filters["category"], filters["date_from"], filters["date_to"])
        )
    return events


def audit_event_ids_for_person(person_id: int) -> QuerySet[AuditPerson, int]:
    """The ids of every row that showed, printed, exported or changed the person, newest
    first, read from the (person_id, -at, -event) index alone: a page of them and their count
    never touch the events table, however long the person's history (the page then loads its
    50 events by primary key: `audit_events_in_order`)."""
    return (
        AuditPerson.objects.filter(person_id=person_id)
        .order_by("-at", "-event_id")
        .values_list("event_id", flat=True)
    )


AUDIT_ORDER = ("-at", "-pk")  # the events' own order, on the (-at, -id) index
PERSON_TRAIL_ORDER = ("-at", "-event_id")  # on the (person_id, -at, -event) index


def audit_links_for_person(person_id: int) -> QuerySet[AuditPerson, Any]:
    """The links of every row that showed, printed, exported or changed the person, as
    (`event_id`, `at`) for a keyset page in `PERSON_TRAIL_ORDER`: read from the index alone,
    however long the person's history (the page then loads its events by primary key:
    `audit_events_in_order`)."""
    return AuditPerson.objects.filter(person_id=person_id).values("event_id", "at")


def audit_events_in_order(events: QuerySet[AuditEvent], ids: list[int]) -> list[AuditEvent]:
    """The events of `ids` that the (access-checked) `events` hold, in the order of `ids`."""
    by_id = {event.pk: event for event in events.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def latest_seal_check() -> AuditCheck | None:
    """The last check of the seal over the trail (`kasane.audit.chain`), for the auditor."""
    return AuditCheck.objects.order_by("-checked_at", "-id").first()
