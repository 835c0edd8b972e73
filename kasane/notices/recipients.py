"""Who works where, for the rules (`rules.py`): the users a notice goes to when it is meant for
an organisation or for the coordinators. Each helper is one query; roles come from the sets
`kasane.access` names, and inactive users are left out (they hold no role).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeGuard

from django.db.models import Q, QuerySet

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def case_staff(organization_ids: Iterable[int]) -> QuerySet[User]:
    """The case staff (`CASE_STAFF_ROLES`: coordinators and case-work staff) of these
    organisations: those who act on what reaches an organisation."""
    return (
        _active()
        .filter(
            organization_id__in=set(organization_ids),
            role_assignments__role__in=access.CASE_STAFF_ROLES,
        )
        .distinct()
    )


def coordinators() -> QuerySet[User]:
    """Every coordinator, whatever their organisation: they oversee every organisation's
    records."""
    return _active().filter(role_assignments__role=Role.COORDINATOR).distinct()


def coordinators_and_auditors() -> QuerySet[User]:
    """Every coordinator and every auditor: those told of each 緊急時の閲覧."""
    return _active().filter(role_assignments__role__in=[Role.COORDINATOR, Role.AUDITOR]).distinct()


def restriction_approvers() -> QuerySet[User]:
    """The admins and coordinators, who decide on proposals to see through a 閲覧制限."""
    return _active().filter(role_assignments__role__in=access.RESTRICTION_APPROVER_ROLES).distinct()


def case_staff_and_coordinators(organization_ids: Iterable[int]) -> QuerySet[User]:
    """The case staff of these organisations and every coordinator, in one query."""
    return (
        _active()
        .filter(
            Q(
                organization_id__in=set(organization_ids),
                role_assignments__role__in=access.CASE_STAFF_ROLES,
            )
            | Q(role_assignments__role=Role.COORDINATOR)
        )
        .distinct()
    )


def staff_by_organization(organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """The case staff of each of these organisations, in one query (for rules that tell
    several organisations of different records at once)."""
    found: dict[int, list[User]] = {}
    for user in case_staff(organization_ids).order_by("pk"):
        found.setdefault(user.organization_id, []).append(user)
    return found


def is_named(worker: User | None, organization_id: int) -> TypeGuard[User]:
    """Whether a worker a record names (a membership's, a note's author) is active and still
    works at the record's organisation: then they are told, not their colleagues."""
    return worker is not None and worker.is_active and worker.organization_id == organization_id


def worker_or_staff(
    worker: User | None, organization_id: int, *, actor: User | None = None
) -> Iterable[User]:
    """The worker a record names, if they still work at its organisation; otherwise that
    organisation's case staff — unless the actor works there: an organisation is not told of
    what one of its own staff did to it (opening a case for it, leaving a team)."""
    if is_named(worker, organization_id):
        return [worker]
    if actor is not None and actor.organization_id == organization_id:
        return []
    return case_staff([organization_id])
