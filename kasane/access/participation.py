"""参加支援 (participation support, issue 16).

Participation records (a person's wishes, matches, follow-ups) are case data: they are seen
by whoever may see the case — the case-work staff of the organisations on its team (while on
it) and coordinators — and recorded by coordinators and by the participation coordinators
(参加支援コーディネーター) of an organisation on the team. Everyone else (admins, community
workers, referrers, auditors, meeting guests, other organisations) gets 404.
An unmet need (足りない社会資源) names nobody; it is recorded from a case by the same people.
The year's figures count every organisation's cases: for coordinators, like the outreach and
meetings figures.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.cases import case_for_user, cases_for_user
from kasane.access.roles import OVERSIGHT_ROLES, AnyUser, has_role, may_read_case_data
from kasane.accounts.roles import Role
from kasane.cases.models import Case
from kasane.participation.models import Match


def participation_case_for_user(user: AnyUser, pk: int) -> Case:
    """A case whose participation records the user may read (404 otherwise)."""
    if not may_read_case_data(user):
        raise Http404
    return case_for_user(user, pk)


def may_record_participation(user: AnyUser, case: Case) -> bool:
    """Coordinators, and participation coordinators of an organisation on the case's team."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, Role.PARTICIPATION_COORDINATOR)
        and case.team.filter(organization_id=user.organization_id, left_on__isnull=True).exists()
    )


def participation_case_for_user_rw(user: AnyUser, pk: int) -> Case:
    case = participation_case_for_user(user, pk)
    if not may_record_participation(user, case):
        raise Http404
    return case


def matches_for_user(user: AnyUser) -> QuerySet[Match]:
    """The matches of the cases the user may see (404 for roles without case data)."""
    if not may_read_case_data(user):
        raise Http404
    matches = Match.objects.select_related(
        "case__household", "case__main_person", "person", "service__organization"
    )
    if has_role(user, *OVERSIGHT_ROLES):
        return matches
    return matches.filter(case__in=cases_for_user(user).values("pk"))


def match_for_user(user: AnyUser, pk: int) -> Match:
    return get_object_or_404(matches_for_user(user), pk=pk)


def match_for_user_rw(user: AnyUser, pk: int) -> Match:
    match = match_for_user(user, pk)
    if not may_record_participation(user, match.case):
        raise Http404
    return match


def may_see_participation_figures(user: AnyUser) -> bool:
    """The year's figures count every organisation's cases: coordinators."""
    return has_role(user, *OVERSIGHT_ROLES)
