"""Who may see through a 閲覧制限 (DV等支援措置), under a two-person rule (issue 19).

A restricted person's address and phone unmask only for a user holding a grant in force
(`people.restricted_people_unmasked_for`). An admin proposes a grant; another admin or a
coordinator approves or refuses it — never the admin who proposed it, never the user it would
unmask for — so no one can grant themselves. Admins and coordinators revoke grants.

Admins see no case content, so they manage grants from a register of the restricted people
that shows each one's name and registering organisation only, with the grants and proposals;
coordinators, who see every person anyway, use the same register. Everyone else gets 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kasane.access.roles import RESTRICTION_APPROVER_ROLES, AnyUser, has_role, require_role
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.people.models import Person, RestrictionGrant


def may_propose_restriction_grant(user: AnyUser) -> bool:
    """Proposing who may see through a restriction is the admin's (as lifting one is)."""
    return has_role(user, Role.ADMIN)


def may_decide_restriction_grants(user: AnyUser) -> bool:
    """Approving, refusing and revoking grants: admins and coordinators (the proposal itself
    says which of them may decide it: `may_approve_restriction_grant`)."""
    return has_role(user, *RESTRICTION_APPROVER_ROLES)


def may_approve_restriction_grant(user: AnyUser, grant: RestrictionGrant) -> bool:
    """The second person of the rule: an admin or a coordinator who neither proposed the
    grant nor would be granted by it, while it waits for a decision."""
    return (
        may_decide_restriction_grants(user)
        and grant.is_pending
        and user.pk not in (grant.proposed_by_id, grant.user_id)
    )


def restriction_register_user(user: AnyUser) -> User:
    """The user, when they may use the register of restricted people; 404 otherwise."""
    return require_role(user, *RESTRICTION_APPROVER_ROLES)


def restricted_people_for_user(user: AnyUser) -> QuerySet[Person]:
    """The restricted people, as name and registering organisation only: all an admin needs
    to propose a grant (the pages show nothing else of them)."""
    restriction_register_user(user)
    return (
        Person.objects.filter(is_restricted=True)
        .select_related("organization")
        .only(
            "family_name",
            "given_name",
            "family_kana",
            "given_kana",
            "is_restricted",
            "organization__name",
        )
    )


def restricted_person_for_user_rw(user: AnyUser, pk: int) -> Person:
    return get_object_or_404(restricted_people_for_user(user), pk=pk)


def restriction_grant_for_user_rw(user: AnyUser, pk: int) -> RestrictionGrant:
    """A grant or proposal, for those who decide on grants (404 for everyone else)."""
    restriction_register_user(user)
    grants = RestrictionGrant.objects.select_related("person", "user", "proposed_by")
    return get_object_or_404(grants, pk=pk)
