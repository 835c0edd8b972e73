"""What a withdrawn consent ends in cases (registered with `kasane.people.consent`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.cases.models import CaseTeamMember, TeamRole
from kasane.people.consent import on_withdrawal
from kasane.people.models import Consent, Person


@on_withdrawal
def end_team_access(actor: User, person: Person, on: dt.date) -> None:
    """Access that rested on the consent ends with it (DOMAIN.md §5): organisations on the
    teams of this person's cases that joined on consent leave on the withdrawal date, unless
    another active consent still covers them. The registering organisation and coordination
    stay; the history stays."""
    members = (
        CaseTeamMember.objects.select_for_update()
        .filter(case__main_person=person, left_on__isnull=True)
        .exclude(organization_id=person.organization_id)
        .exclude(role=TeamRole.COORDINATION)
    )
    active = Consent.objects.filter(person=person, withdrawn_on__isnull=True)
    for member in members.select_related("organization", "case"):
        if active.filter(Q(all_organizations=True) | Q(organizations=member.organization)).exists():
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
