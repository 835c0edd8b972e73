"""Master data: organisations, areas, users and the issue checklist.

Read and changed by admins only, through the getters here; everyone else gets 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kasane.access.roles import AnyUser, require_role
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.intake.models import IssueCode
from kasane.organizations.models import Area, Organization


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


def issue_codes_for_admin(user: AnyUser) -> QuerySet[IssueCode]:
    require_role(user, Role.ADMIN)
    return IssueCode.objects.all()


def issue_code_for_user_rw(user: AnyUser, pk: int) -> IssueCode:
    return get_object_or_404(issue_codes_for_admin(user), pk=pk)
