"""The auditor's reports on one person (issue 19): "who saw this person" as Excel, and the
disclosure export (開示請求への対応) of all that Kasane holds about them.

Both answer a 本人's request under the personal-information law, which the city handles
through its auditor (監査担当): the auditor alone may export them, every export is audited,
and everyone else gets 404 (admins included: separation of duties, as for the audit trail).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from kasane.access.roles import AnyUser, require_role
from kasane.accounts.roles import Role
from kasane.people.models import Person


def disclosure_person_for_user(user: AnyUser, pk: int) -> Person:
    """The person whose records the auditor exports; 404 for anyone but an auditor."""
    require_role(user, Role.AUDITOR)
    return get_object_or_404(Person, pk=pk)
