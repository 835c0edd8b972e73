"""Consent and cases: what a withdrawn consent ends (registered with `kasane.people.consent`),
and the consent a plan records offered as the person's consent (recorded once)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.cases.models import SupportPlan, TeamRole
from kasane.people.consent import ConsentOffer, consent_offer, on_withdrawal
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
        .select_for_update(of=("self",))
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


def plan_consent_offer(user: User, plan: SupportPlan) -> ConsentOffer | None:
    """After a plan that records the person's consent (プラン兼利用申込書): its date and method,
    and as scope the organisations of its items and of the team, and the 重層的支援会議 that
    approves it."""
    if not (plan.consent_on and plan.consent_method):
        return None
    case = plan.case
    organizations = set(
        plan.items.exclude(organization=None).values_list("organization_id", flat=True)
    )
    organizations |= set(
        case.team.filter(left_on__isnull=True).values_list("organization_id", flat=True)
    )
    return consent_offer(
        user,
        case.main_person,
        source="支援プラン",
        given_on=plan.consent_on,
        method=plan.consent_method,
        organizations=organizations,
        back=reverse("cases:plan", args=[case.pk, plan.pk]),
    )
