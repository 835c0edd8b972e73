"""Roles: who holds which role, and every set of roles a rule names (DOMAIN.md §2).

A rule that needs several roles names one of the sets below instead of spelling the roles out,
so that a set changes in one place. Inactive users hold no role.
"""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kasane.accounts.models import User
from kasane.accounts.roles import Role

AnyUser = User | AnonymousUser

# Roles whose work is with individual cases. Only these and coordinators ever see individual
# case data; admins, community workers, referrers, auditors and meeting guests outside a
# meeting never do, whatever their organisation.
CASE_WORK_ROLES = frozenset({Role.CONSULTANT, Role.OUTREACH_WORKER, Role.PARTICIPATION_COORDINATOR})

# The staff who work on cases: coordinators and case-work staff. They record consultations,
# act on referrals, are named as a case's or a plan item's worker and sit in a チーム会議.
CASE_STAFF_ROLES = frozenset({Role.COORDINATOR, *CASE_WORK_ROLES})

# The only roles that ever reach individual case data: the case staff. The admin manages the
# system (least privilege, issue 19) and reads no person, consultation, referral, case,
# meeting, outreach target or participation record unless they also hold one of these.
CASE_DATA_ROLES = CASE_STAFF_ROLES

# Those who oversee every organisation's records (every person, meeting and inbox): their
# rights come from the role, not from their organisation or a case team.
OVERSIGHT_ROLES = frozenset({Role.COORDINATOR})

# Retention and disposal: disposal batches (counts and record numbers, no content) and legal
# holds are read and kept by coordinators, who propose, and admins, who approve.
RETENTION_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

# Who decides on a proposal to let a user see a restricted (閲覧制限) address: another admin
# or a coordinator, never the proposer nor the user to be granted (`access/restrictions.py`).
RESTRICTION_APPROVER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

# Who may send a つなぐシート: anyone at a window who notices something.
SHEET_SENDER_ROLES = frozenset({Role.REFERRER, Role.COMMUNITY_WORKER, *CASE_STAFF_ROLES})

# Who may take part in a meeting as a Kasane user.
MEETING_ROLES = frozenset({Role.MEETING_GUEST, *CASE_DATA_ROLES})

# Community development (issue 17) names nobody on a case: it is read by everyone who works on
# cases or on the community, and by admins, and kept by community workers (their area) and
# coordinators. Individual case data stays out of it; the residents' names it holds (committee
# members, resident helpers) are for its keepers only, so admins do not keep it.
COMMUNITY_READER_ROLES = frozenset({*CASE_DATA_ROLES, Role.COMMUNITY_WORKER, Role.ADMIN})
COMMUNITY_KEEPER_ROLES = frozenset({Role.COORDINATOR, Role.COMMUNITY_WORKER})

# The city's own data for community development — boundary files, the statistics by area —
# names nobody: coordinators and admins load it.
CITY_DATA_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

# The implementation plan (実施計画, issue 18) is read and kept by coordinators and admins; it
# names nobody, but it is the city's internal plan of work. Community workers get the community
# figures (to come) through a set of their own, not the plan.
PLAN_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

# The dashboard (issue 18) has a variant per role (`access/dashboard.py`): coordinators the
# whole city, admins the city's totals, case-work staff their own work, community workers the
# community figures. Referrers, auditors and meeting guests have none.
DASHBOARD_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, *CASE_WORK_ROLES, Role.COMMUNITY_WORKER})

# The directory of 社会資源 holds no personal data: every case-work, coordinator, community and
# participation user and admins read it; participation coordinators, community workers,
# coordinators and admins keep it (issue 16). Referrers, auditors and meeting guests never
# reach it.
RESOURCE_READER_ROLES = frozenset({*CASE_DATA_ROLES, Role.COMMUNITY_WORKER, Role.ADMIN})
RESOURCE_EDITOR_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.COMMUNITY_WORKER, Role.PARTICIPATION_COORDINATOR}
)


# Every role reaches someone's personal data: case data, a つなぐシート's subject, the audit
# trail's names, a meeting's case summaries, committee members and resident helpers, or the
# staff's own accounts. KASANE_REQUIRE_2FA asks a second factor of all of them (issue 19).
PERSONAL_DATA_ROLES = frozenset(Role)


def has_role(user: AnyUser, *roles: str) -> TypeGuard[User]:
    """Whether the user is active and holds one of the roles; when it does, the user is signed
    in (a `User`), which lets callers read its organisation."""
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.roles.isdisjoint(roles)


def require_role(user: AnyUser, *roles: str) -> User:
    """404 unless the user holds one of the roles; the user, signed in, otherwise."""
    if not has_role(user, *roles):
        raise Http404
    return user


def may_read_case_data(user: AnyUser) -> TypeGuard[User]:
    """Whether the user's roles allow individual case data at all; the record-level rules
    (team membership, consent, meetings) come on top of this."""
    return has_role(user, *CASE_DATA_ROLES)


def does_case_work(user: AnyUser) -> TypeGuard[User]:
    """Whether the user works on cases (records, acts, is named as a worker)."""
    return has_role(user, *CASE_STAFF_ROLES)


def oversees(user: AnyUser) -> TypeGuard[User]:
    """Whether the user's role opens every organisation's records (coordinators)."""
    return has_role(user, *OVERSIGHT_ROLES)


def reaches_personal_data(user: AnyUser) -> TypeGuard[User]:
    """Whether the user's roles reach personal data, so that a required second factor applies."""
    return has_role(user, *PERSONAL_DATA_ROLES)
