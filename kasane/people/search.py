"""What a people search leaves in the audit trail, for every page that searches people (the
people list, a consultation's 本人, a referral's candidates)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kasane.accounts.models import User
from kasane.audit.services import audit_standalone, criteria_used


def audit_person_search(
    *,
    actor: User,
    terms: Mapping[str, Any],
    shown: Sequence[int],
    hidden_match: bool,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Record a search with the criteria used (never what was typed), the people it showed
    and, when it matched someone the user may not see, that fact alone (no name, agency or
    count is shown)."""
    recorded = {"criteria": criteria_used(terms), **(details or {})}
    audit_standalone(
        actor=actor,
        action="person.search",
        details={**recorded, "shown": len(shown)},
        people=shown,
    )
    if hidden_match:
        audit_standalone(actor=actor, action="person.hidden_match", details=recorded)
