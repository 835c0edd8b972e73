from __future__ import annotations

from django import template

from kasane.audit import display
from kasane.audit.models import AuditEvent

register = template.Library()


@register.filter
def audit_details(event: AuditEvent) -> list[display.Detail]:
    """The row's details as the auditor may read them (`kasane.audit.display`)."""
    return display.describe(event.action, event.object_type, event.details)


@register.filter
def role_labels(codes: str) -> str:
    return display.role_labels(codes)
