"""The meetings home-page card: the meetings the user takes part in from today on."""

from __future__ import annotations

from kasane import access
from kasane.accounts.models import User
from kasane.core.home import card
from kasane.meetings.selectors import upcoming_for


@card("meetings", order=70)
def my_meetings(user: User) -> list | None:
    """Date, place and the number of agenda items only (a guest sees no more before a meeting
    starts)."""
    if not access.has_role(user, *access.MEETING_ROLES):
        return None
    return upcoming_for(user, access.meetings_for_user(user))
