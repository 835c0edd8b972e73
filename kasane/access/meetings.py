"""Meetings.

A meeting is visible to its participants and coordinators; 404 for everyone else, admins
included. Coordinators convene and run meetings (schedule, participants, pledges, agenda,
minutes). What a viewer sees of the cases on the agenda is `content_access` (pledge,
meeting window), checked again by `agenda_item_for_user`: a meeting never opens any other
case. An outreach target on a 支援会議's agenda (someone with no case) follows the same rule:
the participants read its summary within the window, never the target's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kasane.access.roles import MEETING_ROLES, OVERSIGHT_ROLES, AnyUser, has_role, require_role
from kasane.accounts.roles import Role
from kasane.meetings.models import (
    AgendaItem,
    ConfidentialityPledge,
    Meeting,
    MeetingBody,
    MeetingParticipant,
)


def oversees_meetings(user: AnyUser) -> bool:
    """Coordinators see every meeting and its agenda (at a 支援会議 they take part in,
    after their pledge)."""
    return has_role(user, *OVERSIGHT_ROLES)


def meetings_for_user(user: AnyUser) -> QuerySet[Meeting]:
    participant = require_role(user, *MEETING_ROLES)
    meetings = Meeting.objects.select_related("convener", "body")
    if oversees_meetings(participant):
        return meetings
    return meetings.filter(participants__user=participant)


def meeting_for_user(user: AnyUser, pk: int) -> Meeting:
    return get_object_or_404(meetings_for_user(user), pk=pk)


def may_manage_meetings(user: AnyUser) -> bool:
    """Convening and running meetings is the coordinator's (DOMAIN.md §2)."""
    return has_role(user, Role.COORDINATOR)


def meeting_for_user_rw(user: AnyUser, pk: int) -> Meeting:
    if not may_manage_meetings(user):
        raise Http404
    return meeting_for_user(user, pk)


def meeting_bodies_for_user(user: AnyUser) -> QuerySet[MeetingBody]:
    require_role(user, *OVERSIGHT_ROLES)
    return MeetingBody.objects.select_related("convener").prefetch_related("members")


def meeting_body_for_user_rw(user: AnyUser, pk: int) -> MeetingBody:
    return get_object_or_404(meeting_bodies_for_user(user), pk=pk)


# --- Pledges and what a participant may see ---------------------------------------------------


def pledges_for(
    participant: MeetingParticipant, meeting: Meeting
) -> QuerySet[ConfidentialityPledge]:
    """The pledges that cover this participant at this meeting: one for the meeting, or, for a
    user, a period that includes the meeting's day."""
    for_meeting = Q(meeting=meeting) & (
        Q(participant=participant) | Q(user_id=participant.user_id, user__isnull=False)
    )
    if participant.user_id is None:
        return ConfidentialityPledge.objects.filter(for_meeting)
    day = meeting.starts_on
    for_period = Q(
        user_id=participant.user_id,
        meeting__isnull=True,
        valid_from__lte=day,
        valid_until__gte=day,
    )
    return ConfidentialityPledge.objects.filter(for_meeting | for_period)


def has_pledge(participant: MeetingParticipant, meeting: Meeting) -> bool:
    return pledges_for(participant, meeting).exists()


@dataclass(frozen=True)
class ContentAccess:
    """Whether the viewer may see the cases on the agenda now, and if not, why."""

    allowed: bool
    reason: str = ""  # no_pledge, before_start, window_over, cancelled
    participant: MeetingParticipant | None = None

    @property
    def message(self) -> str:
        return {
            "no_pledge": "守秘義務の誓約が記録されるまで、議題のケースの内容は表示されません。",
            "before_start": "議題のケースの内容は、会議の開始時刻から表示されます。",
            "window_over": (
                "閲覧できる期間（会議の日から一定の日数）が過ぎたため、"
                "議題のケースの内容は表示されません。"
            ),
            "cancelled": "この会議は中止されました。",
        }.get(self.reason, "")


def content_access(
    user: AnyUser,
    meeting: Meeting,
    *,
    manages: bool,
    now: dt.datetime | None = None,
    pledged: bool | None = None,
) -> ContentAccess:
    """The one rule for agenda content (DOMAIN.md §5): coordinators see it; at a
    支援会議 a participant — any participant, coordinators too — first needs a pledge on record;
    other participants see it from the start of the meeting until the end of its window."""
    now = now or timezone.now()
    participant = next((p for p in meeting.participants.all() if p.user_id == user.pk), None)
    if pledged is None and participant is not None and meeting.needs_pledge:
        pledged = has_pledge(participant, meeting)
    if participant is not None and meeting.needs_pledge and not pledged:
        return ContentAccess(False, "no_pledge", participant)
    if manages:
        return ContentAccess(True, "", participant)
    if meeting.is_cancelled:
        return ContentAccess(False, "cancelled", participant)
    if not meeting.has_started(now):
        return ContentAccess(False, "before_start", participant)
    if now > meeting.guest_window_ends():
        return ContentAccess(False, "window_over", participant)
    return ContentAccess(True, "", participant)


def agenda_item_for_user(user: AnyUser, meeting: Meeting, pk: int) -> AgendaItem:
    """An agenda item with its case or outreach target, for a viewer the content rule lets see
    it now."""
    if not content_access(user, meeting, manages=oversees_meetings(user)).allowed:
        raise Http404
    return get_object_or_404(
        meeting.items.select_related(
            "case__household",
            "case__main_person",
            "outreach_target__person",
            "outreach_target__area",
        ),
        pk=pk,
    )
