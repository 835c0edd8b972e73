"""The one access module: role-level rules and the getters that answer 404."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.organizations.models import Area, Organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", True),
        ("coordinator", True),
        ("houkatsu", True),
        ("csw", True),
        ("sanka", True),
        ("outsider", True),  # a consultant: the record-level rules keep them off other cases
        ("chiiki", False),
        ("zeimu", False),
        ("suido", False),
        ("keisatsu", False),
        ("kansa", False),
    ],
)
def test_only_case_work_roles_may_read_case_data(username: str, expected: bool) -> None:
    assert access.may_read_case_data(User.objects.get(username=username)) is expected


def test_anonymous_and_inactive_users_hold_no_role(admin: User) -> None:
    assert not access.has_role(AnonymousUser(), Role.ADMIN)
    admin.is_active = False
    assert not access.has_role(admin, Role.ADMIN)


def test_a_user_may_hold_several_roles() -> None:
    user = User.objects.get(username="coordinator")
    user.role_assignments.create(role=Role.CONSULTANT)
    user = User.objects.get(pk=user.pk)
    assert user.roles == {"coordinator", "consultant"}
    assert access.has_role(user, Role.CONSULTANT)


@pytest.mark.parametrize("username", ["coordinator", "outsider", "zeimu", "kansa", "keisatsu"])
def test_master_data_getters_answer_404_to_non_admins(username: str) -> None:
    user = User.objects.get(username=username)
    organization = Organization.objects.first()
    with pytest.raises(Http404):
        access.organization_for_user_rw(user, organization.pk)
    with pytest.raises(Http404):
        access.area_for_user_rw(user, Area.objects.first().pk)
    with pytest.raises(Http404):
        access.user_for_user_rw(user, user.pk)


def test_admin_gets_master_data(admin: User) -> None:
    organization = Organization.objects.get(name="税務課")
    assert access.organization_for_user_rw(admin, organization.pk) == organization
    with pytest.raises(Http404):
        access.organization_for_user_rw(admin, 10**9)


@pytest.mark.parametrize("username", ["admin", "coordinator", "outsider", "zeimu"])
def test_only_auditors_read_the_audit_trail(username: str) -> None:
    with pytest.raises(Http404):
        access.audit_events_for_user(User.objects.get(username=username))


def test_auditor_reads_the_audit_trail(kansa: User) -> None:
    assert access.audit_events_for_user(kansa).exists()
