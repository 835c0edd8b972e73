"""The writes of retention: legal holds, and the life of a disposal batch (propose → approve →
dispose, or return). Each runs in a transaction and writes its audit row in it; a refusal
(a held record, a record no longer due, self-approval) raises `DomainError` and changes
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError
from kasane.people.models import Person
from kasane.retention import people as whose
from kasane.retention.disposal import BLANK
from kasane.retention.due import due
from kasane.retention.models import (
    DUE_KINDS,
    BatchStatus,
    DisposalBatch,
    DisposalItem,
    Kind,
    LegalHold,
)

# The audit trail names the background worker so when it disposes or stops a batch.
WORKER = "（バックグラウンド処理）"

HELD = (
    "訴訟・開示請求による保留中の本人の記録が含まれています（{records}）。"
    "保留中の記録は廃棄できません。何も変更していません。"
)
NOT_DUE = (
    "保存期間が過ぎていない記録、または既にほかの廃棄の案にある記録が含まれています"
    "（{records}）。何も変更していません。"
)
CHANGED = (
    "案を作った後に状態が変わり、保存期間の対象でなくなった記録があります（{records}）。"
    "何も変更していません。案を差し戻して作り直してください。"
)


def _name(kind: str, ids: Iterable[int]) -> str:
    shown = sorted(ids)
    more = f" ほか{len(shown) - 10}件" if len(shown) > 10 else ""
    return f"{Kind(kind).label} " + "、".join(str(pk) for pk in shown[:10]) + more


# Legal holds ------------------------------------------------------------------------------


@transaction.atomic
def hold_place(*, actor: User, person: Person, reason: str, note: str) -> LegalHold:
    """訴訟・開示請求中: from now on no record of the person is disposed (one active hold per
    person)."""
    if LegalHold.objects.filter(person=person, lifted_at__isnull=True).exists():
        raise DomainError("この本人には既に保留があります。")
    hold = LegalHold.objects.create(person=person, reason=reason, note=note, placed_by=actor)
    audit_record(
        actor=actor,
        action="retention.hold_place",
        target=hold,
        details={"reason": reason},
        people=[person.pk],
    )
    return hold


@transaction.atomic
def hold_lift(*, actor: User, hold: LegalHold, note: str) -> LegalHold:
    """Lift a hold (the lawsuit or the disclosure procedure ended), with the reason."""
    locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if locked.lifted_at is not None:
        raise DomainError("この保留は既に解除されています。")
    if not note.strip():
        raise DomainError("解除の理由を入力してください。")
    locked.lifted_at, locked.lifted_by, locked.lift_note = timezone.now(), actor, note.strip()
    locked.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    audit_record(
        actor=actor, action="retention.hold_lift", target=locked, people=[locked.person_id]
    )
    return locked


# Batches ----------------------------------------------------------------------------------


def _due_from(kind: str, record: object) -> dt.date | None:
    value = getattr(record, {"case": "ended_on", "consultation": "received_at"}.get(kind, ""), None)
    if kind == Kind.REFERRAL:
        value = record.closed_at  # type: ignore[attr-defined]
    if kind == Kind.OUTREACH:
        value = record.closed_on  # type: ignore[attr-defined]
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value if isinstance(value, dt.date) else None


def _refuse_held(kind: str, ids: Iterable[int]) -> None:
    held = whose.held_records(kind, ids)
    if held:
        raise DomainError(HELD.format(records=_name(kind, held)))


@transaction.atomic
def batch_propose(
    *, actor: User, kind: str, ids: list[int], note: str = "", today: dt.date | None = None
) -> DisposalBatch:
    """A coordinator proposes the disposal of records of one kind that are due, in no other
    batch and of no person under a legal hold."""
    if kind not in DUE_KINDS:
        raise DomainError("記録の種類を選んでください。")
    ids = sorted(set(ids))
    if not ids:
        raise DomainError("廃棄の案に入れる記録を選んでください。")
    if len(ids) > settings.KASANE_RETENTION_BATCH_MAX:
        raise DomainError(
            f"一つの案に入れられるのは{settings.KASANE_RETENTION_BATCH_MAX:,}件までです。"
        )
    records = list(due(kind, today or timezone.localdate()).filter(pk__in=ids))
    missing = set(ids) - {record.pk for record in records}
    if missing:
        raise DomainError(NOT_DUE.format(records=_name(kind, missing)))
    _refuse_held(kind, ids)
    batch = DisposalBatch.objects.create(proposed_by=actor, note=note, counts={kind: len(ids)})
    try:
        with transaction.atomic():
            DisposalItem.objects.bulk_create(
                DisposalItem(
                    batch=batch,
                    kind=kind,
                    object_id=record.pk,
                    organization_id=record.organization_id,
                    due_from=_due_from(kind, record),
                )
                for record in records
            )
    except IntegrityError:  # another coordinator proposed one of them meanwhile
        raise DomainError(NOT_DUE.format(records=_name(kind, ids))) from None
    audit_record(
        actor=actor,
        action="retention.propose",
        target=batch,
        details={"kind": kind, "count": len(ids), "ids": ids},
    )
    return batch


def _locked(batch: DisposalBatch, *statuses: str) -> DisposalBatch:
    locked = DisposalBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status not in statuses:
        raise DomainError(f"この案は「{locked.get_status_display()}」です。この操作はできません。")
    return locked


def _items_by_kind(batch: DisposalBatch, kind: str | None = None) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    items = batch.items.filter(active=True)
    for item_kind, object_id in items.values_list("kind", "object_id").order_by(
        "kind", "object_id"
    ):
        if kind is None or item_kind == kind:
            found.setdefault(item_kind, []).append(object_id)
    return found


def _check_disposable(batch: DisposalBatch, today: dt.date) -> None:
    """Refuse (changing nothing) a batch with a held record or a record no longer due."""
    for kind, ids in _items_by_kind(batch).items():
        _refuse_held(kind, ids)
        still = set(
            due(kind, today, batch_id=batch.pk).filter(pk__in=ids).values_list("pk", flat=True)
        )
        if gone := set(ids) - still:
            raise DomainError(CHANGED.format(records=_name(kind, gone)))


@transaction.atomic
def batch_approve(*, actor: User, batch: DisposalBatch) -> DisposalBatch:
    """An admin who did not propose the batch approves it; a small batch is disposed at once,
    a larger one by the worker (`retention.dispose`)."""
    locked = _locked(batch, BatchStatus.PROPOSED)
    if locked.proposed_by_id == actor.pk:
        raise DomainError("自分が作った廃棄の案は承認できません。ほかの管理者が承認します。")
    _check_disposable(locked, timezone.localdate())
    locked.status, locked.decided_by, locked.decided_at = (
        BatchStatus.APPROVED,
        actor,
        timezone.now(),
    )
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=actor, action="retention.approve", target=locked, details=locked.counts)
    if locked.total <= settings.KASANE_RETENTION_INLINE_MAX:
        return batch_dispose(batch=locked, actor=actor)  # the disposed batch, not `locked`
    return locked


@transaction.atomic
def batch_return(*, actor: User, batch: DisposalBatch, note: str) -> DisposalBatch:
    """差戻し: the records leave the batch (they may be proposed again)."""
    locked = _locked(batch, BatchStatus.PROPOSED)
    if not note.strip():
        raise DomainError("差戻しの理由を入力してください。")
    _close(locked, BatchStatus.RETURNED, note.strip(), actor)
    audit_record(actor=actor, action="retention.return", target=locked, details=locked.counts)
    return locked


def _close(batch: DisposalBatch, status: str, note: str, actor: User | None) -> None:
    batch.items.update(active=False)
    batch.status, batch.decision_note = status, note
    fields = ["status", "decision_note", "updated_at"]
    if actor is not None:
        batch.decided_by, batch.decided_at = actor, timezone.now()
        fields += ["decided_by", "decided_at"]
    batch.save(update_fields=fields)


@transaction.atomic
def batch_dispose(*, batch: DisposalBatch, actor: User | None = None) -> DisposalBatch:
    """Remove the personal content of the batch's records, then of the people and households
    none of whose records is kept any more (`retention.people`); record it all."""
    locked = _locked(batch, BatchStatus.APPROVED)
    now = timezone.now()
    _check_disposable(locked, timezone.localdate(now))
    by_kind = _items_by_kind(locked)
    named: set[int] = set()
    households: set[int] = set()
    for kind, ids in by_kind.items():
        BLANK[Kind(kind)](ids)
        named |= {pk for people in whose.people_by_record(kind, ids).values() for pk in people}
        households |= whose.households_of(kind, ids)
    locked.items.update(disposed_at=now)
    already = set(
        DisposalItem.objects.filter(
            kind=Kind.PERSON, object_id__in=list(named), disposed_at__isnull=False
        ).values_list("object_id", flat=True)
    )
    people = sorted(whose.existing_people(named) - already - whose.people_still_kept(named))
    _add(locked, Kind.PERSON, people, now)
    households |= whose.households_of(Kind.PERSON, people)
    homes = sorted(whose.households_to_blank(households))
    _add(locked, Kind.HOUSEHOLD, homes, now)
    by_kind |= {Kind.PERSON.value: people, Kind.HOUSEHOLD.value: homes}
    locked.counts = {kind: len(ids) for kind, ids in by_kind.items() if ids}
    locked.status, locked.disposed_at = BatchStatus.DISPOSED, now
    locked.save(update_fields=["counts", "status", "disposed_at", "updated_at"])
    audit_record(
        actor=actor,
        actor_username="" if actor else WORKER,
        action="retention.dispose",
        target=locked,
        details={"counts": locked.counts, "ids": {k: v for k, v in by_kind.items() if v}},
        people=sorted(named),
    )
    return locked


def _add(batch: DisposalBatch, kind: str, ids: list[int], now: dt.datetime) -> None:
    BLANK[Kind(kind)](ids)
    DisposalItem.objects.bulk_create(
        DisposalItem(batch=batch, kind=kind, object_id=pk, disposed_at=now) for pk in ids
    )


@transaction.atomic
def batch_block(*, batch: DisposalBatch, reason: str) -> DisposalBatch:
    """The worker found a held record or a record no longer due in an approved batch: the
    batch stops (中止) and its records leave it; nothing is disposed."""
    locked = _locked(batch, BatchStatus.APPROVED)
    _close(locked, BatchStatus.BLOCKED, reason, None)
    audit_record(
        actor=None,
        actor_username=WORKER,
        action="retention.block",
        target=locked,
        details=locked.counts,
    )
    return locked
