"""What a withdrawn consent ends in cases (registered with `kasane.people.consent`)."""

from __future__ import annotations

import datetime as dt

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.cases.models import TeamRole
from kasane.people.consent import on_withdrawal
from kasane.people.models import Person


@on_withdrawal
def end_team_access(actor: User, person: Person, on: dt.date) -> None:
    """Access that rested on the consent ends with it (DOMAIN.md §5): organisations on the
    teams of this person's cases that joined on consent leave on the withdrawal date, unless
    another active consent still covers them. The registering organisation, coordination and
    memberships a 支援会議 decided (they never rested on consent) stay; the history stays.
    Access to each household member follows that member's own consent
    (`access.people_shown_to`), so nothing else needs ending here."""
    members = (
        access.memberships_on_consent(person)
        .select_for_update()
        .exclude(organization_id=person.organization_id)
        .exclude(role=TeamRole.COORDINATION)
    )
    for member in members.select_related("organization", "case"):
        if access.consent_covers(person, member.organization):
            continue
        member.left_on = max(on, member.joined_on)
        member.save(update_fields=["left_on"])
        audit_record(
            actor=actor,
            action="case.team_leave",
            target=member.case,
            reason="同意撤回",
            details={"organization": member.organization.name, "role": member.role},
        )
