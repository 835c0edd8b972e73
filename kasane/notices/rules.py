"""What notifies whom (お知らせの規則): every rule in one place, one function each, its docstring
saying who is told.

Each rule is called by the service that makes the change, inside its transaction, and writes
through `services.notify` (urgent matters also queue their chat message with `services.chat`):
a refused or rolled-back change leaves no notice and sends nothing. `notify` leaves out the
actor (nobody is told of what they did themselves), inactive users and those who turned the
kind off. The background jobs (`intake/jobs.py`, `cases/jobs.py`) call the rules of what falls
due; each of those notices comes once (`once_key`), not every day.

Notices sit below people, intake, cases and meetings: the rules read the records they are
given and their relations, and name those apps' models in annotations only. A text says what
happened — never a name, an address or anything typed — and the notice links to the record,
whose page applies the access rules when it is opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from kasane import access
from kasane.accounts.models import User
from kasane.notices import services
from kasane.notices.kinds import Kind, TargetType
from kasane.notices.models import Notice
from kasane.notices.recipients import (
    case_staff,
    case_staff_and_coordinators,
    coordinators,
    coordinators_and_auditors,
    is_named,
    restriction_approvers,
    staff_by_organization,
    worker_or_staff,
)

if TYPE_CHECKING:  # the apps above notices pass their records in
    from kasane.breakglass.models import BreakGlass
    from kasane.cases.models import Case, CaseNote, CaseTeamMember, SupportPlan
    from kasane.intake.models import Consultation, Referral
    from kasane.meetings.models import Decision, Meeting
    from kasane.outreach.models import OutreachTarget
    from kasane.people.models import Consent, Person, RestrictionGrant


# --- つなぎ and 相談受付 ----------------------------------------------------------------------


def referral_received(*, actor: User, referral: Referral) -> int:
    """A つなぎ of any kind (つなぐシート, agency to agency, request to coordination, つなぎ戻し)
    arrives: the case staff of the receiving organisation are told. An urgent one says so;
    coordinators hear of it only if nobody acknowledges it in time
    (`urgent_referral_overdue`)."""
    urgent = "緊急の" if referral.is_urgent else ""
    return services.notify(
        kind=Kind.REFERRAL_RECEIVED,
        recipients=case_staff([referral.receiver_organization_id]),
        text=f"{urgent}つなぎ（{referral.get_kind_display()}）が届きました",
        target=(TargetType.REFERRAL, referral.pk),
        actor=actor,
    )


def referral_status_changed(*, actor: User, referral: Referral) -> int:
    """The receiver moves a つなぎ on (受理, 対応中, 完了 with its outcome, 差戻し, or a case is
    opened from it: 支援開始): the user who sent it is told what their sent list now says. A
    step the sender takes themselves (取り下げ) tells nobody."""
    return services.notify(
        kind=Kind.REFERRAL_STATUS,
        recipients=User.objects.filter(pk=referral.sender_id),
        text=f"送ったつなぎが「{referral.status_label}」になりました",
        target=(TargetType.SENT_REFERRAL, referral.pk),
        actor=actor,
    )


def urgent_consultation(*, actor: User, consultation: Consultation) -> int:
    """An urgent consultation is recorded, or a recorded one becomes urgent: every coordinator
    and the case staff of the receiving organisation are told, and that organisation's chat
    carries 「緊急の相談が1件あります」 with the link. Once per consultation."""
    key = f"urgent_consultation:{consultation.pk}"
    services.chat(
        kind=Kind.URGENT_CONSULTATION,
        organization=consultation.organization,
        path=reverse("consultations:detail", args=[consultation.pk]),
        once_key=key,
    )
    return services.notify(
        kind=Kind.URGENT_CONSULTATION,
        recipients=case_staff_and_coordinators([consultation.organization_id]),
        text="緊急の相談が届きました",
        target=(TargetType.CONSULTATION, consultation.pk),
        actor=actor,
        once_key=key,
    )


def urgent_referral_overdue(*, referral: Referral) -> int:
    """An urgent つなぎ is still not acknowledged (受理) when it is due (`KASANE_ACK_BUSINESS_DAYS`,
    as the inbox marks it 期限切れ): the receiving organisation's case staff and every
    coordinator are told, and the receiving organisation's chat carries it. Once per
    referral (a background job, `intake/jobs.py`)."""
    key = f"urgent_referral_overdue:{referral.pk}"
    services.chat(
        kind=Kind.URGENT_REFERRAL_OVERDUE,
        organization=referral.receiver_organization,
        path=reverse("referrals:detail", args=[referral.pk]),
        once_key=key,
    )
    return services.notify(
        kind=Kind.URGENT_REFERRAL_OVERDUE,
        recipients=case_staff_and_coordinators([referral.receiver_organization_id]),
        text="緊急のつなぎが受理の期限を過ぎています",
        target=(TargetType.REFERRAL, referral.pk),
        once_key=key,
    )


# --- The case team ----------------------------------------------------------------------------


def team_joined(*, actor: User, member: CaseTeamMember) -> int:
    """An organisation joins a case's team, as 主担当 (also when the case is opened) or in
    another role: the worker named on the membership is told, or else the organisation's case
    staff (not when one of them did it). A membership a meeting decided is told by
    `meeting_role_decided` instead."""
    if member.is_lead:
        text = "主担当になりました"
    else:
        text = f"チームに加わりました（{member.get_role_display()}）"
    return services.notify(
        kind=Kind.CASE_TEAM,
        recipients=worker_or_staff(member.worker, member.organization_id, actor=actor),
        text=text,
        target=(TargetType.CASE, member.case_id),
        actor=actor,
    )


def team_left(*, actor: User, member: CaseTeamMember) -> int:
    """An organisation leaves a case's team (離脱): the worker named on the membership is told,
    or else the organisation's case staff (not when one of them did it); they no longer see the
    case. Memberships ended by a consent withdrawal are told by `consent_withdrawn`."""
    return services.notify(
        kind=Kind.CASE_TEAM,
        recipients=worker_or_staff(member.worker, member.organization_id, actor=actor),
        text="チームから外れました",
        target=(TargetType.CASE, member.case_id),
        actor=actor,
    )


def consent_withdrawn(*, actor: User, person: Person, consent: Consent) -> int:
    """A person withdraws a consent: the case staff of each organisation that saw them on a
    case only through it (`access.memberships_resting_on`: on the team of a case whose main
    person or household member they are) are told, one notice per case. Where they are the
    main person, those memberships end (`cases/consent.py`), and the text says so."""
    memberships = list(
        access.memberships_resting_on(person, consent)
        .values_list("case_id", "organization_id", "case__main_person_id")
        .distinct()
    )
    if not memberships:
        return 0
    staff = staff_by_organization({organization for _, organization, _ in memberships})
    by_case: dict[tuple[int, bool], list[User]] = {}
    for case_id, organization_id, main_person_id in memberships:
        told = by_case.setdefault((case_id, main_person_id == person.pk), [])
        told += staff.get(organization_id, [])
    written = 0
    for (case_id, is_main), recipients in sorted(by_case.items()):
        written += services.notify(
            kind=Kind.CONSENT_WITHDRAWN,
            recipients=recipients,
            text=(
                "本人の同意が撤回され、チームから外れました"
                if is_main
                else "世帯員の同意が撤回されました"
            ),
            target=(TargetType.CASE, case_id),
            actor=actor,
        )
    return written


def restriction_grant_proposed(*, actor: User, grant: RestrictionGrant) -> int:
    """An admin proposes that a user may see a restricted person's address: the admins and
    coordinators who may approve it are told (not the proposer, not the user it is for —
    neither may approve it). The notice links to the register, which names the person."""
    recipients = restriction_approvers().exclude(pk=grant.user_id)
    return services.notify(
        kind=Kind.RESTRICTION_PROPOSED,
        recipients=recipients,
        text="閲覧制限の住所・電話の閲覧許可が申請されました（承認待ち）",
        target=(TargetType.RESTRICTED_PERSON, grant.person_id),
        actor=actor,
    )


# --- Meetings ---------------------------------------------------------------------------------


def _participants(meeting: Meeting) -> Iterable[User]:
    """The meeting's participants who are Kasane users (outside participants get no notice)."""
    return User.objects.filter(meeting_participations__meeting=meeting, is_active=True)


def meeting_invited(*, actor: User, meeting: Meeting, users: Iterable[User]) -> int:
    """Users are added to a meeting's participants: each of them is told (not the outside
    participants, who are not Kasane users)."""
    return services.notify(
        kind=Kind.MEETING,
        recipients=users,
        text="会議に招集されました",
        target=(TargetType.MEETING, meeting.pk),
        actor=actor,
    )


def meeting_changed(*, actor: User, meeting: Meeting, fields: Iterable[str]) -> int:
    """A meeting's date and time or its place changes: its participants are told. Other
    corrections (the title, the body) tell nobody."""
    changed = set(fields)
    when = bool(changed & {"starts_at", "duration_minutes"})
    where = bool(changed & {"place", "is_online"})
    if not (when or where):
        return 0
    what = "日時と場所" if when and where else "日時" if when else "場所"
    return services.notify(
        kind=Kind.MEETING,
        recipients=_participants(meeting),
        text=f"会議の{what}が変更されました",
        target=(TargetType.MEETING, meeting.pk),
        actor=actor,
    )


def meeting_cancelled(*, actor: User, meeting: Meeting) -> int:
    """A meeting is cancelled (中止): its participants are told."""
    return services.notify(
        kind=Kind.MEETING,
        recipients=_participants(meeting),
        text="会議が中止されました",
        target=(TargetType.MEETING, meeting.pk),
        actor=actor,
    )


def meeting_role_decided(*, actor: User, decision: Decision, joined: bool) -> int:
    """A confirmed meeting decision (役割分担) puts an organisation on a case's team, gives it
    a task (担うこと), or both: the worker the decision names is told, or else the
    organisation's case staff (not the coordinator's colleagues when it is theirs)."""
    case_id = decision.item.case_id
    if decision.organization_id is None or case_id is None or not (joined or decision.task):
        return 0
    if joined and decision.task:
        text = f"会議の決定で{decision.role_label}の役割になり、担うことが決まりました"
    elif joined:
        text = f"会議の決定で{decision.role_label}の役割になりました"
    else:
        text = "会議の決定で担うことが決まりました"
    return services.notify(
        kind=Kind.MEETING_TASK,
        recipients=worker_or_staff(decision.worker, decision.organization_id, actor=actor),
        text=text,
        target=(TargetType.CASE, case_id),
        actor=actor,
    )


def meeting_outreach_assigned(
    *, actor: User, decision: Decision, target: OutreachTarget, joined: bool
) -> int:
    """A confirmed 支援会議 decision (役割分担) on an outreach target assigns an organisation to
    it, gives it a task, or both: the worker the decision names is told, or else the
    organisation's case staff (as a case's 役割分担)."""
    if decision.organization_id is None or not (joined or decision.task):
        return 0
    if joined:
        text = "会議の決定でアウトリーチ対象の担当になりました"
    else:
        text = "会議の決定でアウトリーチ対象について担うことが決まりました"
    return services.notify(
        kind=Kind.MEETING_TASK,
        recipients=worker_or_staff(decision.worker, decision.organization_id, actor=actor),
        text=text,
        target=(TargetType.OUTREACH_TARGET, target.pk),
        actor=actor,
    )


def _lead_people(case: Case, actor: User) -> Iterable[User]:
    """The current 主担当's named worker, or else its organisation's case staff."""
    lead = next(
        (member for member in case.team.all() if member.is_lead and not member.left_on), None
    )
    if lead is None:
        return []
    return worker_or_staff(lead.worker, lead.organization_id, actor=actor)


def meeting_monitoring_decided(*, actor: User, case: Case) -> int:
    """A confirmed meeting decision sets a case's next monitoring date: the 主担当 is told (its
    named worker, or else its organisation's case staff)."""
    return services.notify(
        kind=Kind.MEETING_TASK,
        recipients=_lead_people(case, actor),
        text="会議の決定でモニタリング予定日が決まりました",
        target=(TargetType.CASE, case.pk),
        actor=actor,
    )


def plan_approved(*, actor: User, plan: SupportPlan) -> int:
    """A support plan is approved (at a 重層的支援会議 or 持ち回り): each organisation an item
    names as 担当 is told it has a part in it — the worker the item names, or else the
    organisation's case staff (not the approver's colleagues for their own organisation's
    items). One notice per person, however many items they carry."""
    items = list(plan.items.all())
    named = {item.worker for item in items if is_named(item.worker, item.organization_id)}
    unnamed = {
        item.organization_id
        for item in items
        if not is_named(item.worker, item.organization_id)
        and item.organization_id != actor.organization_id
    }
    staff = staff_by_organization(unnamed) if unnamed else {}
    recipients = {user.pk: user for user in named}
    for users in staff.values():
        recipients.update({user.pk: user for user in users})
    return services.notify(
        kind=Kind.PLAN_ROLE,
        recipients=recipients.values(),
        text=f"支援プラン第{plan.version}版が承認されました（担当する支援があります）",
        target=(TargetType.CASE, plan.case_id),
        actor=actor,
    )


# --- What falls due (background jobs) ---------------------------------------------------------


@dataclass(frozen=True)
class _Once:
    """One notice to write once: to whom, under which key."""

    key: str
    text: str
    target: tuple[str, int]
    recipients: list[User]


def _notify_once(kind: str, planned: Sequence[_Once]) -> int:
    """Write each planned notice to those of its recipients who have not had it (one query
    finds who has, through the `notice_once` index), so a job that runs every few minutes
    writes nothing the second time."""
    users = {user.pk for once in planned for user in once.recipients}
    keys = {once.key for once in planned}
    had = set(
        Notice.objects.filter(recipient_id__in=users, once_key__in=keys).values_list(
            "recipient_id", "once_key"
        )
    )
    written = 0
    for once in planned:
        fresh = [user for user in once.recipients if (user.pk, once.key) not in had]
        if fresh:
            written += services.notify(
                kind=kind, recipients=fresh, text=once.text, target=once.target, once_key=once.key
            )
    return written


def _due_or_overdue(day: dt.date, today: dt.date) -> str:
    return "due" if day >= today else "overdue"


def note_actions_due(*, notes: Sequence[CaseNote], today: dt.date) -> int:
    """A note's next action (次の対応) falls due today, or its day has passed: its author is
    told once on the day (「次の対応の予定日です」) and once after it (「…を過ぎています」),
    while they still work at the note's organisation; otherwise (a meeting's task, an author
    who left) that organisation's case staff. The job passes the open actions of
    organisations still on their case's team."""

    def own(note: CaseNote) -> bool:
        return is_named(note.author, note.organization_id)

    staff = staff_by_organization({note.organization_id for note in notes if not own(note)})
    planned = [
        _Once(
            key=f"note:{note.pk}:{when}",
            text="次の対応の予定日です" if when == "due" else "次の対応の予定日を過ぎています",
            target=(TargetType.CASE, note.case_id),
            recipients=[note.author] if own(note) else staff.get(note.organization_id, []),
        )
        for note in notes
        if note.next_action_on is not None
        for when in [_due_or_overdue(note.next_action_on, today)]
    ]
    return _notify_once(Kind.TASK_DUE, planned)


def monitoring_due(*, plans: Sequence[SupportPlan], today: dt.date) -> int:
    """An approved plan's monitoring date (the case's next monitoring) is today, or has
    passed: the 主担当's named worker is told, or else its organisation's case staff, once
    on the day and once after it (a new date is a new task). The job passes the plans with
    their case's current leads (`case.leads`)."""
    leads = {plan.pk: plan.case.leads[0] for plan in plans if plan.case.leads}
    staff = staff_by_organization(
        {
            lead.organization_id
            for lead in leads.values()
            if not is_named(lead.worker, lead.organization_id)
        }
    )
    planned = []
    for plan in plans:
        lead = leads.get(plan.pk)
        if plan.monitoring_on is None or lead is None:
            continue
        when = _due_or_overdue(plan.monitoring_on, today)
        planned.append(
            _Once(
                key=f"monitoring:{plan.case_id}:{plan.monitoring_on.isoformat()}:{when}",
                text=(
                    "モニタリングの予定日です"
                    if when == "due"
                    else "モニタリングの予定日を過ぎています"
                ),
                target=(TargetType.CASE, plan.case_id),
                recipients=(
                    [lead.worker]
                    if is_named(lead.worker, lead.organization_id)
                    else staff.get(lead.organization_id, [])
                ),
            )
        )
    return _notify_once(Kind.TASK_DUE, planned)


# --- アウトリーチ (background jobs, `outreach/jobs.py`) -----------------------------------------


def outreach_visit_overdue(*, targets: Sequence[OutreachTarget], today: dt.date) -> int:
    """An open target's next contact date has passed with no attempt recorded since: the
    workers named on its current assignments are told (those still at the assigned
    organisation), or else that organisation's case staff. Once per target and date: a new
    date (an attempt, an edit) is a new task. The job passes targets with their current
    assignments (`target.current`)."""
    unnamed = {
        assignment.organization_id
        for target in targets
        for assignment in target.current
        if not is_named(assignment.worker, assignment.organization_id)
    }
    staff = staff_by_organization(unnamed)
    planned = []
    for target in targets:
        if target.next_contact_on is None or target.next_contact_on >= today:
            continue
        recipients: dict[int, User] = {}
        for assignment in target.current:
            if is_named(assignment.worker, assignment.organization_id):
                recipients[assignment.worker.pk] = assignment.worker
            else:
                recipients |= {user.pk: user for user in staff.get(assignment.organization_id, [])}
        planned.append(
            _Once(
                key=f"outreach_overdue:{target.pk}:{target.next_contact_on.isoformat()}",
                text="担当する見守り対象の訪問予定日を過ぎています",
                target=(TargetType.OUTREACH_TARGET, target.pk),
                recipients=list(recipients.values()),
            )
        )
    return _notify_once(Kind.OUTREACH_OVERDUE, planned)


def outreach_alert(
    *, quiet: Sequence[OutreachTarget], unconfirmed: Sequence[tuple[OutreachTarget, int]]
) -> int:
    """Every coordinator is told of an open target with no successful contact (会えた, 話せた,
    相談につながった) for `KASANE_OUTREACH_ALERT_DAYS` days (`quiet`), and of one whose 安否
    could not be confirmed on its last three attempts (`unconfirmed`, with the last attempt
    that did confirm it, or 0). Once per episode: a new contact, or a confirmation, ends it."""
    everyone = list(coordinators())
    planned = [
        _Once(
            key=f"outreach_alert:{target.pk}:quiet:{target.last_contact_on or 'never'}",
            text="長く会えていない見守り対象があります",
            target=(TargetType.OUTREACH_TARGET, target.pk),
            recipients=everyone,
        )
        for target in quiet
    ] + [
        _Once(
            key=f"outreach_alert:{target.pk}:safety:{since}",
            text="安否が続けて確認できていない見守り対象があります",
            target=(TargetType.OUTREACH_TARGET, target.pk),
            recipients=everyone,
        )
        for target, since in unconfirmed
    ]
    return _notify_once(Kind.OUTREACH_ALERT, planned)


# --- 緊急時の閲覧 ---------------------------------------------------------------------------


def break_glass_used(*, actor: User, use: BreakGlass) -> int:
    """A case-work user opens a person another agency holds (緊急時の閲覧): every coordinator
    and every auditor is told, with a link to the use (who, why, until when); the auditors
    review it on their queue."""
    return services.notify(
        kind=Kind.BREAK_GLASS,
        recipients=coordinators_and_auditors(),
        text="緊急時の閲覧がありました",
        target=(TargetType.BREAK_GLASS, use.pk),
        actor=actor,
    )
