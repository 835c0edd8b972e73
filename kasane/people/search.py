"""What a people search leaves in the audit trail, for every page that searches people (the
people list, a consultation's 本人, a referral's candidates)."""

from __future__ import annotations

from typing import Any

from kasane.accounts.models import User
from kasane.audit.services import audit_standalone


def audit_person_search(
    *, actor: User, details: dict[str, Any], shown: int, hidden_match: bool
) -> None:
    """Record a search with its criteria and the number of rows shown and, when it matched
    someone the user may not see, that fact alone (no name, agency or count is shown)."""
    audit_standalone(actor=actor, action="person.search", details={**details, "shown": shown})
    if hidden_match:
        audit_standalone(actor=actor, action="person.hidden_match", details=details)
