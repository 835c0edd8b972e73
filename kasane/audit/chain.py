"""The seal over the audit trail: tampering is detected even by the database owner.

Every audit row is chained to the one before it: `h(n) = HMAC-SHA256(key, h(n-1) ‖ row n)`,
where "row n" is the event's every column and the ids of the people it names, in one canonical
form. The worker seals the events in id order a few minutes after they were written
(`KASANE_AUDIT_SEAL_DELAY_MINUTES`, when every transaction that wrote one has committed) and
stores each batch's last hash as an `AuditSeal`; the next batch starts from it. `verify`
recomputes the whole chain and names every seal whose events were changed, deleted, inserted
or truncated.

The key (`KASANE_AUDIT_SEAL_KEY`) lives with the application, not in the database: whoever can
rewrite the tables (a PostgreSQL superuser) cannot compute a seal that verifies. What they can
still do is delete the seals and the events together; the daily checks (`AuditCheck`, shown to
the auditor and written to the log) record how far the trail was sealed, so a trail that
shrinks is seen there, and operations keep those lines off the machine (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from kasane.audit.models import AuditCheck, AuditEvent, AuditPerson, AuditSeal

logger = logging.getLogger("kasane.audit")

GENESIS = "0" * 64
BATCH = 5_000  # events read per query
SEAL_MAX = 200_000  # events per seal, so that one run of the worker stays short
COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_username",
    "organization_id",
    "roles",
    "action",
    "object_type",
    "object_id",
    "ip",
    "request_id",
    "reason",
    "details",
)


def _key() -> bytes:
    configured = settings.KASANE_AUDIT_SEAL_KEY
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"kasane-audit-seal", hashlib.sha256).digest()


def canonical(row: dict[str, object], people: list[int]) -> bytes:
    """One event as bytes: every column (the time in UTC) and its people, in a fixed order."""
    at = row["at"]
    values = [
        at.astimezone(dt.UTC).isoformat() if isinstance(at, dt.datetime) else at,
        *(row[name] for name in COLUMNS if name != "at"),
        sorted(people),
    ]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _events(after: int, last: int) -> Iterator[tuple[int, bytes]]:
    """(id, canonical bytes) of the events in (after, last], in id order."""
    start = after
    while True:
        rows = list(
            AuditEvent.objects.filter(id__gt=start, id__lte=last)
            .order_by("id")
            .values(*COLUMNS)[:BATCH]
        )
        if not rows:
            return
        ids = [row["id"] for row in rows]
        people: dict[int, list[int]] = {}
        for event_id, person_id in AuditPerson.objects.filter(event_id__in=ids).values_list(
            "event_id", "person_id"
        ):
            people.setdefault(event_id, []).append(person_id)
        for row in rows:
            yield row["id"], canonical(row, people.get(row["id"], []))
        start = ids[-1]


def _chain(previous: str, after: int, last: int) -> tuple[str, int]:
    """The hash after chaining the events in (after, last] onto `previous`, and their count."""
    key, digest, count = _key(), previous, 0
    for _, data in _events(after, last):
        digest = hmac.new(key, digest.encode() + data, hashlib.sha256).hexdigest()
        count += 1
    return digest, count


def seal_once(now: dt.datetime) -> AuditSeal | None:
    """Seal the next batch of events written before now minus the delay; None when there is
    none (or another worker sealed it first)."""
    cutoff = now - dt.timedelta(minutes=settings.KASANE_AUDIT_SEAL_DELAY_MINUTES)
    previous = AuditSeal.objects.order_by("-after_event_id").first()
    after = previous.last_event_id if previous else 0
    last = AuditEvent.objects.filter(id__gt=after, at__lt=cutoff).aggregate(last=Max("id"))["last"]
    if last is None:
        return None
    last = min(last, after + SEAL_MAX)
    digest, count = _chain(previous.hash if previous else GENESIS, after, last)
    try:
        with transaction.atomic():
            return AuditSeal.objects.create(
                after_event_id=after, last_event_id=last, events=count, hash=digest, sealed_at=now
            )
    except IntegrityError:  # another worker sealed this batch
        return None


def seal(now: dt.datetime, budget_seconds: float = 50.0) -> int:
    """Seal batches until caught up or out of time; the number of events sealed."""
    sealed, started = 0, time.monotonic()
    while time.monotonic() - started < budget_seconds:
        made = seal_once(now)
        if made is None:
            break
        sealed += made.events
    return sealed


@dataclass
class Verification:
    seals: int = 0
    sealed_events: int = 0
    sealed_through: int = 0
    chain_head: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(since: int = 0) -> Verification:
    """Recompute the chain and compare it with the seals: over every sealed event, or (a
    daily check) over the seals after event `since`, starting from the seal that ends there."""
    result = Verification()
    previous_hash, previous_last = GENESIS, 0
    if since:
        start = AuditSeal.objects.filter(last_event_id=since).first()
        if start is None:
            result.problems.append(f"監査ログID {since:,} で終わる封印がありません（封印の削除）。")
            return result
        previous_hash, previous_last = start.hash, since
    seals = AuditSeal.objects.filter(after_event_id__gte=since).order_by("after_event_id")
    for seal_row in seals.iterator(chunk_size=1000):
        span = f"監査ログID {seal_row.after_event_id + 1}〜{seal_row.last_event_id}"
        if seal_row.after_event_id != previous_last:
            result.problems.append(f"{span}: 前の封印とつながっていません（封印の削除）。")
        digest, count = _chain(previous_hash, seal_row.after_event_id, seal_row.last_event_id)
        if count != seal_row.events:
            result.problems.append(
                f"{span}: 封印時は{seal_row.events:,}件、いまは{count:,}件です（削除または追加）。"
            )
        elif digest != seal_row.hash:
            result.problems.append(f"{span}: 内容が封印時と異なります（改ざん）。")
        previous_hash, previous_last = seal_row.hash, seal_row.last_event_id
        result.seals += 1
        result.sealed_events += seal_row.events
    result.sealed_through, result.chain_head = previous_last, previous_hash
    _compare_with_last_check(result)
    return result


def _compare_with_last_check(result: Verification) -> None:
    """A trail sealed less far than at the last good check has lost seals (and events)."""
    last_good = AuditCheck.objects.filter(ok=True).order_by("-checked_at", "-id").first()
    if last_good is not None and result.sealed_through < last_good.sealed_through:
        result.problems.append(
            f"封印済みの範囲が前回の確認（監査ログID {last_good.sealed_through:,} まで）より"
            f"短くなっています（監査ログID {result.sealed_through:,} まで）。"
        )


def check(now: dt.datetime, *, full: bool = True) -> AuditCheck:
    """Verify, record the result for the auditor, and log it (for a copy off the machine). A
    check that is not `full` reads only what was sealed since the last check, when that one
    found nothing wrong (after a failed check, every check reads everything again, so a
    broken trail stays reported)."""
    last = AuditCheck.objects.order_by("-checked_at", "-id").first()
    since = last.sealed_through if last is not None and last.ok and not full else 0
    result = verify(since)
    if last is not None and since:  # the totals are the whole trail's, as in a full check
        result.sealed_events += last.sealed_events
    with transaction.atomic():
        recorded = AuditCheck.objects.create(
            checked_at=now,
            full=not since,
            ok=result.ok,
            sealed_through=result.sealed_through,
            sealed_events=result.sealed_events,
            chain_head=result.chain_head,
            problems=result.problems[:50],
        )
    log = logger.info if result.ok else logger.error
    log(
        "audit seal check (%s): %s, sealed through event %s (%s events, %s seals), head %s%s",
        "full" if not since else f"since event {since}",
        "ok" if result.ok else "TAMPERED",
        result.sealed_through,
        result.sealed_events,
        result.seals,
        result.chain_head,
        "" if result.ok else ": " + " / ".join(result.problems[:5]),
    )
    return recorded
