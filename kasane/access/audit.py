"""The audit trail: read by auditors only.

Admins do not read it: the people who change the system are not the ones who check it
(separation of duties).
"""

from __future__ import annotations

from django.db.models import QuerySet

from kasane.access.roles import AnyUser, require_role
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.people.models import Person


def audit_events_for_user(user: AnyUser) -> QuerySet[AuditEvent]:
    require_role(user, Role.AUDITOR)
    return AuditEvent.objects.select_related("actor", "organization")


def audit_people_for_user(user: AnyUser) -> QuerySet[Person]:
    """The people an auditor may pick to read the audit trail of: anyone, but only as name,
    フリガナ and birth date (the picker shows nothing else; every pick is audited)."""
    require_role(user, Role.AUDITOR)
    return Person.objects.only(
        "family_name", "given_name", "family_kana", "given_kana", "birth_date"
    )
