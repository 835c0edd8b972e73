"""The one place that decides who sees what (DOMAIN.md §5, STYLE.md).

Every view, export, PDF and API endpoint gets its records through the getters here. A user who
may not see a record gets "not found" (Http404), never "forbidden": the answer must not reveal
that the record exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseNote, CaseTeamMember
from kasane.intake.models import Consultation, IssueCode, Referral
from kasane.meetings.models import AgendaItem, Meeting, MeetingBody
from kasane.organizations.models import Area, Organization
from kasane.people.models import (
    Household,
    HouseholdMember,
    Person,
    RestrictionGrant,
    restricted_at_home,
)

AnyUser = User | AnonymousUser

# Roles whose work is with individual cases. Only these, coordinators and admins may ever see
# individual case data; community workers, referrers, auditors and meeting guests outside a
# meeting never do, whatever their organisation.
CASE_WORK_ROLES = frozenset({Role.CONSULTANT, Role.OUTREACH_WORKER, Role.PARTICIPATION_COORDINATOR})


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return not user.roles.isdisjoint(roles)


def require_role(user: AnyUser, *roles: str) -> None:
    if not has_role(user, *roles):
        raise Http404


def may_read_case_data(user: AnyUser) -> bool:
    """Whether the user's roles allow individual case data at all; the record-level rules
    (team membership, consent, meetings) come on top of this."""
    return has_role(user, Role.ADMIN, Role.COORDINATOR, *CASE_WORK_ROLES)


# --- Master data (admin) ----------------------------------------------------------------------


def organizations_for_admin(user: AnyUser) -> QuerySet[Organization]:
    require_role(user, Role.ADMIN)
    return Organization.objects.select_related("area")


def organization_for_user_rw(user: AnyUser, pk: int) -> Organization:
    return get_object_or_404(organizations_for_admin(user), pk=pk)


def areas_for_admin(user: AnyUser) -> QuerySet[Area]:
    require_role(user, Role.ADMIN)
    return Area.objects.select_related("parent")


def area_for_user_rw(user: AnyUser, pk: int) -> Area:
    return get_object_or_404(areas_for_admin(user), pk=pk)


def users_for_admin(user: AnyUser) -> QuerySet[User]:
    require_role(user, Role.ADMIN)
    return User.objects.select_related("organization").prefetch_related("role_assignments")


def issue_codes_for_admin(user: AnyUser) -> QuerySet[IssueCode]:
    require_role(user, Role.ADMIN)
    return IssueCode.objects.all()


def issue_code_for_user_rw(user: AnyUser, pk: int) -> IssueCode:
    return get_object_or_404(issue_codes_for_admin(user), pk=pk)


def user_for_user_rw(user: AnyUser, pk: int) -> User:
    return get_object_or_404(users_for_admin(user), pk=pk)


# --- People and households -------------------------------------------------------------------
#
# For now a person or household is visible to the case-work staff of the organisation that
# registered it, to coordinators and to admins. Later issues widen this through case teams and
# meetings, here and nowhere else.


def person_scope(user: AnyUser) -> int | None:
    """The organisation whose people this user sees, or None for all; 404 for roles without
    case work. Search uses it to filter its index without touching the person table."""
    if has_role(user, Role.ADMIN, Role.COORDINATOR):
        return None
    if has_role(user, *CASE_WORK_ROLES):
        return user.organization_id
    raise Http404


def _team_cases(organization_id: int) -> QuerySet[CaseTeamMember]:
    """The cases an organisation is on the team of, now."""
    return CaseTeamMember.objects.filter(
        organization_id=organization_id, left_on__isnull=True
    ).values("case_id")


def _team_households(organization_id: int) -> QuerySet[Case]:
    return Case.objects.filter(pk__in=_team_cases(organization_id), household__isnull=False).values(
        "household_id"
    )


def people_for_user(user: AnyUser) -> QuerySet[Person]:
    """The people the organisation registered, and the people of the cases it is on the team
    of (the main person and the current members of the case's household). Search looks only
    at the first; a team's people are reached through the case."""
    scope = person_scope(user)
    people = Person.objects.select_related("organization", "area")
    if scope is None:
        return people
    on_team = Q(pk__in=Case.objects.filter(pk__in=_team_cases(scope)).values("main_person_id")) | Q(
        pk__in=HouseholdMember.objects.filter(
            household_id__in=_team_households(scope), left_on__isnull=True
        ).values("person_id")
    )
    return people.filter(Q(organization_id=scope) | on_team)


def person_for_user(user: AnyUser, pk: int) -> Person:
    return get_object_or_404(people_for_user(user), pk=pk)


def may_change_registered(user: AnyUser, organization_id: int) -> bool:
    """Whether the user may change a person or household registered by this organisation
    (the `_rw` getters' rule, for pages that show a record read-only to a case team)."""
    return person_scope(user) in (None, organization_id)


def person_for_user_rw(user: AnyUser, pk: int) -> Person:
    """Changing a person is for the organisation that registered them (and coordinators and
    admins); a case team reads the people of its case but does not edit them."""
    scope = person_scope(user)
    people = Person.objects.select_related("organization", "area")
    return get_object_or_404(
        people if scope is None else people.filter(organization_id=scope), pk=pk
    )


def households_for_user(user: AnyUser) -> QuerySet[Household]:
    """Households, each annotated `is_restricted` when a current member is under 閲覧制限
    (then the household address is masked too)."""
    scope = person_scope(user)
    restricted_member = HouseholdMember.objects.filter(
        household=OuterRef("pk"), left_on__isnull=True, person__is_restricted=True
    )
    households = Household.objects.select_related("organization", "area").annotate(
        is_restricted=Exists(restricted_member)
    )
    if scope is None:
        return households
    return households.filter(Q(organization_id=scope) | Q(pk__in=_team_households(scope)))


def household_for_user(user: AnyUser, pk: int) -> Household:
    return get_object_or_404(households_for_user(user), pk=pk)


def household_for_user_rw(user: AnyUser, pk: int) -> Household:
    """As people: the registering organisation changes a household, a case team reads it."""
    scope = person_scope(user)
    households = households_for_user(user)
    if scope is not None:
        households = households.filter(organization_id=scope)
    return get_object_or_404(households, pk=pk)


def restricted_people_unmasked_for(user: AnyUser) -> QuerySet[RestrictionGrant]:
    """The grants that let this user see restricted addresses. Only an admin's explicit grant
    does: neither the role (admin, coordinator) nor the registering organisation is enough."""
    if not user.is_authenticated:
        return RestrictionGrant.objects.none()
    return RestrictionGrant.objects.filter(user=user, revoked_at__isnull=True)


def may_see_contact(user: AnyUser, person: Person) -> bool:
    """Whether the person's address and phone may be shown to this user unmasked."""
    if not person.is_restricted:
        return True
    return restricted_people_unmasked_for(user).filter(person=person).exists()


def may_see_home_contact(user: AnyUser, person: Person) -> bool:
    """Whether contact details about this person's home may be shown: the person and everyone
    restricted who lives with them must be granted to this user (a shared address would tell
    where the restricted person lives)."""
    restricted = set(restricted_at_home(person).values_list("person_id", flat=True))
    if person.is_restricted:
        restricted.add(person.pk)
    if not restricted:
        return True
    granted = restricted_people_unmasked_for(user).filter(person_id__in=restricted)
    return restricted <= set(granted.values_list("person_id", flat=True))


def may_act_on_referral(user: AnyUser, referral: Referral) -> bool:
    """受理, 対応中, 完了, 差戻し, linking: the receiving organisation's staff and coordinators."""
    return has_role(user, Role.COORDINATOR) or (
        has_role(user, *CASE_WORK_ROLES)
        and referral.receiver_organization_id == user.organization_id
    )


def may_link_people(user: AnyUser) -> bool:
    return has_role(user, Role.COORDINATOR)


def may_manage_restriction(user: AnyUser) -> bool:
    """Lifting a restriction and granting who may see through it are the admin's."""
    return has_role(user, Role.ADMIN)


# --- Intake: consultations and referrals ------------------------------------------------------
#
# A consultation is visible to the case-work staff of its receiving organisation, to
# coordinators and to admins. A referral's content is visible to the staff of the receiving
# organisation, to coordinators and to admins; its sender sees only its status (a referrer, a
# community worker: the sheets they sent themselves; case-work staff: what their organisation
# sent). Everyone else gets 404.

# Who may send a つなぐシート: anyone at a window who notices something.
SHEET_SENDER_ROLES = (Role.REFERRER, Role.COMMUNITY_WORKER, Role.COORDINATOR, *CASE_WORK_ROLES)


def consultations_for_user(user: AnyUser) -> QuerySet[Consultation]:
    scope = person_scope(user)
    consultations = Consultation.objects.select_related(
        "organization", "worker", "person", "household", "acknowledged_by"
    )
    return consultations if scope is None else consultations.filter(organization_id=scope)


def consultation_for_user(user: AnyUser, pk: int) -> Consultation:
    return get_object_or_404(consultations_for_user(user), pk=pk)


def consultation_for_user_rw(user: AnyUser, pk: int) -> Consultation:
    consultation = consultation_for_user(user, pk)
    if not may_record_consultation(user):
        raise Http404
    return consultation


def may_record_consultation(user: AnyUser) -> bool:
    """Coordinators and case-work staff receive consultations; an admin only reads them."""
    return has_role(user, Role.COORDINATOR, *CASE_WORK_ROLES) and user.organization_id is not None


def referrals_received_for_user(user: AnyUser) -> QuerySet[Referral]:
    """Referrals whose content this user may read."""
    scope = person_scope(user)
    referrals = Referral.objects.select_related(
        "sender_organization",
        "sender",
        "receiver_organization",
        "person",
        "acknowledged_by",
        "source_consultation__person",
    )
    return referrals if scope is None else referrals.filter(receiver_organization_id=scope)


def referral_for_user(user: AnyUser, pk: int) -> Referral:
    return get_object_or_404(referrals_received_for_user(user), pk=pk)


def referral_for_user_rw(user: AnyUser, pk: int) -> Referral:
    """Acting on a referral (受理, 差戻し, 完了…) is for its receiving organisation's staff and
    coordinators; an admin reads."""
    referral = referral_for_user(user, pk)
    if not may_act_on_referral(user, referral):
        raise Http404
    return referral


def may_send_sheet(user: AnyUser) -> bool:
    return has_role(user, *SHEET_SENDER_ROLES) and user.organization_id is not None


def referrals_sent_by_user(user: AnyUser) -> QuerySet[Referral]:
    """What the sender may follow: status and outcome only (the views show nothing else)."""
    if not may_send_sheet(user):
        raise Http404
    referrals = Referral.objects.select_related("receiver_organization")
    if has_role(user, Role.COORDINATOR, *CASE_WORK_ROLES):
        return referrals.filter(sender_organization_id=user.organization_id)
    return referrals.filter(sender=user)


# --- Cases ----------------------------------------------------------------------------------
#
# A case, its household, people, assessments, plans and notes are visible to the case-work
# staff of the organisations on its team (while they are on it), to coordinators and to
# admins. A sensitive note is read only by its author's organisation and coordinators.


def cases_for_user(user: AnyUser) -> QuerySet[Case]:
    scope = person_scope(user)
    cases = Case.objects.select_related("household", "main_person")
    return cases if scope is None else cases.filter(pk__in=_team_cases(scope))


def case_for_user(user: AnyUser, pk: int) -> Case:
    return get_object_or_404(cases_for_user(user), pk=pk)


def may_work_on_case(user: AnyUser, case: Case) -> bool:
    """Recording on a case (notes, assessment, plan drafts, team, status) is for coordinators
    and the case-work staff of organisations on its team; admins read."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, *CASE_WORK_ROLES)
        and case.team.filter(organization_id=user.organization_id, left_on__isnull=True).exists()
    )


def case_for_user_rw(user: AnyUser, pk: int) -> Case:
    case = case_for_user(user, pk)
    if not may_work_on_case(user, case):
        raise Http404
    return case


def may_approve_plan(user: AnyUser) -> bool:
    """Until meetings approve plans, the coordinator does."""
    return has_role(user, Role.COORDINATOR)


def notes_for_user(user: AnyUser, case: Case) -> QuerySet[CaseNote]:
    notes = CaseNote.objects.filter(case=case).select_related("author", "organization", "meeting")
    if has_role(user, Role.COORDINATOR):
        return notes
    if not has_role(user, *CASE_WORK_ROLES):
        return notes.filter(is_sensitive=False)  # an admin reads, but not sensitive notes
    return notes.filter(Q(is_sensitive=False) | Q(organization_id=user.organization_id))


# --- Meetings ---------------------------------------------------------------------------------
#
# A meeting is visible to its participants, coordinators and admins; 404 for everyone else.
# Coordinators convene and run meetings (schedule, participants, pledges, agenda, minutes);
# admins read. What a participant sees of the cases on the agenda is decided by
# `meetings.selectors.content_access` (pledge, meeting window), reached through
# `agenda_item_for_user` below: a meeting never opens any other case.

MEETING_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.MEETING_GUEST, *CASE_WORK_ROLES)


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    require_role(user, *MEETING_ROLES)
    meetings = Meeting.objects.select_related("convener", "body")
    if oversees_meetings(user):
        return meetings
    return meetings.filter(participants__user=user)


def meeting_for_user(user: AnyUser, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_user(user), pk=pk)


def oversees_meetings(user: AnyUser) -> bool:
    """Coordinators and admins see every meeting and its agenda (at a 支援会議 they take part in,
    after their pledge)."""
    return has_role(user, Role.ADMIN, Role.COORDINATOR)


def may_manage_meetings(user: AnyUser) -> bool:
    """Convening and running meetings is the coordinator's (DOMAIN.md §2)."""
    return has_role(user, Role.COORDINATOR)


def meeting_for_user_rw(user: AnyUser, pk: int) -> Meeting:
    if not may_manage_meetings(user):
        raise Http404
    return meeting_for_user(user, pk)


def agenda_item_for_user(user: AnyUser, meeting: Meeting, pk: int) -> AgendaItem:
    """An agenda item with its case, for a viewer the content rule lets see it now."""
    from kasane.meetings.selectors import content_access

    if not content_access(user, meeting, manages=oversees_meetings(user)).allowed:
        raise Http404
    return get_object_or_404(
        meeting.items.select_related("case__household", "case__main_person"), pk=pk
    )


def meeting_bodies_for_user(user: AnyUser) -> QuerySet[MeetingBody]:
    require_role(user, Role.ADMIN, Role.COORDINATOR)
    return MeetingBody.objects.select_related("convener").prefetch_related("members")


def meeting_body_for_user_rw(user: AnyUser, pk: int) -> MeetingBody:
    return get_object_or_404(meeting_bodies_for_user(user), pk=pk)


# --- Audit trail (auditor) --------------------------------------------------------------------


def audit_events_for_user(user: AnyUser) -> QuerySet[AuditEvent]:
    """Auditors read the trail. Admins do not: the people who change the system are not the
    ones who check it (separation of duties)."""
    require_role(user, Role.AUDITOR)
    return AuditEvent.objects.select_related("actor", "organization")
