"""The home-page card of community workers and participation coordinators: the resources to
check again in their organisation's area (every area when it has none), oldest first."""

from __future__ import annotations

from kasane.accounts.models import User
from kasane.core.home import card
from kasane.resources import selectors


@card("resources", order=70)
def resources_to_check(user: User) -> selectors.HomeStale | None:
    # No personal data: nothing to record of what the card showed.
    return selectors.home_stale(user)
