"""Retention and disposal (保存期間と廃棄, issue 19).

What is due for disposal (kind, number, organisation, dates — never content) is read by
coordinators, who propose disposal batches. Batches (counts and record numbers) are read by
coordinators and admins; an admin approves or returns a batch, never one they proposed
themselves (checked by the service, which says so), and the proposer may return their own.
Legal holds (訴訟・開示請求中) are placed and lifted by coordinators and admins. Everyone else —
case-work staff, community workers, referrers, auditors (who read the audit rows of all this),
guests — gets 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kasane.access.roles import RETENTION_ROLES, AnyUser, has_role, require_role
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.people.models import Person
from kasane.retention.models import BatchStatus, DisposalBatch, LegalHold


def require_due_reader(user: AnyUser) -> User:
    """The due list and proposing a batch: coordinators (404 for everyone else)."""
    return require_role(user, Role.COORDINATOR)


def may_propose_disposal(user: AnyUser) -> bool:
    return has_role(user, Role.COORDINATOR)


def disposal_batches_for_user(user: AnyUser) -> QuerySet[DisposalBatch]:
    require_role(user, *RETENTION_ROLES)
    return DisposalBatch.objects.select_related("proposed_by", "decided_by")


def disposal_batch_for_user(user: AnyUser, pk: int) -> DisposalBatch:
    return get_object_or_404(disposal_batches_for_user(user), pk=pk)


def may_approve_disposal(user: AnyUser, batch: DisposalBatch) -> bool:
    """Whether the page offers 承認: an admin, on a proposed batch someone else proposed."""
    return (
        has_role(user, Role.ADMIN)
        and batch.status == BatchStatus.PROPOSED
        and batch.proposed_by_id != user.pk
    )


def may_return_disposal(user: AnyUser, batch: DisposalBatch) -> bool:
    """差戻し: an admin, or the coordinator who proposed it, while it is proposed."""
    if batch.status != BatchStatus.PROPOSED:
        return False
    return has_role(user, Role.ADMIN) or (
        has_role(user, Role.COORDINATOR) and batch.proposed_by_id == user.pk
    )


def disposal_batch_to_approve(user: AnyUser, pk: int) -> DisposalBatch:
    """Approving: admins only (404 for everyone else; the service refuses self-approval)."""
    require_role(user, Role.ADMIN)
    return get_object_or_404(DisposalBatch, pk=pk)


def disposal_batch_for_user_rw(user: AnyUser, pk: int) -> DisposalBatch:
    """Approving or returning: an admin or a coordinator (the service refuses the rest with
    a message: self-approval, a batch no longer proposed)."""
    return get_object_or_404(disposal_batches_for_user(user), pk=pk)


def legal_holds_for_user(user: AnyUser) -> QuerySet[LegalHold]:
    require_role(user, *RETENTION_ROLES)
    return LegalHold.objects.select_related("person", "placed_by", "lifted_by")


def legal_hold_for_user_rw(user: AnyUser, pk: int) -> LegalHold:
    return get_object_or_404(legal_holds_for_user(user), pk=pk)


def person_to_hold(user: AnyUser, pk: int) -> Person:
    """A hold is placed on any person by number (a court or a disclosure request names them
    to the city, not to one organisation): coordinators and admins."""
    require_role(user, *RETENTION_ROLES)
    return get_object_or_404(Person, pk=pk)
