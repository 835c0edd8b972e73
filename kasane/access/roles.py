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

# Roles whose work is with individual cases. Only these, coordinators and admins may ever see
# individual case data; community workers, referrers, auditors and meeting guests outside a
# meeting never do, whatever their organisation.
CASE_WORK_ROLES = frozenset({Role.CONSULTANT, Role.OUTREACH_WORKER, Role.PARTICIPATION_COORDINATOR})

# The staff who work on cases: coordinators and case-work staff. They record consultations,
# act on referrals, are named as a case's or a plan item's worker and sit in a チーム会議.
CASE_STAFF_ROLES = frozenset({Role.COORDINATOR, *CASE_WORK_ROLES})

# The only roles that ever reach individual case data: the case staff, and admins, who read.
CASE_DATA_ROLES = frozenset({Role.ADMIN, *CASE_STAFF_ROLES})

# Those who oversee every organisation's records (every person, meeting and inbox): their
# rights come from the role, not from their organisation or a case team.
OVERSIGHT_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})

# Who may send a つなぐシート: anyone at a window who notices something.
SHEET_SENDER_ROLES = frozenset({Role.REFERRER, Role.COMMUNITY_WORKER, *CASE_STAFF_ROLES})

# Who may take part in a meeting as a Kasane user.
MEETING_ROLES = frozenset({Role.MEETING_GUEST, *CASE_DATA_ROLES})

# Community development (issue 17) names nobody on a case: it is read by everyone who works on
# cases or on the community, and kept by community workers (their area), coordinators and
# admins. Individual case data stays out of it.
COMMUNITY_READER_ROLES = frozenset({*CASE_DATA_ROLES, Role.COMMUNITY_WORKER})
COMMUNITY_KEEPER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.COMMUNITY_WORKER})

# The plan and its figures (still to come) are for these roles.
PLAN_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.COMMUNITY_WORKER})

# The directory of 社会資源 holds no personal data: every case-work, coordinator, community and
# participation user reads it; participation coordinators, community workers, coordinators and
# admins keep it (issue 16). Referrers, auditors and meeting guests never reach it.
RESOURCE_READER_ROLES = frozenset({*CASE_DATA_ROLES, Role.COMMUNITY_WORKER})
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
    """Whether the user works on cases (records, acts, is named as a worker); an admin who
    only reads does not."""
    return has_role(user, *CASE_STAFF_ROLES)


def oversees(user: AnyUser) -> TypeGuard[User]:
    """Whether the user's role opens every organisation's records (coordinators, admins)."""
    return has_role(user, *OVERSIGHT_ROLES)


def reaches_personal_data(user: AnyUser) -> TypeGuard[User]:
    """Whether the user's roles reach personal data, so that a required second factor applies."""
    return has_role(user, *PERSONAL_DATA_ROLES)
