"""Writes on meetings. Each service checks its rule, saves and writes its audit row in one
transaction; refusals are `DomainError`s with a Japanese message.

The rules by kind (DOMAIN.md §4): a 支援会議 may take cases without consent, and every
participant then needs a pledge on record; a 重層的支援会議 (and any other registered body)
takes only cases whose people consented; a チーム会議 is the coordination team's own screening
and has no outside participants. Only a 支援会議 takes an outreach target with no case
(`agenda_add_target`), and decides on it who visits and when next. Decisions are recorded
with the minutes and applied to the cases and targets when the minutes are confirmed, all or
none (`minutes_confirm`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.cases import services as cases
from kasane.cases.models import (
    Case,
    CaseStatus,
    ClosingReason,
    PlanStatus,
    ScreeningCriterion,
    TeamRole,
)
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version, required
from kasane.meetings.models import (
    APPLY_ORDER,
    AgendaItem,
    ConfidentialityPledge,
    Decision,
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingParticipant,
    MeetingStatus,
    PledgeText,
    Purpose,
    Target,
)
from kasane.meetings.rules import decisions_for, purposes_for, takes_targets
from kasane.meetings.selectors import TARGET_RELATED, case_of_target, missing_consent
from kasane.notices import rules as notices
from kasane.organizations.models import Organization
from kasane.outreach import services as outreach
from kasane.outreach.models import OutreachTarget
from kasane.people.consent import ConsentMissing

MEETING_FIELDS = (
    "kind",
    "body",
    "title",
    "starts_at",
    "duration_minutes",
    "place",
    "is_online",
    "convener",
)
BODY_FIELDS = (
    "name",
    "kind",
    "legal_basis",
    "convener",
    "targets",
    "other_members",
    "frequency",
    "usual_minutes",
    "purpose",
    "is_active",
)


def _today() -> dt.date:
    return timezone.localdate()


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _check_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CONFIRMED:
        raise DomainError("議事録を確定した会議は変更できません。")
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("中止した会議は変更できません。")


# --- The register of meeting bodies -----------------------------------------------------------


@transaction.atomic
def body_save(
    *,
    actor: User,
    body: MeetingBody | None,
    members: list[Organization],
    loaded_at: str = "",
    **values: Any,
) -> MeetingBody:
    if not set(values.get("targets") or []) <= set(Target.values):
        raise DomainError("対象者の選択が正しくありません。")
    if not values.get("targets"):
        raise DomainError("対象者を一つ以上選んでください。")
    creating = body is None
    if body is None:
        body = MeetingBody(**{name: values[name] for name in BODY_FIELDS if name in values})
    else:
        body = MeetingBody.objects.select_for_update().get(pk=body.pk)
        check_version(body.updated_at, loaded_at)
        if "kind" in values and values["kind"] != body.kind and body.meetings.exists():
            raise DomainError(
                "この会議体には会議の記録があるため、会議の種類（適用する規則）は変えられません。"
            )
    changes = apply_changes(body, BODY_FIELDS, values)
    before = sorted(body.members.values_list("name", flat=True)) if not creating else []
    after = sorted(organization.name for organization in members)
    body.save()
    if before != after:
        body.members.set(members)
        changes["members"] = [before, after]
    if changes or creating:
        audit_record(
            actor=actor,
            action="meeting_body.create" if creating else "meeting_body.update",
            target=body,
            details=changes,
        )
    return body


# --- Scheduling -------------------------------------------------------------------------------


def _check_meeting_values(values: dict[str, Any]) -> None:
    body = values.get("body")
    if body is not None and body.kind != values.get("kind"):
        raise DomainError(
            f"会議体「{body.name}」は「{MeetingKind(body.kind).label}」です。会議の種類を合わせてください。"
        )
    if not values.get("place", "").strip() and not values.get("is_online"):
        raise DomainError("場所を入力するか、オンラインを選んでください。")
    if not values.get("title", "").strip():
        raise DomainError("会議名を入力してください。")


@transaction.atomic
def meeting_schedule(*, actor: User, **values: Any) -> Meeting:
    """Schedule a meeting; the coordinator who schedules it is its first participant."""
    _check_meeting_values(values)
    meeting = Meeting.objects.create(
        created_by=actor, **{name: values[name] for name in MEETING_FIELDS if name in values}
    )
    MeetingParticipant.objects.create(meeting=meeting, user=actor, added_by=actor)
    audit_record(
        actor=actor,
        action="meeting.create",
        target=meeting,
        details={"kind": meeting.kind, "starts_at": meeting.starts_at.isoformat()},
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, loaded_at: str, **values: Any) -> dict:
    meeting = _lock(meeting)
    _check_open(meeting)
    check_version(meeting.updated_at, loaded_at)
    if values.get("kind") != meeting.kind and meeting.items.exists():
        raise DomainError("議題がある会議は、会議の種類を変えられません。")
    if values.get("kind") == MeetingKind.TEAM and any(
        not _internal(participant.user) for participant in meeting.participants.all()
    ):
        raise DomainError(
            "外部の参加者がいる会議はチーム会議にできません。参加者を外してから変えてください。"
        )
    _check_meeting_values(values)
    changes = apply_changes(meeting, MEETING_FIELDS, values)
    if changes:
        meeting.save()
        audit_record(
            actor=actor,
            action="meeting.update",
            target=meeting,
            details={"fields": changed_fields(changes)},
        )
        notices.meeting_changed(actor=actor, meeting=meeting, fields=changes)
    return changes


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> None:
    meeting = _lock(meeting)
    _check_open(meeting)
    if not reason.strip():
        raise DomainError("中止の理由を入力してください。")
    meeting.status = MeetingStatus.CANCELLED
    meeting.minutes_note = f"中止：{reason.strip()}"
    meeting.save(update_fields=["status", "minutes_note", "updated_at"])
    audit_record(actor=actor, action="meeting.cancel", target=meeting, reason=reason.strip())
    notices.meeting_cancelled(actor=actor, meeting=meeting)


# --- Participants and pledges -----------------------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    actor: User,
    meeting: Meeting,
    user: User | None = None,
    name: str = "",
    organization_name: str = "",
    role: str = "",
) -> MeetingParticipant:
    """Add a Kasane user (who is told they are invited) or an outside participant."""
    participant = _add_participant(actor, meeting, user, name, organization_name, role)
    if user is not None:
        notices.meeting_invited(actor=actor, meeting=meeting, users=[user])
    return participant


def _add_participant(
    actor: User,
    meeting: Meeting,
    user: User | None = None,
    name: str = "",
    organization_name: str = "",
    role: str = "",
) -> MeetingParticipant:
    meeting = _lock(meeting)
    _check_open(meeting)
    if user is None and not name.strip():
        raise DomainError("参加者は、利用者を選ぶか、外部の参加者の氏名を入力してください。")
    if user is not None and name.strip():
        raise DomainError("利用者を選んだときは、外部の参加者の欄は空にしてください。")
    if meeting.kind == MeetingKind.TEAM and not _internal(user):
        raise DomainError(
            "チーム会議は多機関協働の担当者の会議です。外部の参加者は支援会議に招いてください。"
        )
    if user is not None and not access.has_role(user, *access.MEETING_ROLES):
        raise DomainError(
            f"{user.full_name}さんの役割では会議の画面を開けません。外部の参加者として加えてください。"
        )
    if user is not None and not user.is_active:
        raise DomainError("利用を停止している利用者は参加者にできません。")
    if user is not None and meeting.participants.filter(user=user).exists():
        raise DomainError(f"{user.full_name}さんは既に参加者です。")
    participant = MeetingParticipant.objects.create(
        meeting=meeting,
        user=user,
        name="" if user else name.strip(),
        organization_name="" if user else organization_name.strip(),
        role=role.strip(),
        added_by=actor,
    )
    meeting.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="meeting.participant_add",
        target=meeting,
        details={"participant": participant.pk, "user": user and user.pk, "name": name.strip()},
    )
    return participant


@transaction.atomic
def participants_add(
    *,
    actor: User,
    meeting: Meeting,
    users: Sequence[User] = (),
    user: User | None = None,
    name: str = "",
    organization_name: str = "",
    role: str = "",
) -> list[MeetingParticipant]:
    """Add several participants in one step (a case's team, one more user, one outside
    participant), all or none; each is recorded as `participant_add` records one. The role
    typed goes with the single user or the outside participant it was typed for."""
    chosen = list(dict.fromkeys(users))
    if not chosen and user is None and not name.strip():
        raise DomainError(
            "参加者は、チームから選ぶか、利用者を選ぶか、外部の参加者の氏名を入力してください。"
        )
    added = [_add_participant(actor, meeting, member) for member in chosen if member != user]
    if user is not None or name.strip():
        added.append(_add_participant(actor, meeting, user, name, organization_name, role))
    invited = [participant.user for participant in added if participant.user is not None]
    if invited:
        notices.meeting_invited(actor=actor, meeting=meeting, users=invited)  # one write for all
    return added


@transaction.atomic
def participant_remove(*, actor: User, participant: MeetingParticipant) -> None:
    meeting = _lock(participant.meeting)
    _check_open(meeting)
    if participant.pledges.exists():
        raise DomainError("この会議の誓約が記録された参加者は外せません。")
    details = {"participant": participant.pk, "name": participant.display_name}
    participant.delete()
    meeting.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="meeting.participant_remove", target=meeting, details=details)


def current_pledge_text() -> PledgeText:
    text = PledgeText.objects.filter(effective_on__lte=_today()).first()
    if text is None:
        raise DomainError("誓約書の文面が登録されていません。管理者に連絡してください。")
    return text


@transaction.atomic
def pledge_record(
    *,
    actor: User,
    participant: MeetingParticipant,
    signed_on: dt.date,
    text: PledgeText,
    for_period: bool = False,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    signed_online: bool = False,
) -> ConfidentialityPledge:
    """A pledge signed on paper (recorded by the coordinator) or in Kasane by the participant.
    It covers this meeting or, for a user, a dated period that includes the meeting's day."""
    meeting = _lock(participant.meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("中止した会議の誓約は記録できません。")
    if signed_on > _today():
        raise DomainError("誓約日が未来の日付です。")
    if access.has_pledge(participant, meeting):
        raise DomainError(f"{participant.display_name}さんの誓約は既に記録されています。")
    if for_period:
        if participant.user_id is None:
            raise DomainError(
                "期間の誓約は利用者について記録します。外部の参加者はこの会議の誓約を記録してください。"
            )
        if valid_from is None or valid_until is None or valid_until < valid_from:
            raise DomainError("誓約の有効期間（開始日と終了日）を正しく入力してください。")
        if not valid_from <= meeting.starts_on <= valid_until:
            raise DomainError("誓約の有効期間に、この会議の日が含まれていません。")
    pledge = ConfidentialityPledge.objects.create(
        user_id=participant.user_id,
        participant=None if for_period else participant,
        meeting=None if for_period else meeting,
        valid_from=valid_from if for_period else None,
        valid_until=valid_until if for_period else None,
        signed_on=signed_on,
        text=text,
        signed_online=signed_online,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="meeting.pledge_record",
        target=meeting,
        details={
            "participant": participant.pk,
            "name": participant.display_name,
            "text": text.version,
            "period": [str(valid_from), str(valid_until)] if for_period else None,
            "online": signed_online,
        },
    )
    return pledge


# --- The agenda -------------------------------------------------------------------------------


@transaction.atomic
def agenda_add(
    *, actor: User, meeting: Meeting, case: Case, purpose: str, briefing: str = ""
) -> AgendaItem:
    meeting = _lock(meeting)
    _check_open(meeting)
    _check_purpose(meeting, purpose)
    if meeting.items.filter(case=case).exists():
        raise DomainError(f"{case.title}は既にこの会議の議題です。")
    if case.is_ended and purpose != Purpose.SHARE:
        raise DomainError("終了したケースは、情報共有の議題にだけできます。")
    _check_consent(meeting, case)
    return _append_item(actor, meeting, purpose, briefing, case=case)


@transaction.atomic
def agenda_add_target(
    *,
    actor: User,
    meeting: Meeting,
    target: OutreachTarget,
    purpose: str = Purpose.SHARE,
    briefing: str = "",
) -> AgendaItem:
    """Put an outreach target with no case on the agenda (from refusal to the 支援会議): only a
    meeting that shares without consent takes one, since its person has not consented — or is
    not even identified. A target with a case (opened from it, or an open case of its person)
    goes on the agenda as that case."""
    meeting = _lock(meeting)
    _check_open(meeting)
    target = OutreachTarget.objects.select_for_update().get(pk=target.pk)  # not closed meanwhile
    if not takes_targets(meeting.kind):
        raise DomainError(
            "ケースのないアウトリーチ対象を議題にできるのは、支援会議（法第106条の6）だけです。"
            f"本人の同意がないため、{meeting.kind_short}では共有できません。"
        )
    _check_purpose(meeting, purpose)
    if target.is_closed:
        raise DomainError("見守りを終了した対象は議題にできません。")
    case_number = case_of_target(target)
    if case_number is not None:
        raise DomainError(
            f"{target.name_label}にはケースがあります。"
            f"ケース番号 {case_number} を議題にしてください。"
        )
    if meeting.items.filter(outreach_target=target).exists():
        raise DomainError(f"{target.name_label}は既にこの会議の議題です。")
    return _append_item(actor, meeting, purpose, briefing, outreach_target=target)


def _check_purpose(meeting: Meeting, purpose: str) -> None:
    if purpose not in purposes_for(meeting.kind):
        allowed = "、".join(Purpose(p).label for p in purposes_for(meeting.kind))
        raise DomainError(f"{meeting.kind_short}で扱う目的は「{allowed}」です。")


def _append_item(
    actor: User,
    meeting: Meeting,
    purpose: str,
    briefing: str,
    *,
    case: Case | None = None,
    outreach_target: OutreachTarget | None = None,
) -> AgendaItem:
    """The item added at the end of the agenda, audited on the meeting (a target's person
    named, so the person's audit trail shows it)."""
    order = (meeting.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        case=case,
        outreach_target=outreach_target,
        purpose=purpose,
        briefing=briefing.strip(),
        added_by=actor,
    )
    meeting.save(update_fields=["updated_at"])
    subject: dict[str, int] = {}
    people: list[int | None] = []
    if case is not None:
        subject["case"] = case.pk
    if outreach_target is not None:
        subject["outreach_target"] = outreach_target.pk
        people.append(outreach_target.person_id)
    audit_record(
        actor=actor,
        action="meeting.agenda_add",
        target=meeting,
        details={"item": item.pk, **subject, "purpose": purpose},
        people=people,
    )
    return item


def _check_consent(meeting: Meeting, case: Case) -> None:
    if not meeting.needs_consent:
        return
    missing = missing_consent(case, meeting.kind)
    if missing:
        names = "、".join(f"{person.full_name}さん" for person in missing)
        where = "重層的支援会議での共有" if meeting.kind == MeetingKind.JUSOU else "情報共有"
        raise ConsentMissing(
            f"{case.title}：{names}の{where}への同意がありません。"
            "同意を得るまでは、支援会議（法第106条の6）で検討してください。",
            missing,
        )


@transaction.atomic
def agenda_remove(*, actor: User, item: AgendaItem) -> None:
    meeting = _lock(item.meeting)
    _check_open(meeting)
    details = {**_subject(item), "decisions": item.decisions.count()}
    item.delete()
    meeting.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="meeting.agenda_remove", target=meeting, details=details)


def _subject(item: AgendaItem) -> dict[str, int | None]:
    """What an item is about, for its audit rows: the case, or the outreach target."""
    if item.is_target:
        return {"item": item.pk, "outreach_target": item.outreach_target_id}
    return {"item": item.pk, "case": item.case_id}


# --- Minutes and decisions --------------------------------------------------------------------


def _check_minutes_open(meeting: Meeting) -> None:
    _check_open(meeting)
    if not meeting.has_started():
        raise DomainError("議事録は会議の開始後に記録します。")


@transaction.atomic
def minutes_save(*, actor: User, item: AgendaItem, discussion: str, loaded_at: str) -> None:
    meeting = _lock(item.meeting)
    _check_minutes_open(meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    check_version(item.updated_at, loaded_at)
    if item.discussion == discussion.strip():
        return
    item.discussion = discussion.strip()
    item.save(update_fields=["discussion", "updated_at"])
    audit_record(
        actor=actor, action="meeting.minutes_save", target=meeting, details={"item": item.pk}
    )


def _internal(user: User | None) -> bool:
    """Who may sit in a チーム会議: coordinators and case-work staff."""
    return user is not None and access.does_case_work(user)


def _check_decision(meeting: Meeting, item: AgendaItem, kind: str, values: dict[str, Any]) -> None:
    """What a decision needs on record when it is added; the case's or the target's state is
    checked again when the minutes are confirmed."""
    if item.outreach_target is not None:
        _check_target_decision(meeting, item.outreach_target, kind, values)
    else:
        _check_case_decision(meeting, required(item.case, "議題のケース"), kind, values)
    if item.decisions.filter(kind=kind).exclude(kind=DecisionKind.ROLE).exists():
        raise DomainError(f"この議題には「{DecisionKind(kind).label}」が既にあります。")
    ending = (DecisionKind.CLOSED, DecisionKind.SUSPENDED)
    if kind in ending and item.decisions.filter(kind__in=ending).exists():
        raise DomainError("終結と中断は、どちらか一つです。")


def _check_worker(values: dict[str, Any]) -> None:
    """役割分担: an organisation, and a named worker (if any) who works there on cases."""
    organization = values.get("organization")
    if organization is None:
        raise DomainError("役割を担う機関を選んでください。")
    worker = values.get("worker")
    if worker is not None and worker.organization_id != organization.pk:
        raise DomainError("担当者はその機関の職員から選んでください。")
    if worker is not None and not access.does_case_work(worker):
        raise DomainError(f"{worker.full_name}さんはケースを担当する役割ではありません。")
    if values.get("due_on") and not values.get("task", "").strip():
        raise DomainError("期限を入れたときは、担うことも入力してください。")


# An outreach assignment's role (`OutreachAssignment.role`) carries the task a meeting gave.
TARGET_TASK_LENGTH = 100


def _check_target_decision(
    meeting: Meeting, target: OutreachTarget, kind: str, values: dict[str, Any]
) -> None:
    """On an outreach target a 支援会議 decides who visits (役割分担: the organisation is
    assigned to the target) and the next contact date; a case's decisions wait for a case."""
    if kind not in decisions_for(meeting.kind, target=True):
        raise DomainError(
            f"アウトリーチ対象の議題では「{DecisionKind(kind).label}」は決められません。"
            "決められるのは「役割分担」と「次回の接触予定日」です（ほかはケースを開いてから）。"
        )
    if target.is_closed:
        raise DomainError("見守りを終了した対象については決定を記録できません。")
    if kind == DecisionKind.ROLE:
        _check_worker(values)
        if len(values.get("task", "").strip()) > TARGET_TASK_LENGTH:
            raise DomainError(f"担うことは{TARGET_TASK_LENGTH}文字以内で入力してください。")
    elif kind == DecisionKind.NEXT_CONTACT:
        if values.get("next_contact_on") is None:
            raise DomainError("次回の接触予定日を入力してください。")
        if values["next_contact_on"] < meeting.starts_on:
            raise DomainError("次回の接触予定日が会議の日より前です。")


def _check_case_decision(meeting: Meeting, case: Case, kind: str, values: dict[str, Any]) -> None:
    if kind == DecisionKind.NEXT_CONTACT:
        raise DomainError("「次回の接触予定日」は、アウトリーチ対象の議題で決めます。")
    if kind not in decisions_for(meeting.kind):
        raise DomainError(
            f"{meeting.kind_short}では「{DecisionKind(kind).label}」は決められません。"
        )
    if kind == DecisionKind.SCREENING:
        if values.get("eligible") is None:
            raise DomainError("支援決定か対象外かを選んでください。")
        criteria = values.get("criteria") or []
        if not set(criteria) <= set(ScreeningCriterion.values):
            raise DomainError("スクリーニングの判断が正しくありません。")
        if values["eligible"] and not criteria:
            raise DomainError("支援決定には、当てはまった判断を一つ以上選んでください。")
        if not values["eligible"] and not values.get("reason", "").strip():
            raise DomainError("対象外には理由を入力してください。")
        if case.status not in (CaseStatus.RECEIVED, CaseStatus.SCREENING):
            raise DomainError("スクリーニングするのは、受付かスクリーニング中のケースです。")
    elif kind == DecisionKind.PLAN_APPROVED:
        plan = values.get("plan")
        if plan is None or plan.case_id != case.pk or plan.status != PlanStatus.DRAFT:
            raise DomainError("承認するのは、このケースの下書きの支援プランです。")
    elif kind in (DecisionKind.CLOSED, DecisionKind.SUSPENDED):
        if values.get("closing_reason") not in ClosingReason.values:
            raise DomainError("終結・中断の理由を選んでください。")
        if not values.get("reason", "").strip():
            raise DomainError("判断の理由を入力してください。")
        if (
            kind == DecisionKind.CLOSED
            and values["closing_reason"] == ClosingReason.HANDBACK
            and values.get("handback_organization") is None
        ):
            raise DomainError("つなぎ戻しでは、今後の主担当になる機関を選んでください。")
    elif kind == DecisionKind.ROLE:
        _check_worker(values)
        if values.get("team_role") not in TeamRole.values:
            raise DomainError("チームでの役割を選んでください。")
    elif kind == DecisionKind.MONITORING:
        if values.get("monitoring_on") is None:
            raise DomainError("モニタリング予定日を入力してください。")
        if values["monitoring_on"] < meeting.starts_on:
            raise DomainError("モニタリング予定日が会議の日より前です。")
    if case.is_ended:
        raise DomainError("終了したケースについては決定を記録できません。")


DECISION_FIELDS = (
    "eligible",
    "criteria",
    "referred_to",
    "plan",
    "closing_reason",
    "handback_organization",
    "follow_up_on",
    "organization",
    "team_role",
    "worker",
    "task",
    "due_on",
    "monitoring_on",
    "next_contact_on",
    "reason",
)


@transaction.atomic
def decision_add(*, actor: User, item: AgendaItem, kind: str, **values: Any) -> Decision:
    meeting = _lock(item.meeting)
    _check_minutes_open(meeting)
    _check_decision(meeting, item, kind, values)
    if item.is_target:
        values["team_role"] = ""  # a target has assignments, not a case team's roles
    decision = Decision(item=item, kind=kind, created_by=actor)
    for name in DECISION_FIELDS:
        if name in values and values[name] is not None:
            value = values[name]
            setattr(decision, name, value.strip() if isinstance(value, str) else value)
    decision.save()
    meeting.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="meeting.decision_add",
        target=meeting,
        details={**_subject(item), "decision": decision.pk, "kind": kind},
    )
    return decision


@transaction.atomic
def decision_remove(*, actor: User, decision: Decision) -> None:
    meeting = _lock(decision.item.meeting)
    _check_open(meeting)
    details = {"item": decision.item_id, "decision": decision.pk, "kind": decision.kind}
    decision.delete()
    meeting.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="meeting.decision_remove", target=meeting, details=details)


@transaction.atomic
def minutes_confirm(*, actor: User, meeting: Meeting, summary: str = "") -> list[Decision]:
    """確定: the minutes become final and every decision is applied to its case or outreach
    target, in one transaction. If any decision cannot be applied (the plan changed, the case
    moved on, consent was withdrawn, the target was closed...), nothing is applied and the
    message names the item."""
    meeting = _lock(meeting)
    _check_minutes_open(meeting)
    items = list(
        meeting.items.select_related("case__main_person", "case__household", *TARGET_RELATED)
    )
    if not items:
        raise DomainError("議題のない会議の議事録は確定できません。")
    blank = [item for item in items if not item.discussion.strip()]
    if blank:
        raise DomainError(
            f"議事の要旨が入力されていない議題があります（{blank[0].order}. {blank[0].title}）。"
        )
    if meeting.needs_pledge:
        unpledged = [p for p in meeting.participants.all() if not access.has_pledge(p, meeting)]
        if unpledged:
            names = "、".join(p.display_name for p in unpledged)
            raise DomainError(f"誓約の記録がない参加者がいます：{names}。")
    for item in items:
        if item.case is not None:
            _check_consent(meeting, item.case)
    decisions = sorted(
        Decision.objects.filter(item__meeting=meeting).select_related(
            "item__case",
            *(f"item__{name}" for name in TARGET_RELATED),
            "plan",
            "organization",
            "worker",
            "handback_organization",
            "referred_to",
        ),
        key=lambda d: (APPLY_ORDER.index(DecisionKind(d.kind)), d.item.order, d.pk),
    )
    now = timezone.now()
    for decision in decisions:
        try:
            _apply(actor, meeting, decision)
        except DomainError as error:
            raise DomainError(
                f"{decision.item.order}. {decision.item.title}"
                f"「{decision.get_kind_display()}」を反映できません：{error.message}"
                " 議事録は確定していません。"
            ) from error
        decision.applied_at = now
        decision.save(update_fields=["applied_at", "team_member", "note", "outreach_assignment"])
    targets = [item.outreach_target_id for item in items if item.is_target]
    meeting.status = MeetingStatus.CONFIRMED
    meeting.minutes_note = summary.strip()
    meeting.confirmed_at, meeting.confirmed_by = now, actor
    meeting.save(
        update_fields=["status", "minutes_note", "confirmed_at", "confirmed_by", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="meeting.confirm",
        target=meeting,
        details={
            "items": len(items),
            "decisions": [[d.pk, d.kind, d.item.case_id] for d in decisions],
            **({"targets": targets} if targets else {}),
        },
    )
    return decisions


def _apply(actor: User, meeting: Meeting, decision: Decision) -> None:
    label = f"{meeting.title}（{meeting.kind_short}）"
    if decision.item.outreach_target_id is not None:
        _apply_to_target(actor, meeting, decision, label)
        return
    # Read again: an earlier decision of the same minutes may have moved the case on.
    case = Case.objects.get(pk=required(decision.item.case_id, "議題のケース"))
    on = meeting.starts_on
    kind = decision.kind
    if kind == DecisionKind.SCREENING:
        if case.status == CaseStatus.RECEIVED:
            cases.case_transition(
                actor=actor, case=case, to_status=CaseStatus.SCREENING, occurred_on=on,
                reason=f"{label}でスクリーニング", meeting=meeting,
            )  # fmt: skip
        cases.case_transition(
            actor=actor,
            case=case,
            to_status=CaseStatus.DECIDED if decision.eligible else CaseStatus.NOT_ELIGIBLE,
            occurred_on=on,
            reason=decision.reason or f"{label}で支援決定",
            criteria=decision.criteria,
            referred_to=decision.referred_to,
            meeting=meeting,
        )
    elif kind == DecisionKind.PLAN_APPROVED:
        plan = required(decision.plan, "承認する支援プラン")
        # The approval moves the case on to 支援中 by itself (cases' `_follow_work`).
        cases.plan_approve(actor=actor, plan=plan, approved_on=on, meeting=meeting)
    elif kind == DecisionKind.ROLE:
        _apply_role(actor, meeting, case, decision, label)
    elif kind == DecisionKind.MONITORING:
        cases.plan_set_monitoring(
            actor=actor,
            case=case,
            monitoring_on=required(decision.monitoring_on, "モニタリング予定日"),
            meeting=meeting,
        )
        notices.meeting_monitoring_decided(actor=actor, case=case)
    else:
        cases.case_end(
            actor=actor,
            case=case,
            to_status=CaseStatus.CLOSED if kind == DecisionKind.CLOSED else CaseStatus.SUSPENDED,
            ended_on=on,
            closing_reason=decision.closing_reason,
            reason=decision.reason,
            meeting=meeting,
            handback_organization=decision.handback_organization,
            follow_up_on=decision.follow_up_on,
        )


def _apply_role(actor: User, meeting: Meeting, case: Case, decision: Decision, label: str) -> None:
    organization = required(decision.organization, "役割を担う機関")
    current = case.team.filter(left_on__isnull=True, organization=organization)
    member = current.filter(role=decision.team_role).first()
    joined = member is None
    if member is None:
        member = cases.team_add(
            actor=actor,
            case=case,
            organization=organization,
            role=decision.team_role,
            worker=decision.worker,
            joined_on=meeting.starts_on,
            meeting=meeting,
        )
    decision.team_member = member
    role_label = TeamRole(decision.team_role).label
    lines = [f"{label}の決定：{organization.name}（{role_label}）"]
    if decision.worker is not None:
        lines[0] += f" 担当 {decision.worker.full_name}"
    if decision.task:
        lines.append(f"担うこと：{decision.task}")
    if decision.reason:
        lines.append(decision.reason)
    decision.note = cases.meeting_note_add(
        actor=actor,
        case=case,
        meeting=meeting,
        organization=organization,
        content="\n".join(lines),
        task=decision.task,
        due_on=decision.due_on,
    )
    notices.meeting_role_decided(actor=actor, decision=decision, joined=joined)


def _apply_to_target(actor: User, meeting: Meeting, decision: Decision, label: str) -> None:
    """役割分担 assigns the organisation to the target (once: one already assigned stays as it
    is) and tells it; 次回の接触予定日 becomes the date the watch list carries."""
    target_id = required(decision.item.outreach_target_id, "議題のアウトリーチ対象")
    target = OutreachTarget.objects.get(pk=target_id)
    if decision.kind == DecisionKind.NEXT_CONTACT:
        outreach.target_schedule_contact(
            actor=actor,
            target=target,
            next_contact_on=required(decision.next_contact_on, "次回の接触予定日"),
            reason=f"{label}の決定",
        )
        return
    if decision.kind != DecisionKind.ROLE:  # refused when recorded; never on a target
        raise DomainError(
            f"アウトリーチ対象には「{decision.get_kind_display()}」は反映できません。"
        )
    organization = required(decision.organization, "役割を担う機関")
    assigned = target.assignments.filter(organization=organization, left_on__isnull=True)
    joined = not assigned.exists()
    if joined:
        decision.outreach_assignment = outreach.assignment_add(
            actor=actor,
            target=target,
            organization=organization,
            worker=decision.worker,
            role=(decision.task or f"{meeting.kind_short}で分担")[:TARGET_TASK_LENGTH],
            joined_on=meeting.starts_on,
        )
    notices.meeting_outreach_assigned(actor=actor, decision=decision, target=target, joined=joined)
