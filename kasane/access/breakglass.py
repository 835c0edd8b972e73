"""緊急時の閲覧 (break-glass): who may ask, what a use opens, and who reads the uses.

A case-work user (`CASE_WORK_ROLES`) who does not oversee every record may open a person
another agency holds, on a stated reason, for `KASANE_BREAK_GLASS_HOURS`. While the use lasts
it opens, read only, the person's page, the pages of the households the person lives in now,
and the pages of those households' current members; nothing else: not the consultations,
referrals, cases, outreach or meetings of other agencies (their own rules still decide), no
change of any of them, and no 閲覧制限 address (only a grant in force unmasks one). After the
time the pages answer 404 again. `people.py` adds what opens to its page getters.

The uses themselves (who asked, about whom, why) are read by the user who asked, by
coordinators (they are told of each use) and by auditors, who review them.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kasane.access.roles import CASE_WORK_ROLES, AnyUser, has_role, oversees, require_role
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.breakglass.models import BreakGlass
from kasane.people.models import HouseholdMember


def may_break_glass(user: AnyUser) -> TypeGuard[User]:
    """Case-work staff only: coordinators see every record already; admins, referrers,
    community workers, meeting guests and auditors never reach a person."""
    return has_role(user, *CASE_WORK_ROLES) and not oversees(user)


def require_break_glass(user: AnyUser) -> User:
    if not may_break_glass(user):
        raise Http404
    return user


def active_break_glass(user: AnyUser) -> QuerySet[BreakGlass]:
    """The user's uses that still open their person (none for anyone who may not ask)."""
    if not may_break_glass(user):
        return BreakGlass.objects.none()
    return BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())


def _opened_households(user: AnyUser) -> QuerySet[HouseholdMember, Any]:
    return HouseholdMember.objects.filter(
        person_id__in=active_break_glass(user).values("person_id"), left_on__isnull=True
    ).values("household_id")


def people_opened_by_break_glass(user: AnyUser) -> Q:
    """The people the user's active uses open (a Q on Person, read in the caller's query):
    each use's person and the current members of the households that person lives in now."""
    members = HouseholdMember.objects.filter(
        household_id__in=_opened_households(user), left_on__isnull=True
    ).values("person_id")
    return Q(pk__in=active_break_glass(user).values("person_id")) | Q(pk__in=members)


def households_opened_by_break_glass(user: AnyUser) -> Q:
    """The households the user's active uses open (a Q on Household)."""
    return Q(pk__in=_opened_households(user))


def break_glass_opening(user: AnyUser, person_ids: list[int]) -> BreakGlass | None:
    """The active use that opens these people for this user (the latest), for the banner of
    a page opened by break-glass."""
    households = HouseholdMember.objects.filter(
        person_id__in=person_ids, left_on__isnull=True
    ).values("household_id")
    members = HouseholdMember.objects.filter(
        household_id__in=households, left_on__isnull=True
    ).values("person_id")
    return (
        active_break_glass(user)
        .filter(Q(person_id__in=person_ids) | Q(person_id__in=members))
        .order_by("-expires_at")
        .first()
    )


def break_glass_opening_household(user: AnyUser, household_id: int) -> BreakGlass | None:
    """The active use that opens this household (its person lives in it now), for the banner."""
    members = HouseholdMember.objects.filter(
        household_id=household_id, left_on__isnull=True
    ).values("person_id")
    return active_break_glass(user).filter(person_id__in=members).order_by("-expires_at").first()


def own_break_glass(user: AnyUser) -> QuerySet[BreakGlass]:
    """「緊急時の閲覧」: the uses the user asked for, active and expired."""
    user = require_break_glass(user)
    return BreakGlass.objects.filter(user=user).select_related("person", "reviewed_by")


def break_glass_for_user(user: AnyUser) -> QuerySet[BreakGlass]:
    """The uses a user may read: their own, and every use for coordinators and auditors."""
    related = BreakGlass.objects.select_related("user", "organization", "person", "reviewed_by")
    if has_role(user, Role.COORDINATOR, Role.AUDITOR):
        return related
    return related.filter(user=require_break_glass(user))


def break_glass_use_for_user(user: AnyUser, pk: int) -> BreakGlass:
    return get_object_or_404(break_glass_for_user(user), pk=pk)


def break_glass_to_review(user: AnyUser) -> QuerySet[BreakGlass]:
    """The auditor's review queue: every use, of every organisation."""
    require_role(user, Role.AUDITOR)
    return BreakGlass.objects.select_related("user", "organization", "person", "reviewed_by")


def break_glass_to_review_rw(user: AnyUser, pk: int) -> BreakGlass:
    return get_object_or_404(break_glass_to_review(user), pk=pk)
