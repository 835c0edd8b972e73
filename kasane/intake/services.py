"""Writes on consultations and referrals. Each service checks its rule, saves and writes its
audit row in one transaction. A referral moves only along 送付済 → 受理 → 対応中 → 完了, or
to 差戻し before it is under way; every step is kept as an event with its actor and time."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.intake.areas import place_consultation
from kasane.intake.models import (
    CLOSED_REFERRAL_STATUSES,
    Consultation,
    ConsultationConsent,
    ConsultationIssue,
    IssueCode,
    Outcome,
    Referral,
    ReferralConsent,
    ReferralEvent,
    ReferralKind,
    ReferralOutcome,
    ReferralStatus,
    Urgency,
)
from kasane.notices import rules as notices
from kasane.organizations.models import Organization, Program
from kasane.people import services as people_services
from kasane.people.contact import passed_on_contact
from kasane.people.models import Household, Person

CONSULTATION_FIELDS = (
    "received_at",
    "route",
    "consulter_relation",
    "consulter_name",
    "summary",
    "urgency",
    "urgent_signs",
    "consent",
    "outcome_note",
)
SHEET_FIELDS = ("subject_name", "subject_kana", "subject_contact", "reason", "consent", "urgency")

# The steps a receiver may take from each status.
NEXT_STATUSES = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.RETURNED},
    ReferralStatus.ACCEPTED: {
        ReferralStatus.IN_PROGRESS,
        ReferralStatus.COMPLETED,
        ReferralStatus.RETURNED,
    },
    ReferralStatus.IN_PROGRESS: {ReferralStatus.COMPLETED},
    ReferralStatus.COMPLETED: set(),
    ReferralStatus.RETURNED: set(),
    ReferralStatus.WITHDRAWN: set(),
}
_STEP_REFUSED = {
    ReferralStatus.ACCEPTED: "このつなぎは既に受理されているか、完了・差戻し済みです。",
    ReferralStatus.IN_PROGRESS: "対応を始められるのは、受理したつなぎだけです。",
    ReferralStatus.COMPLETED: "完了にできるのは、受理したつなぎか対応中のつなぎだけです。",
    ReferralStatus.RETURNED: "差戻しができるのは、対応を始める前のつなぎだけです。",
}


def coordination_organization() -> Organization:
    """Where つなぐシート and requests to coordination go: the active organisation that runs
    多機関協働 (the first registered, if a city has several)."""
    for organization in Organization.objects.active().order_by("pk"):
        if Program.COORDINATION in organization.programs:
            return organization
    raise DomainError(
        "多機関協働を担う支援関係機関が登録されていません。管理者に連絡してください。"
    )


def _now() -> dt.datetime:
    return timezone.now()


# --- Consultations ----------------------------------------------------------------------------


def _check_consultation(consultation: Consultation) -> None:
    if consultation.received_at > _now() + dt.timedelta(minutes=5):
        raise DomainError("受付日時が未来です。")
    if (
        consultation.person_id
        and consultation.household is not None
        and not consultation.household.members.filter(
            person_id=consultation.person_id, left_on__isnull=True
        ).exists()
    ):
        raise DomainError("選んだ世帯に本人が含まれていません。")
    if consultation.urgent_signs:
        consultation.urgency = Urgency.URGENT
    consultation.is_urgent = consultation.urgency == Urgency.URGENT


def _main_of(issues: list[IssueCode], main: IssueCode | None) -> IssueCode | None:
    """The main issue: the one marked, or the only one checked."""
    if main is None and len(issues) == 1:
        return issues[0]
    return main


def _set_issues(
    consultation: Consultation, issues: list[IssueCode], main: IssueCode | None
) -> None:
    if main is not None and main not in issues:
        raise DomainError("主な課題は、印を付けた項目から選んでください。")
    main = _main_of(issues, main)
    consultation.issues.all().delete()
    ConsultationIssue.objects.bulk_create(
        ConsultationIssue(consultation=consultation, code=code, is_main=code == main)
        for code in issues
    )


def _issue_names(issues: list[IssueCode], main: IssueCode | None) -> list[str]:
    main = _main_of(issues, main)
    return [f"{code.name}（主）" if code == main else code.name for code in issues]


@transaction.atomic
def consultation_create(
    *,
    actor: User,
    worker: User | None = None,
    person: Person | None = None,
    household: Household | None = None,
    issues: list[IssueCode] = (),  # type: ignore[assignment]
    main_issue: IssueCode | None = None,
    outcome: str,
    pass_to: Organization | None = None,
    referral: Referral | None = None,
    **values: Any,
) -> Consultation:
    """Record a consultation received by the actor's organisation. Passing it on
    (他機関へつなぐ, 多機関協働へつなぐ) sends a referral in the same transaction; opening it
    from a referral puts that referral under way."""
    worker = worker or actor
    if worker.organization_id != actor.organization_id:
        raise DomainError("受付者は同じ機関の職員から選んでください。")
    consultation = Consultation(
        organization_id=actor.organization_id,
        worker=worker,
        person=person,
        household=household,
        outcome=outcome,
        referral=referral,
        created_by=actor,
    )
    apply_changes(consultation, CONSULTATION_FIELDS, values)
    place_consultation(consultation)
    _check_consultation(consultation)
    receiver = _pass_on_receiver(actor, outcome, pass_to, consultation.consent)
    consultation.save()
    _set_issues(consultation, list(issues), main_issue)
    audit_record(
        actor=actor,
        action="consultation.create",
        target=consultation,
        details={
            "route": consultation.route,
            "urgent": consultation.is_urgent,
            "outcome": outcome,
            "person": person.pk if person else None,
            # How many issues, not which: the checklist is case content.
            "issues": len(list(issues)),
        },
    )
    _record_refusal(actor, consultation)
    if consultation.is_urgent:
        notices.urgent_consultation(actor=actor, consultation=consultation)
    if receiver is not None:
        kind = ReferralKind.AGENCY if outcome == Outcome.TO_AGENCY else ReferralKind.COORDINATION
        _send_from_consultation(actor, consultation, kind, receiver)
    if referral is not None:
        _consultation_opened(actor, referral, consultation)
    return consultation


def _record_refusal(actor: User, consultation: Consultation) -> None:
    """A consultation that records 同意なし about a person without an active consent records
    the refusal on the person too (同意なし, not 未確認), once: consent is recorded once."""
    person = consultation.person
    if person is None or consultation.consent != ConsultationConsent.REFUSED:
        return
    if person.consents.filter(withdrawn_on__isnull=True).exists():
        return  # a refusal to share now is a withdrawal of that consent, recorded on it
    people_services.consent_refusal_record(
        actor=actor,
        person=person,
        refused_on=min(timezone.localtime(consultation.received_at).date(), timezone.localdate()),
        notes=f"相談受付 {consultation.pk} で同意なしと記録",
    )


def _pass_on_receiver(
    actor: User, outcome: str, pass_to: Organization | None, consent: str
) -> Organization | None:
    """Where the consultation goes. Another agency receives it only with the person's consent
    (DOMAIN.md §5); without it, coordination takes it on (and may bring it to a 支援会議)."""
    if outcome == Outcome.TO_AGENCY:
        if consent not in (ConsultationConsent.WRITTEN, ConsultationConsent.ORAL):
            raise DomainError(
                "本人の同意がないため、他機関へはつなげません。"
                "「多機関協働へつなぐ」を選ぶと、コーディネーターが受け止めます。"
            )
        if pass_to is None:
            raise DomainError("「他機関へつなぐ」ときは、つなぎ先の機関を選んでください。")
        if pass_to.pk == actor.organization_id:
            raise DomainError("つなぎ先に自分の機関は選べません。")
        if not pass_to.is_active:
            raise DomainError("つなぎ先の機関は現在使われていません。")
        return pass_to
    if outcome == Outcome.TO_COORDINATION:
        return coordination_organization()
    return None


def _send_from_consultation(
    actor: User, consultation: Consultation, kind: str, receiver: Organization
) -> Referral:
    person = consultation.person
    consents: dict[str, str] = {
        ConsultationConsent.WRITTEN: ReferralConsent.AGREED,
        ConsultationConsent.ORAL: ReferralConsent.AGREED,
        ConsultationConsent.REFUSED: ReferralConsent.NOT_AGREED,
    }
    consent = consents.get(consultation.consent, ReferralConsent.UNCONFIRMED)
    subject: dict[str, Any] = {"subject_name": consultation.consulter_name or "（氏名不明）"}
    if person is not None:
        # The address and phone of a restricted person, or of someone living with one, do
        # not travel with the referral.
        contact = passed_on_contact(person)
        subject = {
            "subject_name": person.full_name,
            "subject_kana": person.full_kana,
            "subject_birth_date": person.birth_date,
            "subject_contact": contact,
        }
        # It arrives linked to the person's record when the receiver may open it (coordination
        # sees every record): the receiver does not look them up again. Otherwise the receiver
        # links a record of its own.
        if kind == ReferralKind.COORDINATION or access.organization_sees_person(
            receiver.pk, person
        ):
            subject["person"] = person
    return _send(
        actor,
        kind=kind,
        receiver=receiver,
        reason=consultation.summary
        + (f"\n\n{consultation.outcome_note}" if consultation.outcome_note else ""),
        consent=consent,
        urgency=consultation.urgency,
        source_consultation=consultation,
        **subject,
    )


@transaction.atomic
def consultation_update(
    *,
    actor: User,
    consultation: Consultation,
    loaded_at: str,
    issues: list[IssueCode],
    main_issue: IssueCode | None,
    household: Household | None = None,
    **values: Any,
) -> Consultation:
    """Correct what was recorded. The outcome and the people it was passed to stay as they
    were: a referral once sent is followed on its own record. Returns the stored record."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    check_version(consultation.updated_at, loaded_at)
    was_urgent = consultation.is_urgent
    changes = apply_changes(
        consultation, (*CONSULTATION_FIELDS, "household"), {**values, "household": household}
    )
    _check_consultation(consultation)
    if "household" in changes:
        # Placed anew with the household it now has (the person's area first, as when it was
        # recorded): the count follows what the record says, not later moves.
        place_consultation(consultation)
    before = [
        f"{item.code.name}（主）" if item.is_main else item.code.name
        for item in consultation.issues.select_related("code")
    ]
    after = _issue_names(list(issues), main_issue)
    if sorted(before) != sorted(after):
        _set_issues(consultation, list(issues), main_issue)
        changes["issues"] = [before, after]
    if not changes:
        return consultation
    if consultation.is_urgent and not was_urgent:
        # Newly urgent: it waits for someone to acknowledge it like any urgent one.
        consultation.acknowledged_at = None
        consultation.acknowledged_by = None
    consultation.save()
    audit_record(
        actor=actor,
        action="consultation.update",
        target=consultation,
        details={"fields": changed_fields(changes)},
    )
    if "consent" in changes:
        _record_refusal(actor, consultation)
    if consultation.is_urgent and not was_urgent:
        notices.urgent_consultation(actor=actor, consultation=consultation)
    return consultation


@transaction.atomic
def consultation_acknowledge(*, actor: User, consultation: Consultation) -> None:
    """Someone has seen the urgent consultation and taken it on (確認)."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not locked.is_urgent:
        raise DomainError("緊急の相談ではありません。")
    if locked.acknowledged_at is not None:
        raise DomainError("この緊急の相談は既に確認されています。")
    consultation.acknowledged_at = _now()
    consultation.acknowledged_by = actor
    consultation.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    audit_record(actor=actor, action="consultation.acknowledge", target=consultation)


# --- Referrals --------------------------------------------------------------------------------


def _event(
    referral: Referral, kind: str, actor: User, note: str = "", at: dt.datetime | None = None
):
    return ReferralEvent.objects.create(
        referral=referral, kind=kind, actor=actor, at=at or _now(), note=note
    )


def _send(actor: User, *, kind: str, receiver: Organization, **values: Any) -> Referral:
    if not values.get("subject_name", "").strip():
        raise DomainError("本人の氏名を入力してください。")
    if not values.get("reason", "").strip():
        raise DomainError("気づいたこと・つなぐ理由を入力してください。")
    referral = Referral.objects.create(
        kind=kind,
        sender=actor,
        sender_organization_id=actor.organization_id,
        receiver_organization=receiver,
        sent_at=values.pop("sent_at", None) or _now(),
        **values,
    )
    _event(referral, ReferralEvent.Kind.SENT, actor, at=referral.sent_at)
    if referral.person is not None:
        _event(referral, ReferralEvent.Kind.PERSON_LINKED, actor, referral.person.full_name)
    audit_record(
        actor=actor,
        action="referral.send",
        target=referral,
        details={
            "kind": kind,
            "receiver": receiver.name,
            "consent": referral.consent,
            "urgency": referral.urgency,
            "person": referral.person_id,
        },
    )
    notices.referral_received(actor=actor, referral=referral)
    return referral


def sheet_submit(
    *, actor: User, submission_key: uuid.UUID | None = None, **values: Any
) -> tuple[Referral, bool]:
    """Send a つなぐシート to coordination. The same form submitted twice (a double tap, a
    resend after a dropped connection) gives the one sheet back: `(sheet, created)`."""
    if not values.get("subject_contact", "").strip():
        raise DomainError(
            "本人の連絡先か住所を入力してください。わからなければ「不明」と入力してください。"
        )
    if submission_key is not None:
        existing = Referral.objects.filter(sender=actor, submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            sheet = _send(
                actor,
                kind=ReferralKind.SHEET,
                receiver=coordination_organization(),
                submission_key=submission_key,
                **{name: values[name] for name in SHEET_FIELDS if name in values},
            )
    except IntegrityError:
        # The other tap won the race: its sheet is the one.
        return Referral.objects.get(sender=actor, submission_key=submission_key), False
    return sheet, True


@transaction.atomic
def referral_send(*, actor: User, kind: str, receiver: Organization, **values: Any) -> Referral:
    """A referral between agencies or to coordination (also used by later flows such as
    つなぎ戻し)."""
    if receiver.pk == actor.organization_id:
        raise DomainError("つなぎ先に自分の機関は選べません。")
    return _send(actor, kind=kind, receiver=receiver, **values)


def _step(actor: User, referral: Referral, status: str, **changes: Any) -> Referral:
    """Move the referral one step, saving only what the step changes (a link to a person made
    meanwhile by someone else stays)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status == ReferralStatus.WITHDRAWN:
        raise DomainError("送り元が取り下げたつなぎです。対応はできません。")
    if status not in NEXT_STATUSES[ReferralStatus(locked.status)]:
        raise DomainError(_STEP_REFUSED[ReferralStatus(status)])
    now = _now()
    changes["status"] = status
    if status == ReferralStatus.ACCEPTED:
        changes.update(acknowledged_at=now, acknowledged_by=actor)
    if status in CLOSED_REFERRAL_STATUSES:
        changes["closed_at"] = now
    for name, value in changes.items():
        setattr(referral, name, value)
    referral.save(update_fields=[*changes, "updated_at"])
    return referral


def _acknowledge(actor: User, referral: Referral) -> None:
    _step(actor, referral, ReferralStatus.ACCEPTED)
    _event(referral, ReferralEvent.Kind.ACCEPTED, actor)
    audit_record(actor=actor, action="referral.acknowledge", target=referral)


def _start(actor: User, referral: Referral, note: str = "") -> None:
    _step(actor, referral, ReferralStatus.IN_PROGRESS)
    _event(referral, ReferralEvent.Kind.IN_PROGRESS, actor, note)
    audit_record(actor=actor, action="referral.start", target=referral)


@transaction.atomic
def referral_acknowledge(*, actor: User, referral: Referral) -> None:
    """受理（受け止め）: the receiver has it and will decide; the sender is told."""
    _acknowledge(actor, referral)
    notices.referral_status_changed(actor=actor, referral=referral)


@transaction.atomic
def referral_start(*, actor: User, referral: Referral, note: str = "") -> None:
    _start(actor, referral, note)
    notices.referral_status_changed(actor=actor, referral=referral)


def _take_up(actor: User, locked: Referral) -> bool:
    """受理 (if nobody had) and 対応中, as one move the sender is told of once, by the caller.
    Whether anything moved."""
    moved = locked.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    if locked.status == ReferralStatus.SENT:
        _acknowledge(actor, locked)
    if locked.status == ReferralStatus.ACCEPTED:
        _start(actor, locked)
    return moved


@transaction.atomic
def referral_take_up(*, actor: User, referral: Referral) -> None:
    """Put a referral under way (受理 if needed, then 対応中), e.g. when it is attached to a
    case: the sender is told once, of where it now stands."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if _take_up(actor, locked):
        referral.refresh_from_db()
        notices.referral_status_changed(actor=actor, referral=referral)


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral, outcome: str, note: str = "") -> None:
    if outcome not in ReferralOutcome.values:
        raise DomainError("結果を選んでください。")
    _step(actor, referral, ReferralStatus.COMPLETED, outcome=outcome)
    _event(referral, ReferralEvent.Kind.COMPLETED, actor, note)
    audit_record(
        actor=actor, action="referral.complete", target=referral, details={"outcome": outcome}
    )
    notices.referral_status_changed(actor=actor, referral=referral)


@transaction.atomic
def referral_return(*, actor: User, referral: Referral, reason: str) -> None:
    """差戻し: not for us, or not enough to act on; the sender reads the reason."""
    if not reason.strip():
        raise DomainError("差戻しの理由を入力してください。送り元に伝わります。")
    _step(actor, referral, ReferralStatus.RETURNED, return_reason=reason.strip())
    _event(referral, ReferralEvent.Kind.RETURNED, actor, reason.strip())
    audit_record(actor=actor, action="referral.return", target=referral, reason=reason.strip())
    notices.referral_status_changed(actor=actor, referral=referral)


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral, reason: str = "") -> None:
    """取り下げ: the sender takes back a つなぐシート sent by mistake, as long as the receiver
    has not accepted it (受理). The receiver then sees it as 取り下げ and cannot act on it."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.kind != ReferralKind.SHEET or locked.sender_id != actor.pk:
        raise DomainError("取り下げられるのは、自分が送ったつなぐシートだけです。")
    if locked.status != ReferralStatus.SENT:
        raise DomainError("受け手が受理したシートは取り下げられません。受け手に連絡してください。")
    referral.status, referral.closed_at = ReferralStatus.WITHDRAWN, _now()
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    _event(referral, ReferralEvent.Kind.WITHDRAWN, actor, reason.strip())
    audit_record(actor=actor, action="referral.withdraw", target=referral, reason=reason.strip())


@transaction.atomic
def referral_case_opened(*, actor: User, referral: Referral, case_label: str) -> None:
    """A case was opened from the referral: the receiver has it in hand (受理, then 対応中) and
    the sender is told 支援開始. The referral stays open until the receiver completes it (the
    screening may still find the case is not for coordination)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status == ReferralStatus.WITHDRAWN:
        raise DomainError("送り元が取り下げたつなぎからは、ケースを開けません。")
    if not locked.is_open:
        return  # finished long ago (e.g. a つなぎ戻し answered): its outcome stays
    _take_up(actor, locked)
    referral.refresh_from_db()
    referral.outcome = ReferralOutcome.SUPPORT_STARTED
    referral.save(update_fields=["outcome", "updated_at"])
    _event(referral, ReferralEvent.Kind.CASE_OPENED, actor, case_label)
    audit_record(
        actor=actor, action="referral.case_opened", target=referral, details={"case": case_label}
    )
    notices.referral_status_changed(actor=actor, referral=referral)  # 支援開始, told once


@transaction.atomic
def referral_link_person(*, actor: User, referral: Referral, person: Person) -> None:
    """The receiver says who the referral is about (a person it may see)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise DomainError("完了・差戻し・取り下げ済みのつなぎは変更できません。")
    previous = locked.person_id
    referral.person = person
    referral.save(update_fields=["person", "updated_at"])
    _event(referral, ReferralEvent.Kind.PERSON_LINKED, actor, person.full_name)
    audit_record(
        actor=actor,
        action="referral.link_person",
        target=referral,
        details={"person": [previous, person.pk]},
        people=[previous],
    )


def _consultation_opened(actor: User, referral: Referral, consultation: Consultation) -> None:
    """A consultation opened from a referral puts it under way (acknowledging it first if
    nobody had)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise DomainError("完了・差戻し・取り下げ済みのつなぎからは相談受付を作れません。")
    moved = _take_up(actor, locked)
    referral.refresh_from_db()
    if moved:
        notices.referral_status_changed(actor=actor, referral=referral)
    if referral.person_id is None and consultation.person is not None:
        referral_link_person(actor=actor, referral=referral, person=consultation.person)
    _event(referral, ReferralEvent.Kind.CONSULTATION, actor, f"相談受付 {consultation.pk}")


# --- The issue checklist (admin) --------------------------------------------------------------


def issue_code_create(*, actor: User, name: str, sort_order: int) -> IssueCode:
    name = name.strip()
    try:
        with transaction.atomic():
            if IssueCode.objects.filter(name=name).exists():
                raise IntegrityError
            code = IssueCode.objects.create(name=name, sort_order=sort_order)
            audit_record(
                actor=actor, action="issue_code.create", target=code, details={"name": name}
            )
    except IntegrityError:
        raise DomainError("同じ名前の項目が既にあります。") from None
    return code


@transaction.atomic
def issue_code_update(
    *, actor: User, code: IssueCode, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    code = IssueCode.objects.select_for_update().get(pk=code.pk)
    check_version(code.updated_at, loaded_at)
    if "name" in values:
        values["name"] = values["name"].strip()
    if IssueCode.objects.filter(name=values.get("name", code.name)).exclude(pk=code.pk).exists():
        raise DomainError("同じ名前の項目が既にあります。")
    changes = apply_changes(code, ("name", "sort_order", "is_active"), values)
    if not changes:
        return changes
    code.save(update_fields=[*changes, "updated_at"])
    audit_record(actor=actor, action="issue_code.update", target=code, details=changes)
    return changes
