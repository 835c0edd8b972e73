from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import F, QuerySet

from kasane.accounts.models import User
from kasane.audit.actions import ACTIONS
from kasane.audit.models import AuditEvent, AuditPerson
from kasane.core import request_context as context


class AuditOutsideTransaction(RuntimeError):
    """audit_record was called in autocommit mode: its row would be committed apart from the
    change it records (a programming error, never shown to users)."""


def _in_transaction() -> bool:
    return transaction.get_connection().in_atomic_block


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
    actor_username: str = "",
    people: Iterable[int | None] | QuerySet[Any] = (),
) -> AuditEvent:
    """Append one row to the audit trail. Call it inside the transaction of the change it
    records, so that the change and its row are committed together or not at all.

    `people` are the ids of the people the page, printout, export or change showed or
    touched (a person target counts by itself); they are linked to the row in one insert, so
    that the auditor can ask "who saw this person". A one-column queryset of ids (`.values(
    "person_id")`) is read inside that insert (INSERT … SELECT), so a page need not load the
    people it names only by household. `details` name records and fields, never
    the values of personal fields or free text (see `kasane.audit.display`)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    if not _in_transaction():
        raise AuditOutsideTransaction(
            f"audit_record({action!r}) must run inside transaction.atomic() with the change it "
            "records; a read or a login that changes nothing else uses audit_standalone()."
        )
    request = context.current()
    event = AuditEvent.objects.create(
        actor=actor,
        actor_username=actor.username if actor else actor_username,
        organization_id=actor.organization_id if actor else None,
        roles=",".join(sorted(actor.roles)) if actor else "",
        action=action,
        object_type=(target._meta.model_name or "") if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        ip=request.ip or None,
        request_id=request.request_id,
        reason=reason,
        details=details or {},
    )
    _link_people(event, people, target)
    return event


def _link_people(
    event: AuditEvent, people: Iterable[int | None] | QuerySet[Any], target: models.Model | None
) -> None:
    own = _own_people(target) if target is not None else set()
    if isinstance(people, QuerySet):
        _link_people_from_query(event, people, own)
        return
    ids = own | {pk for pk in people if pk is not None}
    if ids:
        AuditPerson.objects.bulk_create(
            [AuditPerson(event=event, person_id=pk, at=event.at) for pk in sorted(ids)]
        )


def _own_people(target: models.Model) -> set[int]:
    """The people a record names by itself: a person, or the record's own `person` or
    `main_person` (a consultation, a referral, a case), read from the loaded row."""
    if target._meta.model_name == "person":
        return {target.pk}
    own = (getattr(target, name, None) for name in ("person_id", "main_person_id"))
    return {pk for pk in own if isinstance(pk, int)}


def _link_people_from_query(event: AuditEvent, ids: QuerySet[Any], own: set[int]) -> None:
    """One INSERT … SELECT of the ids the (unsliced, one-column) query reads, with `own`."""
    (column,) = ids.query.values_select
    try:
        sql, params = ids.values(audit_person=F(column)).order_by().query.sql_with_params()
    except EmptyResultSet:  # .none(): only the record's own people
        _link_people(event, own, None)
        return
    extra = "".join(" UNION SELECT %s" for _ in own)
    at = AuditPerson._meta.get_field("at").get_db_prep_value(event.at, connection)
    table = connection.ops.quote_name(AuditPerson._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (event_id, at, person_id)"  # noqa: S608 (compiled by the ORM)
            f" SELECT %s, %s, ids.audit_person FROM ({sql}{extra}) ids"
            " WHERE ids.audit_person IS NOT NULL",
            [event.pk, at, *params, *sorted(own)],
        )


def audit_standalone(**kwargs: Any) -> AuditEvent:
    """Record an event with nothing else to commit with it — what a page showed, a search, a
    login — in a transaction of its own, or in the caller's when there is one. No savepoint:
    there is nothing to roll back to (and no query is added inside a caller's transaction)."""
    with transaction.atomic(savepoint=False):
        return audit_record(**kwargs)


def criteria_used(terms: Mapping[str, Any]) -> list[str]:
    """Which search criteria were filled in, never their values: what a user typed into a
    search (a name, an address, a phone) is personal data the auditor must not read."""
    return sorted(name for name, value in terms.items() if value not in (None, "", [], ()))


def changed_fields(changes: Mapping[str, Any]) -> list[str]:
    """The names of the fields a change touched, without their before and after values."""
    return sorted(changes)
