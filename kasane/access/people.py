"""People and households.

A person or household is visible to the case-work staff of the organisation that registered
it and to coordinators; admins, who manage the system, never see one (issue 19). The team of
a case (while on it) sees the case's household, and each of its people only as `consent.py`
says: on that person's own consent covering the organisation, or on a 支援会議 decision
recorded on the membership; anyone else of the household appears to it as 「同意のない世帯員」
(`people_shown_to`). Changing one is for the registering organisation and coordinators. A
restricted person's contact (閲覧制限) is shown only to users granted for that person, on a
grant one admin proposed and a second person approved (`restrictions.py`); no role is enough.

緊急時の閲覧 (`breakglass.py`) opens, for its time, the pages that show a person or a household
read only (`person_to_read`, `household_to_read`, and what pages name: `people_shown_to`,
`may_see_person`, `may_see_household`); the getters that act on a person do not open.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.breakglass import (
    break_glass_opening,
    break_glass_opening_household,
    households_opened_by_break_glass,
    may_break_glass,
    people_opened_by_break_glass,
    require_break_glass,
)
from kasane.access.consent import consented_to
from kasane.access.roles import (
    CASE_WORK_ROLES,
    AnyUser,
    has_role,
    may_read_case_data,
    oversees,
)
from kasane.accounts.roles import Role
from kasane.breakglass.models import BreakGlass
from kasane.cases.models import Case, CaseTeamMember
from kasane.meetings.models import SHARES_WITHOUT_CONSENT
from kasane.people.models import (
    Household,
    HouseholdMember,
    Person,
    RestrictionGrant,
    restricted_at_home,
)


def person_scope(user: AnyUser) -> int | None:
    """The organisation whose people this user sees, or None for all; 404 for roles without
    case work. Search uses it to filter its index without touching the person table."""
    if oversees(user):
        return None
    if has_role(user, *CASE_WORK_ROLES):
        return user.organization_id
    raise Http404


def team_cases(organization_id: int) -> QuerySet[CaseTeamMember, Any]:
    """The cases an organisation is on the team of, now (as `case_id` values)."""
    return CaseTeamMember.objects.filter(
        organization_id=organization_id, left_on__isnull=True
    ).values("case_id")


def _team_households(organization_id: int) -> QuerySet[Case, Any]:
    return Case.objects.filter(pk__in=team_cases(organization_id), household__isnull=False).values(
        "household_id"
    )


def _people_of(cases: QuerySet[Any, Any]) -> Q:
    """The people of these cases (given as `case_id` values): each main person and the
    current members of each case's household."""
    chosen = Case.objects.filter(pk__in=cases)
    members = HouseholdMember.objects.filter(
        household_id__in=chosen.filter(household__isnull=False).values("household_id"),
        left_on__isnull=True,
    )
    return Q(pk__in=chosen.values("main_person_id")) | Q(pk__in=members.values("person_id"))


def shared_with(organization_id: int) -> Q:
    """The people of the cases an organisation is on the team of, whose record opens to it: on
    their own consent covering the organisation, or on a 支援会議 decision that put the
    organisation on that case's team (DOMAIN.md §5). One person's consent opens no one else."""
    by_meeting = CaseTeamMember.objects.filter(
        organization_id=organization_id,
        left_on__isnull=True,
        meeting__kind__in=SHARES_WITHOUT_CONSENT,
    ).values("case_id")
    on_consent = _people_of(team_cases(organization_id)) & Q(pk__in=consented_to(organization_id))
    return on_consent | _people_of(by_meeting)


def people_for_user(user: AnyUser) -> QuerySet[Person]:
    """The people the organisation registered, and the people of its teams' cases shared with
    it (`shared_with`). Search looks only at the first; a team's people are reached through
    the case."""
    scope = person_scope(user)
    people = Person.objects.select_related("organization", "area")
    if scope is None:
        return people
    return people.filter(Q(organization_id=scope) | shared_with(scope))


def organization_sees_person(organization_id: int, person: Person) -> bool:
    """Whether the case-work staff of this organisation may open the person's record (they
    registered it, or it is shared with them on a team): a referral to it arrives linked."""
    return (
        Person.objects.filter(Q(organization_id=organization_id) | shared_with(organization_id))
        .filter(pk=person.pk)
        .exists()
    )


def people_shown_to(user: AnyUser, person_ids: Iterable[int | None]) -> set[int]:
    """Of these people, those whose details a page may show this user; the others appear as
    「同意のない世帯員」 (the partial `people/_withheld.html`), without name, birth date or
    address. One query (none for coordinators)."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids or not may_read_case_data(user):
        return set()
    if person_scope(user) is None:
        return ids
    return set(people_to_read(user).filter(pk__in=ids).values_list("pk", flat=True))


def person_for_user(user: AnyUser, pk: int) -> Person:
    return get_object_or_404(people_for_user(user), pk=pk)


def may_see_person(user: AnyUser, pk: int | None) -> bool:
    """Whether the user may open this person's page (a page about something else links the
    person only then, and names them without a link otherwise)."""
    return (
        pk is not None and may_read_case_data(user) and people_to_read(user).filter(pk=pk).exists()
    )


def may_change_registered(user: AnyUser, organization_id: int) -> bool:
    """Whether the user may change a person or household registered by this organisation
    (the `_rw` getters' rule, for pages that show a record read-only to a case team)."""
    return person_scope(user) in (None, organization_id)


def person_for_user_rw(user: AnyUser, pk: int) -> Person:
    """Changing a person is for the organisation that registered them (and coordinators); a
    case team reads the people of its case but does not edit them."""
    scope = person_scope(user)
    people = Person.objects.select_related("organization", "area")
    return get_object_or_404(
        people if scope is None else people.filter(organization_id=scope), pk=pk
    )


def households_for_user(user: AnyUser) -> QuerySet[Household]:
    """Households, each annotated `is_restricted` when a current member is under 閲覧制限
    (then the household address is masked too)."""
    scope = person_scope(user)
    households = _households_marked()
    if scope is None:
        return households
    return households.filter(Q(organization_id=scope) | Q(pk__in=_team_households(scope)))


def _households_marked() -> QuerySet[Household]:
    restricted_member = HouseholdMember.objects.filter(
        household=OuterRef("pk"), left_on__isnull=True, person__is_restricted=True
    )
    # The annotation fills `Household.is_restricted`, which the model declares because pages
    # also set it by hand (meetings); django-stubs reports any annotation over a declared name.
    return Household.objects.select_related("organization", "area").annotate(
        is_restricted=Exists(restricted_member)  # type: ignore[no-redef]  # see above
    )


def household_for_user(user: AnyUser, pk: int) -> Household:
    return get_object_or_404(households_for_user(user), pk=pk)


def may_see_household(user: AnyUser, pk: int | None) -> bool:
    """Whether the user may open this household's page (as `may_see_person`)."""
    return (
        pk is not None
        and may_read_case_data(user)
        and households_to_read(user).filter(pk=pk).exists()
    )


def household_for_user_rw(user: AnyUser, pk: int) -> Household:
    """As people: the registering organisation changes a household, a case team reads it."""
    scope = person_scope(user)
    households = households_for_user(user)
    if scope is not None:
        households = households.filter(organization_id=scope)
    return get_object_or_404(households, pk=pk)


def restricted_people_unmasked_for(user: AnyUser) -> QuerySet[RestrictionGrant]:
    """The grants that let this user see restricted addresses: approved by a second person
    and not revoked. Neither the role (admin, coordinator), the registering organisation nor
    a proposal waiting for approval is enough."""
    if not user.is_authenticated:
        return RestrictionGrant.objects.none()
    return RestrictionGrant.objects.in_force().filter(user=user)


def may_see_contact(user: AnyUser, person: Person) -> bool:
    """Whether the person's address and phone may be shown to this user unmasked."""
    if not person.is_restricted:
        return True
    return restricted_people_unmasked_for(user).filter(person=person).exists()


def may_see_home_contact(user: AnyUser, person: Person) -> bool:
    """Whether contact details about this person's home may be shown: the person and everyone
    restricted who lives with them must be granted to this user (a shared address would tell
    where the restricted person lives)."""
    restricted = set(restricted_at_home(person).values_list("person_id", flat=True))
    if person.is_restricted:
        restricted.add(person.pk)
    if not restricted:
        return True
    granted = restricted_people_unmasked_for(user).filter(person_id__in=restricted)
    return restricted <= set(granted.values_list("person_id", flat=True))


def may_link_people(user: AnyUser) -> bool:
    return has_role(user, Role.COORDINATOR)


def may_manage_restriction(user: AnyUser) -> bool:
    """Lifting a restriction and proposing who may see through it are the admin's (a grant
    takes effect only once a second person approves it: `restrictions.py`)."""
    return has_role(user, Role.ADMIN)


# --- 緊急時の閲覧 (break-glass): the read-only pages it opens --------------------------------


def people_to_read(user: AnyUser) -> QuerySet[Person]:
    """`people_for_user`, and the people the user's active break-glass opens: for the pages
    that show a person read only, never for a form that acts on one."""
    scope = person_scope(user)
    people = Person.objects.select_related("organization", "area")
    if scope is None:
        return people
    return people.filter(
        Q(organization_id=scope) | shared_with(scope) | people_opened_by_break_glass(user)
    )


def households_to_read(user: AnyUser) -> QuerySet[Household]:
    """`households_for_user`, and the households the user's active break-glass opens."""
    scope = person_scope(user)
    households = _households_marked()
    if scope is None:
        return households
    return households.filter(
        Q(organization_id=scope)
        | Q(pk__in=_team_households(scope))
        | households_opened_by_break_glass(user)
    )


def person_to_read(user: AnyUser, pk: int) -> tuple[Person, BreakGlass | None]:
    """The person page's person and, when only break-glass opens them, the use that does (the
    page then says so and offers nothing to change). One query unless break-glass is needed."""
    try:
        return person_for_user(user, pk), None
    except Http404:
        if not may_break_glass(user):
            raise
    opening = break_glass_opening(user, [pk])
    if opening is None:
        raise Http404
    return get_object_or_404(Person.objects.select_related("organization", "area"), pk=pk), opening


def household_to_read(user: AnyUser, pk: int) -> tuple[Household, BreakGlass | None]:
    """As `person_to_read`, for the household page."""
    try:
        return household_for_user(user, pk), None
    except Http404:
        if not may_break_glass(user):
            raise
    opening = break_glass_opening_household(user, pk)
    if opening is None:
        raise Http404
    return get_object_or_404(_households_marked(), pk=pk), opening


def people_beyond_reach(user: AnyUser) -> QuerySet[Person]:
    """Whom a break-glass may open for this user: the people it does not see already (those
    of other agencies). 404 for users who may not ask."""
    organization_id = require_break_glass(user).organization_id
    return Person.objects.exclude(Q(organization_id=organization_id) | shared_with(organization_id))
