"""Home-page cards of accounts: the user's own sign-in record, and the admin's master data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.core.home import card
from kasane.core.pagination import CappedCount, capped_count
from kasane.organizations.models import Area, Organization


@dataclass(frozen=True)
class SignInSummary:
    previous_login: dt.datetime | None
    failures_since: CappedCount


@card("sign_in", order=10)
def sign_in_summary(user: User) -> SignInSummary:
    """The login before this one, and failed attempts on this username since then, so that a
    user notices someone else trying their account."""
    logins = list(
        AuditEvent.objects.filter(actor=user, action="auth.login")
        .order_by("-at")
        .values_list("at", flat=True)[:2]
    )
    previous = logins[1] if len(logins) > 1 else None
    failures = AuditEvent.objects.filter(action="auth.login_failed", actor_username=user.username)
    if previous:
        failures = failures.filter(at__gte=previous)
    # Capped: without a previous login the failures go back to the start of the audit trail.
    return SignInSummary(previous_login=previous, failures_since=capped_count(failures))


@card("admin_summary", order=20)
def admin_summary(user: User) -> dict[str, int] | None:
    if not access.has_role(user, Role.ADMIN):
        return None
    # Exact: master data, a few hundred rows by design (the city's organisations, areas, staff).
    return {
        "organizations": Organization.objects.filter(is_active=True).count(),
        "areas": Area.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
    }
