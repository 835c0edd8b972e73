"""The one place that decides who sees what (DOMAIN.md §5, STYLE.md).

Every view, export, PDF and API endpoint gets its records through the getters here. A user who
may not see a record gets "not found" (Http404), never "forbidden": the answer must not reveal
that the record exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.organizations.models import Area, Organization

AnyUser = User | AnonymousUser

# Roles whose work is with individual cases. Only these, coordinators and admins may ever see
# individual case data; community workers, referrers, auditors and meeting guests outside a
# meeting never do, whatever their organisation.
CASE_WORK_ROLES = frozenset({Role.CONSULTANT, Role.OUTREACH_WORKER, Role.PARTICIPATION_COORDINATOR})


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.roles.isdisjoint(roles)


def require_role(user: AnyUser, *roles: str) -> None:
    if not has_role(user, *roles):
        raise Http404


def may_read_case_data(user: AnyUser) -> bool:
    """Whether the user's roles allow individual case data at all; the record-level rules
    (team membership, consent, meetings) come on top of this."""
    return has_role(user, Role.ADMIN, Role.COORDINATOR, *CASE_WORK_ROLES)


# --- Master data (admin) ----------------------------------------------------------------------


def organizations_for_admin(user: AnyUser) -> QuerySet[Organization]:
    require_role(user, Role.ADMIN)
    return Organization.objects.select_related("area")


def organization_for_user_rw(user: AnyUser, pk: int) -> Organization:
    return get_object_or_404(organizations_for_admin(user), pk=pk)


def areas_for_admin(user: AnyUser) -> QuerySet[Area]:
    require_role(user, Role.ADMIN)
    return Area.objects.select_related("parent")


def area_for_user_rw(user: AnyUser, pk: int) -> Area:
    return get_object_or_404(areas_for_admin(user), pk=pk)


def users_for_admin(user: AnyUser) -> QuerySet[User]:
    require_role(user, Role.ADMIN)
    return User.objects.select_related("organization").prefetch_related("role_assignments")


def user_for_user_rw(user: AnyUser, pk: int) -> User:
    return get_object_or_404(users_for_admin(user), pk=pk)


# --- Audit trail (auditor) --------------------------------------------------------------------


def audit_events_for_user(user: AnyUser) -> QuerySet[AuditEvent]:
    """Auditors read the trail. Admins do not: the people who change the system are not the
    ones who check it (separation of duties)."""
    require_role(user, Role.AUDITOR)
    return AuditEvent.objects.select_related("actor", "organization")
