"""The meetings' section of the case page: the meetings about the case the viewer may open,
and for a coordinator the coming meetings the case could be put on."""

from __future__ import annotations

from typing import Any

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.cases.sections import section
from kasane.meetings.selectors import case_meetings


@section("meetings/_case_section.html", order=10, anchor="meetings", label="会議")
def meetings_section(user: User, case: Case) -> dict[str, Any]:
    return case_meetings(user, case)
