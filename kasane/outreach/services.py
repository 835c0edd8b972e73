"""Writing the watch list: registering targets, assignments, contact attempts, the stage,
reviews (見直し) and closing. Each service validates, saves and writes its audit row in one
transaction; the stage logic (`models.stage_after`) moves a target forward with the results
of its attempts, never backwards — only a worker's correction (`stage_correct`, with a
reason) does. Every path that moves the stage notes the day (`OutreachTarget.set_stage`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.cases.models import Case
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.intake.models import Consultation, Referral
from kasane.organizations.models import Area, Organization
from kasane.outreach.models import (
    OPEN_STAGES,
    Aim,
    CloseReason,
    ContactAttempt,
    Decision,
    Method,
    OutreachAssignment,
    OutreachReview,
    OutreachTarget,
    Source,
    Stage,
    review_date,
    stage_after,
)
from kasane.people.models import Person

TARGET_FIELDS = ("area", "description", "noticed", "aims", "risk", "next_contact_on", "review_on")


def _today() -> dt.date:
    return timezone.localdate()


def _lock(target: OutreachTarget) -> OutreachTarget:
    return OutreachTarget.objects.select_for_update().get(pk=target.pk)


def _check_open(target: OutreachTarget) -> None:
    if target.is_closed:
        raise DomainError("終了した対象は変更できません。")


def _check_target(
    *, person: Person | None, area: Area | None, description: str, noticed: str, aims: list[str]
) -> None:
    if person is None and (area is None or not description.strip()):
        raise DomainError(
            "氏名が分からない対象は、地域（町丁目まで選べます）と対象の様子を入力してください。"
        )
    if not noticed.strip():
        raise DomainError("気づいたことを入力してください。")
    if any(aim not in Aim.values for aim in aims):
        raise DomainError("接触の目的を一覧から選んでください。")


@transaction.atomic
def target_register(
    *,
    actor: User,
    source: str,
    noticed: str,
    person: Person | None = None,
    area: Area | None = None,
    description: str = "",
    aims: list[str] | None = None,
    risk: str = "medium",
    referral: Referral | None = None,
    consultation: Consultation | None = None,
    next_contact_on: dt.date | None = None,
    registered_on: dt.date | None = None,
) -> OutreachTarget:
    """Put someone on the watch list; the actor's organisation is assigned to it."""
    if not access.may_register_target(actor):
        raise DomainError("アウトリーチ対象を登録できるのは相談支援・アウトリーチの担当者です。")
    aims = list(aims or [])
    _check_target(person=person, area=area, description=description, noticed=noticed, aims=aims)
    if person is not None and not access.may_see_person(actor, person.pk):
        raise DomainError("この本人はあなたの機関では登録できません。")
    if source not in Source.values:
        raise DomainError("把握の経緯を一覧から選んでください。")
    registered_on = registered_on or _today()
    if registered_on > _today():
        raise DomainError("把握日が未来の日付です。")
    if next_contact_on is not None and next_contact_on < registered_on:
        raise DomainError("次回の接触予定日が把握日より前です。")
    target = OutreachTarget.objects.create(
        person=person,
        area=area,
        description=description.strip(),
        source=source,
        referral=referral,
        consultation=consultation,
        noticed=noticed.strip(),
        aims=aims,
        risk=risk,
        registered_on=registered_on,
        next_contact_on=next_contact_on,
        review_on=review_date(registered_on),
        stage_changed_on=registered_on,
        created_by=actor,
    )
    OutreachAssignment.objects.create(
        target=target,
        organization_id=actor.organization_id,
        worker=actor,
        role="登録者",
        joined_on=registered_on,
    )
    audit_record(
        actor=actor,
        action="outreach.register",
        target=target,
        details={"source": source, "identified": person is not None},
    )
    return target


@transaction.atomic
def target_update(
    *, actor: User, target: OutreachTarget, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    """Edit what was noticed, the aims, risk, dates and (while unidentified) area and
    description. Refused when someone saved the target after the form was opened."""
    target = _lock(target)
    check_version(target.updated_at, loaded_at)
    _check_open(target)
    merged = {name: values.get(name, getattr(target, name)) for name in TARGET_FIELDS}
    _check_target(
        person=target.person,
        area=merged["area"],
        description=merged["description"] or "",
        noticed=merged["noticed"] or "",
        aims=list(merged["aims"] or []),
    )
    if merged["review_on"] is None:
        raise DomainError("見直し日を入力してください。")
    changes = apply_changes(target, TARGET_FIELDS, values)
    if changes:
        target.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="outreach.update",
            target=target,
            details={"fields": changed_fields(changes)},
        )
    return changes


@transaction.atomic
def target_link_person(*, actor: User, target: OutreachTarget, person: Person) -> None:
    """The target is now known: link it to the person record (one the actor may see)."""
    target = _lock(target)
    _check_open(target)
    if target.person_id is not None:
        raise DomainError("この対象は既に本人と結び付いています。")
    if not access.may_see_person(actor, person.pk):
        raise DomainError("この本人はあなたの機関では結び付けられません。")
    target.person = person
    target.save(update_fields=["person", "updated_at"])
    audit_record(actor=actor, action="outreach.link_person", target=target)


@transaction.atomic
def target_case_opened(*, actor: User, target: OutreachTarget, case: Case) -> None:
    """A case was opened for the target's person (consent obtained): the target records it
    and reaches 相談・支援につながった; it stays on the watch list until closed."""
    target = _lock(target)
    _check_open(target)
    if target.person_id is None or case.main_person_id != target.person_id:
        raise DomainError("本人と結び付いた対象の、その本人のケースだけを結び付けられます。")
    if target.case_id is not None:
        raise DomainError("この対象からは既にケースを開いています。")
    before = target.stage
    target.case = case
    moved = target.set_stage(Stage.CONNECTED, _today())
    target.save(update_fields=["case", *moved, "updated_at"])
    audit_record(
        actor=actor,
        action="outreach.case_opened",
        target=target,
        details={"case": case.pk, "stage": [before, Stage.CONNECTED.value]},
    )


@transaction.atomic
def assignment_add(
    *,
    actor: User,
    target: OutreachTarget,
    organization: Organization,
    worker: User | None = None,
    role: str = "",
    joined_on: dt.date | None = None,
) -> OutreachAssignment:
    """An organisation joins the target, with its named worker (case-work staff of that
    organisation) when known; one current assignment per organisation."""
    target = _lock(target)
    _check_open(target)
    joined_on = joined_on or _today()
    if joined_on > _today():
        raise DomainError("担当開始日が未来の日付です。")
    if worker is not None and worker.organization_id != organization.pk:
        raise DomainError("担当者は、選んだ機関の職員から選んでください。")
    if worker is not None and not access.has_role(worker, *access.CASE_WORK_ROLES):
        raise DomainError("担当者は、相談支援・アウトリーチ・参加支援の職員から選んでください。")
    if target.assignments.filter(organization=organization, left_on__isnull=True).exists():
        raise DomainError("その機関は既に担当しています。")
    assignment = OutreachAssignment.objects.create(
        target=target, organization=organization, worker=worker, role=role, joined_on=joined_on
    )
    audit_record(
        actor=actor,
        action="outreach.assignment_add",
        target=target,
        details={"organization": organization.name, "worker": worker and worker.pk},
    )
    return assignment


@transaction.atomic
def assignment_leave(
    *, actor: User, assignment: OutreachAssignment, left_on: dt.date | None = None
) -> None:
    target = _lock(assignment.target)
    assignment = OutreachAssignment.objects.select_for_update().get(pk=assignment.pk)
    left_on = left_on or _today()
    if assignment.left_on is not None:
        raise DomainError("既に担当を外れています。")
    if left_on > _today():
        raise DomainError("担当終了日が未来の日付です。")
    if left_on < assignment.joined_on:
        raise DomainError("担当終了日が担当開始日より前です。")
    if not target.assignments.filter(left_on__isnull=True).exclude(pk=assignment.pk).exists():
        raise DomainError("担当する機関がいなくなります。先にほかの機関を加えてください。")
    assignment.left_on = left_on
    assignment.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action="outreach.assignment_leave",
        target=target,
        details={"organization": assignment.organization.name},
    )


@transaction.atomic
def attempt_record(
    *,
    actor: User,
    target: OutreachTarget,
    occurred_at: dt.datetime,
    method: str,
    result: str,
    safety: str = "na",
    companion: str = "",
    seen: str = "",
    next_step: str = "",
    next_contact_on: dt.date | None = None,
) -> ContactAttempt:
    """Record one contact attempt. The stage moves forward with its result (`stage_after`);
    a meeting or a talk is the last contact date; the next date is the target's."""
    target = _lock(target)
    _check_open(target)
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError("接触の日時が未来です。")
    day = timezone.localdate(occurred_at)
    if next_contact_on is not None and next_contact_on < day:
        raise DomainError("次回の接触予定日が接触の日より前です。")
    if method == Method.JOINT_VISIT and not companion.strip():
        raise DomainError("同行訪問のときは、同行者を入力してください。")
    attempt = ContactAttempt.objects.create(
        target=target,
        occurred_at=occurred_at,
        method=method,
        companion=companion.strip(),
        result=result,
        safety=safety,
        seen=seen,
        next_step=next_step,
        next_contact_on=next_contact_on,
        recorded_by=actor,
        organization_id=actor.organization_id,
    )
    stage = stage_after(target.stage, result)
    fields = ["updated_at", *target.set_stage(stage, day)]
    if attempt.is_contact and (target.last_contact_on is None or day > target.last_contact_on):
        target.last_contact_on = day
        fields.append("last_contact_on")
    if next_contact_on is not None:
        target.next_contact_on = next_contact_on
        fields.append("next_contact_on")
    target.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="outreach.attempt",
        target=target,
        details={"attempt": attempt.pk, "method": method, "result": result, "stage": stage},
    )
    return attempt


@transaction.atomic
def target_schedule_contact(
    *, actor: User, target: OutreachTarget, next_contact_on: dt.date, reason: str
) -> None:
    """Set the next contact date outside an attempt (a 支援会議's decision, confirmed with its
    minutes): the date carried by the watch list, with the reason in the audit row."""
    target = _lock(target)
    _check_open(target)
    if not reason.strip():
        raise DomainError("次回の接触予定日を決めた理由を入力してください。")
    target.next_contact_on = next_contact_on
    target.save(update_fields=["next_contact_on", "updated_at"])
    audit_record(
        actor=actor,
        action="outreach.next_contact",
        target=target,
        reason=reason.strip(),
        details={"next_contact_on": next_contact_on.isoformat()},
    )


@transaction.atomic
def stage_correct(
    *, actor: User, target: OutreachTarget, stage: str, reason: str, loaded_at: str
) -> None:
    """A worker sets the stage by hand (a result recorded wrongly, a relation that broke),
    with the reason; 終了 goes through `target_close`."""
    target = _lock(target)
    check_version(target.updated_at, loaded_at)
    _check_open(target)
    if stage not in OPEN_STAGES:
        raise DomainError("段階を一覧から選んでください。")
    if not reason.strip():
        raise DomainError("段階を直す理由を入力してください。")
    if stage == target.stage:
        raise DomainError("今と同じ段階です。")
    before = target.stage
    target.save(update_fields=[*target.set_stage(stage, _today()), "updated_at"])
    audit_record(
        actor=actor,
        action="outreach.stage_correct",
        target=target,
        reason=reason.strip(),
        details={"stage": [before, stage]},
    )


CONNECTED_CLOSE = (
    "「支援につながった」で終了できるのは、段階が「相談・支援につながった」になった対象か、"
    "ケースを開いた対象だけです。"
)


@transaction.atomic
def target_close(
    *,
    actor: User,
    target: OutreachTarget,
    reason: str,
    loaded_at: str,
    closed_on: dt.date | None = None,
) -> None:
    """終了 with its reason; the target leaves every watch list and no date is carried."""
    target = _lock(target)
    check_version(target.updated_at, loaded_at)
    _close(actor=actor, target=target, reason=reason, closed_on=closed_on or _today())


def _close(*, actor: User, target: OutreachTarget, reason: str, closed_on: dt.date) -> None:
    """The one way a (locked) target closes: 支援につながった only once it reached
    相談・支援につながった or a case was opened from it."""
    _check_open(target)
    if reason not in CloseReason.values:
        raise DomainError("終了の理由を選んでください。")
    if closed_on > _today():
        raise DomainError("終了日が未来の日付です。")
    if reason == CloseReason.CONNECTED and not (
        target.stage == Stage.CONNECTED or target.case_id is not None
    ):
        raise DomainError(CONNECTED_CLOSE)
    moved = target.set_stage(Stage.CLOSED, closed_on)
    target.close_reason = reason
    target.closed_on = closed_on
    target.next_contact_on = None
    target.save(
        update_fields=[*moved, "close_reason", "closed_on", "next_contact_on", "updated_at"]
    )
    audit_record(actor=actor, action="outreach.close", target=target, details={"reason": reason})


@transaction.atomic
def target_review(
    *,
    actor: User,
    target: OutreachTarget,
    decision: str,
    approach: str = "",
    next_review_on: dt.date | None = None,
    close_reason: str = "",
    reviewed_on: dt.date | None = None,
) -> OutreachReview:
    """見直し: 続ける (with the new plan of approach) and 支援会議へ carry the target to its
    next review date (three months on unless chosen); 終了 closes it through the one closing
    path, with the same reasons and rules."""
    target = _lock(target)
    _check_open(target)
    reviewed_on = reviewed_on or _today()
    if decision not in Decision.values:
        raise DomainError("見直しで決めたことを選んでください。")
    if reviewed_on > _today():
        raise DomainError("見直した日が未来の日付です。")
    if reviewed_on < target.registered_on:
        raise DomainError("見直した日が把握日より前です。")
    if decision == Decision.CONTINUE and not approach.strip():
        raise DomainError("続けるときは、これからの接触の仕方を入力してください。")
    if decision == Decision.CLOSE:
        if not close_reason:
            raise DomainError("終了するときは、終了の理由を選んでください。")
        next_review_on = None
    else:
        close_reason = ""
        next_review_on = next_review_on or review_date(reviewed_on)
        if next_review_on <= reviewed_on:
            raise DomainError("次の見直し日は、見直した日より後の日付にしてください。")
    review = OutreachReview.objects.create(
        target=target,
        reviewed_on=reviewed_on,
        decision=decision,
        approach=approach.strip(),
        next_review_on=next_review_on,
        close_reason=close_reason,
        recorded_by=actor,
        organization_id=actor.organization_id,
    )
    audit_record(
        actor=actor,
        action="outreach.review",
        target=target,
        details={"review": review.pk, "decision": decision},
    )
    if next_review_on is None:
        _close(actor=actor, target=target, reason=close_reason, closed_on=reviewed_on)
    else:
        target.review_on = next_review_on
        target.save(update_fields=["review_on", "updated_at"])
    return review
