"""The home-page card of those who decide on 閲覧制限 grants (admins, coordinators): how many
proposals wait for them — not their own, nor those that would grant them (issue 19)."""

from __future__ import annotations

from kasane import access
from kasane.accounts.models import User
from kasane.core.home import card
from kasane.core.pagination import CappedCount, capped_count
from kasane.people.models import RestrictionGrant


@card("restriction_proposals", order=25)
def restriction_proposals(user: User) -> CappedCount | None:
    # A count and a link: no one is named, nothing to record of what the card showed.
    if not access.may_decide_restriction_grants(user):
        return None
    waiting = (
        RestrictionGrant.objects.pending()
        .filter(person__is_restricted=True)
        .exclude(proposed_by=user)
        .exclude(user=user)
    )
    return capped_count(waiting)
