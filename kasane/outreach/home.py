"""The outreach home-page card: my organisation's targets whose next contact is today or has
passed, and those whose review falls due this month; a coordinator also sees the other
organisations' overdue targets nobody has identified or that raise an alert."""

from __future__ import annotations

from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.core.home import card
from kasane.outreach import selectors


@card("outreach", order=65)
def outreach_due(user: User) -> selectors.HomeTargets | None:
    targets = selectors.home_targets(user)
    if targets is None:
        return None
    today = timezone.localdate()
    for target in targets.due:
        target.is_overdue = target.next_contact_on is not None and target.next_contact_on < today
    shown = [*targets.due, *targets.review, *targets.watch]
    # The home page names people: record what it showed, as the list does.
    if shown:
        audit_standalone(
            actor=user,
            action="outreach.list",
            details={"via": "home", "shown": sorted({target.pk for target in shown})},
            people=[target.person_id for target in shown],
        )
    return targets
