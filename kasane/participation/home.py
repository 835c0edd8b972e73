"""参加支援's home-page card: the follow-ups due (1 week, 1 month, 3 months after 参加開始) on
the participation coordinator's team cases."""

from __future__ import annotations

from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.core.home import card
from kasane.participation import selectors


@card("participation", order=68)
def participation_follow_ups(user: User) -> selectors.HomeFollowUps | None:
    found = selectors.home_follow_ups(user)
    if found is not None and found.matches:
        # The card names people: record what it showed, as the lists do.
        audit_standalone(
            actor=user,
            action="participation.list",
            details={"via": "home", "shown": [match.pk for match in found.matches]},
            people=[match.person_id for match in found.matches],
        )
    return found
