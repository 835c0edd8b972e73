"""The access package: role-level rules, the named role sets, the predicates and the getters
that answer 404."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.cases.models import Case
from kasane.organizations.models import Area, Organization
from kasane.people.models import Household, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", False),  # manages the system, reads no case (issue 19)
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


def _opens(getter, user: User, pk: int) -> bool:
    try:
        getter(user, pk)
    except Http404:
        return False
    return True


@pytest.mark.parametrize(
    "username", ["admin", "coordinator", "houkatsu", "outsider", "zeimu", "kansa", "keisatsu"]
)
def test_the_named_predicates_agree_with_the_getters(username: str) -> None:
    user = User.objects.get(username=username)
    for person in Person.objects.order_by("pk"):
        assert access.may_see_person(user, person.pk) is _opens(
            access.person_for_user, user, person.pk
        )
    for household in Household.objects.order_by("pk"):
        assert access.may_see_household(user, household.pk) is _opens(
            access.household_for_user, user, household.pk
        )
    for case in Case.objects.order_by("pk"):
        assert access.may_see_case(user, case.pk) is _opens(access.case_for_user, user, case.pk)
    assert not access.may_see_person(user, None)
    assert not access.may_see_household(user, None)


def test_the_role_sets_are_named_once_and_nest() -> None:
    assert {Role.COORDINATOR, *access.CASE_WORK_ROLES} == access.CASE_STAFF_ROLES
    assert access.CASE_STAFF_ROLES == access.CASE_DATA_ROLES
    assert access.CASE_STAFF_ROLES <= access.SHEET_SENDER_ROLES
    assert access.CASE_DATA_ROLES <= access.MEETING_ROLES
    assert Role.AUDITOR not in access.CASE_DATA_ROLES | access.MEETING_ROLES
    # Least privilege for system administrators (issue 19): no role set that opens case data,
    # meetings, oversight or residents' names holds the admin.
    for names in (
        access.CASE_DATA_ROLES,
        access.MEETING_ROLES,
        access.OVERSIGHT_ROLES,
        access.COMMUNITY_KEEPER_ROLES,
    ):
        assert Role.ADMIN not in names


def test_access_reads_only_models_and_imports_at_the_top() -> None:
    """A rule reached through a lazy import, or through another app's selectors, lives in the
    wrong place: it belongs in `kasane/access/<domain>.py`."""
    for path in Path(access.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            assert id(node) in top_level, f"{path.name}:{node.lineno} imports inside a function"
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if module and module.startswith("kasane.") and not module.startswith("kasane.access"):
                assert module.endswith((".models", ".roles")), f"{path.name} imports {module}"
