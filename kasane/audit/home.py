"""The auditor's home-page card: today's failed logins and lockouts."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.selectors import audit_events_filtered
from kasane.core.home import card
from kasane.core.pagination import capped_count


@card("auditor_summary", order=30)
def auditor_summary(user: User) -> dict[str, object] | None:
    if not access.has_role(user, Role.AUDITOR):
        return None
    today = timezone.localdate()
    events = audit_events_filtered(access.audit_events_for_user(user), {"date_from": today})
    return {
        "today": today,
        # A day's failures are few, unless someone is guessing passwords: capped all the same.
        "failed_logins": capped_count(events.filter(action="auth.login_failed")),
        "lockouts": capped_count(events.filter(action="auth.locked_out")),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
