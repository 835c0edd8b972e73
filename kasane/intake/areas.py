"""The area a record counts in for community development (`kasane.community.counts`), stored
on the record (`area`, `area_code`) so that counting by area joins nothing.

A consultation counts in its person's 町丁目, else its household's; a case in its household's,
else its main person's (`kasane.cases.areas`). The area is taken when the person or household
is set (the services call `place`; bulk writers and the data migrations call `fill_areas`): a
later move does not move old counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import CharField, ForeignKey, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from kasane.organizations.models import Area


class InArea(Protocol):
    """A person or a household: anything with an optional area."""

    area_id: int | None
    area: Area | None


class Placed(Protocol):
    area: Area | None
    area_code: str


def placed_area(*holders: InArea | None) -> Area | None:
    """The area of the first holder that has one (a consultation: person, then household)."""
    for holder in holders:
        if holder is not None and holder.area_id is not None:
            return holder.area
    return None


def place(record: Placed, *holders: InArea | None) -> None:
    """Set the record's area and its code from the holders, in order (not saved)."""
    area = placed_area(*holders)
    record.area = area
    record.area_code = area.code if area is not None else ""


def fill_areas(records: QuerySet[Any], *holders: str) -> int:
    """Place the queryset's records that have a holder by their holders' current areas, in
    one UPDATE (the data migrations run it on old rows, the demo generators after a
    bulk_create). The holders are foreign keys of the records' model, e.g. "person",
    "household"; works on SQLite and PostgreSQL, and with the historical models of a
    migration."""
    model = records.model

    def column(holder: str, name: str) -> Subquery:
        field = model._meta.get_field(holder)
        assert isinstance(field, ForeignKey)
        related = field.related_model._default_manager
        return Subquery(related.filter(pk=OuterRef(f"{holder}_id")).values(name)[:1])

    # A record with none of its holders keeps the defaults (no area, code ""): not rewritten,
    # which halves the work of the data migration (half the consultations are anonymous).
    held = Q()
    for holder in holders:
        held |= Q(**{f"{holder}__isnull": False})
    return records.filter(held).update(
        area_id=Coalesce(*[column(holder, "area_id") for holder in holders]),
        area_code=Coalesce(
            *[column(holder, "area__code") for holder in holders],
            Value(""),
            output_field=CharField(),
        ),
    )


CONSULTATION_HOLDERS = ("person", "household")


def place_consultation(consultation: Any) -> None:
    """Set the consultation's area from its person, else its household (not saved)."""
    place(consultation, consultation.person, consultation.household)


def fill_consultation_areas(consultations: QuerySet[Any]) -> int:
    """Place the consultations by their person's (else household's) current area: one UPDATE."""
    return fill_areas(consultations, *CONSULTATION_HOLDERS)
