"""The dashboard (issue 18): one page, a variant per role, each showing only counts.

- **city** — coordinators: every catalogue count of the city for the year, the 成果目標 against
  their targets, monthly trends; numbers open the indicator pages and their drill-down lists
  (which follow the record rules).
- **totals** — admins: the same city-wide totals, the targets and the trends, but no list of
  records behind a number (admins read no case content, issue 19).
- **organization** — case-work staff (consultants, outreach and participation staff): for each
  catalogue count, the records behind it that this user may see (the normal record rules of
  `kasane.access`, so their own organisation's work), and their organisation's open workload.
- **community** — community workers: the community figures of the year and the counts from
  daily work in their area, through the one small-count suppression rule.

A user holding several roles has several variants and chooses among them. Referrers, auditors
and meeting guests have none: 404.
"""

from __future__ import annotations

from enum import StrEnum

from django.http import Http404

from kasane.access.roles import (
    CASE_WORK_ROLES,
    OVERSIGHT_ROLES,
    AnyUser,
    has_role,
)
from kasane.accounts.roles import Role


class DashboardVariant(StrEnum):
    CITY = "city"
    TOTALS = "totals"
    ORGANIZATION = "organization"
    COMMUNITY = "community"


def dashboard_variants(user: AnyUser) -> list[DashboardVariant]:
    """The variants this user may open, the widest first. A coordinator's city view already
    holds everything the admin's totals and an organisation's view would show."""
    if has_role(user, *OVERSIGHT_ROLES):
        variants = [DashboardVariant.CITY]
    elif has_role(user, Role.ADMIN):
        variants = [DashboardVariant.TOTALS]
        if has_role(user, *CASE_WORK_ROLES):
            variants.append(DashboardVariant.ORGANIZATION)
    elif has_role(user, *CASE_WORK_ROLES):
        variants = [DashboardVariant.ORGANIZATION]
    else:
        variants = []
    if has_role(user, Role.COMMUNITY_WORKER):
        variants.append(DashboardVariant.COMMUNITY)
    return variants


def may_see_dashboard(user: AnyUser) -> bool:
    return bool(dashboard_variants(user))


def dashboard_variant(user: AnyUser, requested: str | None = None) -> DashboardVariant:
    """The variant to show: the one asked for when the user has it, else their first; 404 for
    a user with none."""
    variants = dashboard_variants(user)
    if not variants:
        raise Http404
    for variant in variants:
        if variant.value == requested:
            return variant
    return variants[0]
