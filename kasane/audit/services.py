from __future__ import annotations

from typing import Any

from django.db import models

from kasane.accounts.models import User
from kasane.audit import context
from kasane.audit.actions import ACTIONS
from kasane.audit.models import AuditEvent


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
