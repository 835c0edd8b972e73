"""The implementation plan (実施計画, issue 18): coordinators and admins read and keep it — the
plan, its projects, 取組, milestones and yearly progress, its printout and its Excel. It holds
no personal data; everyone else (case-work staff, community workers, referrers, auditors,
guests) gets 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kasane.access.roles import PLAN_ROLES, AnyUser, has_role, require_role
from kasane.accounts.models import User
from kasane.plan.models import ImplementationPlan, Indicator, Initiative, PlanProject


def plan_keeper(user: AnyUser) -> User:
    """The plan pages: coordinators and admins (404 for everyone else)."""
    return require_role(user, *PLAN_ROLES)


def may_keep_plan(user: AnyUser) -> bool:
    return has_role(user, *PLAN_ROLES)


def plans_for_user(user: AnyUser) -> QuerySet[ImplementationPlan]:
    plan_keeper(user)
    return ImplementationPlan.objects.all()


def plan_for_user(user: AnyUser, pk: int) -> ImplementationPlan:
    return get_object_or_404(plans_for_user(user), pk=pk)


def plan_project_for_user(user: AnyUser, pk: int) -> PlanProject:
    plan_keeper(user)
    return get_object_or_404(PlanProject.objects.select_related("plan"), pk=pk)


def initiative_for_user(user: AnyUser, pk: int) -> Initiative:
    plan_keeper(user)
    queryset = Initiative.objects.select_related("project__plan", "lead_organization")
    return get_object_or_404(queryset, pk=pk)


def indicators_for_user(user: AnyUser) -> QuerySet[Indicator]:
    """成果目標: coordinators and admins (the drill-down list behind an actual follows the
    record rules of each kind on top, see `kasane.plan.catalogue`)."""
    plan_keeper(user)
    return Indicator.objects.select_related("plan")


def indicator_for_user(user: AnyUser, pk: int) -> Indicator:
    return get_object_or_404(indicators_for_user(user), pk=pk)
