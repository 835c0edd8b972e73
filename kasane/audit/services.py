from __future__ import annotations

from typing import Any

from django.db import models, transaction

from kasane.accounts.models import User
from kasane.audit.actions import ACTIONS
from kasane.audit.models import AuditEvent
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
) -> AuditEvent:
    """Append one row to the audit trail. Call it inside the transaction of the change it
    records, so that the change and its row are committed together or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    if not _in_transaction():
        raise AuditOutsideTransaction(
            f"audit_record({action!r}) must run inside transaction.atomic() with the change it "
            "records; a read or a login that changes nothing else uses audit_standalone()."
        )
    request = context.current()
    return AuditEvent.objects.create(
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


def audit_standalone(**kwargs: Any) -> AuditEvent:
    """Record an event with nothing else to commit with it — what a page showed, a search, a
    login — in a transaction of its own, or in the caller's when there is one. No savepoint:
    there is nothing to roll back to (and no query is added inside a caller's transaction)."""
    with transaction.atomic(savepoint=False):
        return audit_record(**kwargs)
