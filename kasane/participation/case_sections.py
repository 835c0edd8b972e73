"""参加支援's section of the case page: the people's wishes and matches, shown when the case
uses 参加支援 or has matches (the case page has already asked `kasane.access`)."""

from __future__ import annotations

from typing import Any

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.cases.sections import section
from kasane.participation.selectors import case_participation


@section("participation/_case_section.html", order=20, anchor="participation", label="参加支援")
def participation_section(user: User, case: Case) -> dict[str, Any] | None:
    found = case_participation(user, case)
    if not found.uses_participation and not found.matches:
        return None
    return {"participation": found}
