"""Outreach (アウトリーチ).

A target and its contact attempts are visible to the case-work staff of the organisations
assigned to it (while assigned: `left_on` empty) and to coordinators, who record on it with
the assigned organisations' case-work staff. Everyone else — admins, community workers,
referrers, auditors, meeting guests, other organisations — gets 404: they
may report someone (a つなぐシート) but never read the watch list. A target linked to a person
does not open the person to anyone: the person's page keeps its own rule (`people.py`).
Coordinators and case-work staff (an outreach worker, a consultant) put someone on the list.
The year's figures (実績) are for coordinators, as the meetings' are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.access.roles import (
    CASE_WORK_ROLES,
    OVERSIGHT_ROLES,
    AnyUser,
    does_case_work,
    has_role,
    oversees,
)
from kasane.accounts.roles import Role
from kasane.outreach.models import OutreachAssignment, OutreachTarget


def assigned_targets(organization_id: int) -> QuerySet[OutreachAssignment, Any]:
    """The targets an organisation is assigned to now (as `target_id` values)."""
    return OutreachAssignment.objects.filter(
        organization_id=organization_id, left_on__isnull=True
    ).values("target_id")


def outreach_targets_for_user(user: AnyUser) -> QuerySet[OutreachTarget]:
    targets = OutreachTarget.objects.select_related("person", "area")
    if oversees(user):
        return targets
    if has_role(user, *CASE_WORK_ROLES) and user.organization_id is not None:
        return targets.filter(pk__in=assigned_targets(user.organization_id))
    raise Http404


def outreach_target_for_user(user: AnyUser, pk: int) -> OutreachTarget:
    return get_object_or_404(outreach_targets_for_user(user), pk=pk)


def may_work_on_target(user: AnyUser, target: OutreachTarget) -> bool:
    """Recording on a target (attempts, stage, assignments, closing) is for coordinators and
    the case-work staff of an organisation assigned to it now."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, *CASE_WORK_ROLES)
        and target.assignments.filter(
            organization_id=user.organization_id, left_on__isnull=True
        ).exists()
    )


def outreach_target_for_user_rw(user: AnyUser, pk: int) -> OutreachTarget:
    target = outreach_target_for_user(user, pk)
    if not may_work_on_target(user, target):
        raise Http404
    return target


def may_register_target(user: AnyUser) -> bool:
    """Coordinators and case-work staff (outreach workers, consultants) put someone on the
    watch list."""
    return does_case_work(user) and user.organization_id is not None


def may_see_outreach_figures(user: AnyUser) -> bool:
    """The year's figures count every organisation's targets: for coordinators (who read
    every target anyway), like the meetings' figures. Case-work staff read only
    their organisations' targets, so a city-wide count (with no small-count suppression)
    would tell them about targets they may not see: 404."""
    return has_role(user, *OVERSIGHT_ROLES)
