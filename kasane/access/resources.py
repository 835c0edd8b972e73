"""社会資源 (the directory of resources, issue 16).

The directory holds no personal data. It is read by every user with a case-work role
(consultants, outreach workers, participation coordinators), coordinators, community workers
and admins (it names nobody); it is kept — services, organisations, places and schedules
registered, checked, closed — by participation coordinators, community workers, coordinators
and admins. The list of categories is for admins. Referrers, auditors and meeting guests get
404 on every page of it, as does a consultant or an outreach worker on an edit page.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.roles import (
    RESOURCE_EDITOR_ROLES,
    RESOURCE_READER_ROLES,
    AnyUser,
    has_role,
    require_role,
)
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.resources.models import (
    Location,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceCategory,
)


def may_read_resources(user: AnyUser) -> bool:
    return has_role(user, *RESOURCE_READER_ROLES)


def may_edit_resources(user: AnyUser) -> bool:
    return has_role(user, *RESOURCE_EDITOR_ROLES)


def resource_reader(user: AnyUser) -> User:
    """The user, when they may read the directory; 404 otherwise."""
    return require_role(user, *RESOURCE_READER_ROLES)


def resource_editor(user: AnyUser) -> User:
    """The user, when they may keep the directory; 404 otherwise."""
    return require_role(user, *RESOURCE_EDITOR_ROLES)


def services_for_user(user: AnyUser) -> QuerySet[Service]:
    resource_reader(user)
    return Service.objects.select_related("organization")


def service_for_user(user: AnyUser, pk: int) -> Service:
    return get_object_or_404(services_for_user(user), pk=pk)


def service_for_user_rw(user: AnyUser, pk: int) -> Service:
    resource_editor(user)
    return service_for_user(user, pk)


def resource_organizations_for_user(user: AnyUser) -> QuerySet[ResourceOrganization]:
    resource_reader(user)
    return ResourceOrganization.objects.all()


def resource_organization_for_user(user: AnyUser, pk: int) -> ResourceOrganization:
    return get_object_or_404(resource_organizations_for_user(user), pk=pk)


def resource_organization_for_user_rw(user: AnyUser, pk: int) -> ResourceOrganization:
    resource_editor(user)
    return resource_organization_for_user(user, pk)


def location_for_user_rw(user: AnyUser, pk: int) -> Location:
    resource_editor(user)
    return get_object_or_404(Location.objects.select_related("area", "organization"), pk=pk)


def schedule_for_user_rw(user: AnyUser, service: Service, pk: int) -> Schedule:
    """A schedule of a service the user may keep (the service comes from
    `service_for_user_rw`)."""
    if not may_edit_resources(user):
        raise Http404
    return get_object_or_404(service.schedules.all(), pk=pk)


def service_categories_for_admin(user: AnyUser) -> QuerySet[ServiceCategory]:
    require_role(user, Role.ADMIN)
    return ServiceCategory.objects.all()


def service_category_for_user_rw(user: AnyUser, pk: int) -> ServiceCategory:
    return get_object_or_404(service_categories_for_admin(user), pk=pk)
