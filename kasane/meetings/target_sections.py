"""The meetings' section of an outreach target's page: the 支援会議 that discussed the target
the viewer may open, and for a coordinator the coming 支援会議 it could be put on."""

from __future__ import annotations

from typing import Any

from kasane.accounts.models import User
from kasane.meetings.selectors import target_meetings
from kasane.outreach.models import OutreachTarget
from kasane.outreach.sections import section


@section("meetings/_target_section.html", order=10)
def meetings_section(user: User, target: OutreachTarget) -> dict[str, Any] | None:
    return target_meetings(user, target)
