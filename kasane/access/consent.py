"""Consent (DOMAIN.md §5: consent or a 支援会議 backs every share).

A person's record opens to an organisation other than the one that registered them only on
the person's *own* active consent that covers that organisation, or when that organisation's
place on the team of a case about them rests on a 支援会議 decision (the membership records the
meeting, whose members are under statutory confidentiality). One person's consent never opens
another's record: a household member without it appears to the team as 「同意のない世帯員」,
with no details (`people.people_shown_to`).

Meetings apply the same rule by kind: a 支援会議 shares without consent, under pledge; a
チーム会議 is the coordination team's own screening; a 重層的支援会議 shows and takes a person
only on their consent covering it, and another registered body on a consent that covers every
organisation (its members are not named in a consent).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kasane.access.roles import OVERSIGHT_ROLES, AnyUser, has_role
from kasane.cases.models import CaseTeamMember, TeamRole
from kasane.meetings.models import SHARES_WITHOUT_CONSENT, Meeting, MeetingKind
from kasane.organizations.models import Organization
from kasane.people.models import Consent, Person


def active_consents() -> QuerySet[Consent]:
    return Consent.objects.filter(withdrawn_on__isnull=True)


def consented_to(organization_id: int) -> QuerySet[Consent, Any]:
    """The people (as `person_id` values) whose active consent covers this organisation."""
    return (
        active_consents()
        .filter(Q(all_organizations=True) | Q(organizations=organization_id))
        .values("person_id")
    )


def consent_covers(person: Person, organization: Organization) -> bool:
    """Whether the person's own active consent lets this organisation share their record."""
    return consented_to(organization.pk).filter(person_id=person.pk).exists()


def memberships_on_consent(person: Person) -> QuerySet[CaseTeamMember]:
    """The current team memberships on this person's cases that did not come from a 支援会議
    decision (those never rested on consent, so a withdrawal does not end them)."""
    return CaseTeamMember.objects.filter(case__main_person=person, left_on__isnull=True).exclude(
        meeting__kind__in=SHARES_WITHOUT_CONSENT
    )


def memberships_resting_on(person: Person, consent: Consent) -> QuerySet[CaseTeamMember]:
    """The current team memberships through which an organisation saw the person only on this
    consent (now withdrawn): on the cases whose main person or current household member the
    person is, of organisations the consent covered and no other active consent of theirs
    covers — not the registering organisation, coordination (it oversees), nor memberships a
    支援会議 decided (they never rested on consent). One query."""
    members = (
        CaseTeamMember.objects.filter(left_on__isnull=True)
        .filter(
            Q(case__main_person_id=person.pk)
            | Q(
                case__household__members__person_id=person.pk,
                case__household__members__left_on__isnull=True,
            )
        )
        .exclude(organization_id=person.organization_id)
        .exclude(role=TeamRole.COORDINATION)
        .exclude(meeting__kind__in=SHARES_WITHOUT_CONSENT)
    )
    if not consent.all_organizations:
        members = members.filter(organization_id__in=consent.organizations.values("pk"))
    others = active_consents().filter(person_id=person.pk).exclude(pk=consent.pk)
    return members.exclude(
        Exists(
            others.filter(Q(all_organizations=True) | Q(organizations=OuterRef("organization_id")))
        )
    )


def _meeting_scope(kind: str) -> Q | None:
    """What a consent must cover for a meeting of this kind to take a person; None when the
    kind needs no consent (支援会議 under pledge, the coordination team's チーム会議)."""
    if kind == MeetingKind.JUSOU:
        return Q(covers_jusou_meeting=True)
    if kind == MeetingKind.OTHER:
        return Q(all_organizations=True)
    return None


def missing_meeting_consent(people: list[Person], kind: str) -> list[Person]:
    """The people without an active consent for a meeting of this kind (none when the kind
    needs no consent)."""
    scope = _meeting_scope(kind)
    if scope is None:
        return []
    consented = set(
        active_consents().filter(scope, person__in=people).values_list("person_id", flat=True)
    )
    return [person for person in people if person.pk not in consented]


def meeting_shows(user: AnyUser, meeting: Meeting, person_ids: Iterable[int]) -> set[int]:
    """The people of an agenda item a viewer may read about through the meeting: coordinators
    everyone; participants everyone at a meeting that needs no consent, otherwise
    those whose consent covers the meeting (a consent withdrawn after the case was put on the
    agenda hides the person again)."""
    ids = set(person_ids)
    scope = _meeting_scope(meeting.kind)
    if scope is None or not ids or has_role(user, *OVERSIGHT_ROLES):
        return ids
    return set(
        active_consents().filter(scope, person_id__in=ids).values_list("person_id", flat=True)
    )
