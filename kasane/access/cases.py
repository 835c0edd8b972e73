"""Cases.

A case, its household, people, assessments, plans and notes are visible to the case-work
staff of the organisations on its team (while they are on it) and to coordinators, who record
on it. Admins never see it (issue 19). A sensitive note is read only by its author's
organisation and coordinators.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.people import person_scope, team_cases
from kasane.access.roles import (
    CASE_STAFF_ROLES,
    CASE_WORK_ROLES,
    AnyUser,
    has_role,
    may_read_case_data,
)
from kasane.accounts.roles import Role
from kasane.cases.models import ENDED_STATUSES, Case, CaseNote


def cases_for_user(user: AnyUser) -> QuerySet[Case]:
    scope = person_scope(user)
    cases = Case.objects.select_related("household", "main_person")
    return cases if scope is None else cases.filter(pk__in=team_cases(scope))


def case_for_user(user: AnyUser, pk: int) -> Case:
    return get_object_or_404(cases_for_user(user), pk=pk)


def may_see_case(user: AnyUser, pk: int) -> bool:
    """Whether the user may open this case now (after leaving its team, they may not)."""
    return may_read_case_data(user) and cases_for_user(user).filter(pk=pk).exists()


def may_work_on_case(user: AnyUser, case: Case) -> bool:
    """Recording on a case (notes, assessment, plan drafts, team, status) is for coordinators
    and the case-work staff of organisations on its team."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, *CASE_WORK_ROLES)
        and case.team.filter(organization_id=user.organization_id, left_on__isnull=True).exists()
    )


def case_for_user_rw(user: AnyUser, pk: int) -> Case:
    case = case_for_user(user, pk)
    if not may_work_on_case(user, case):
        raise Http404
    return case


def may_approve_plan(user: AnyUser) -> bool:
    """Until meetings approve plans, the coordinator does."""
    return has_role(user, Role.COORDINATOR)


def notes_for_user(user: AnyUser, case: Case) -> QuerySet[CaseNote]:
    notes = CaseNote.objects.filter(case=case).select_related("author", "organization", "meeting")
    if has_role(user, Role.COORDINATOR):
        return notes
    if not has_role(user, *CASE_WORK_ROLES):
        return notes.none()
    return notes.filter(Q(is_sensitive=False) | Q(organization_id=user.organization_id))


def cases_to_attach(user: AnyUser, person_id: int | None) -> QuerySet[Case]:
    """The open cases about this person (as main person or current household member) that the
    user may record on: where a つなぎ about them may be attached (coordinators: any)."""
    if person_id is None or not has_role(user, *CASE_STAFF_ROLES):
        return Case.objects.none()
    about = Q(main_person_id=person_id) | Q(
        household__members__person_id=person_id, household__members__left_on__isnull=True
    )
    cases = cases_for_user(user).filter(about).exclude(status__in=ENDED_STATUSES).distinct()
    if has_role(user, Role.COORDINATOR):
        return cases.order_by("-opened_on", "-pk")
    return cases.filter(
        team__organization_id=user.organization_id, team__left_on__isnull=True
    ).order_by("-opened_on", "-pk")
