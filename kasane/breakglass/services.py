"""緊急時の閲覧: the request (by a case-work user) and the review (by an auditor). Each runs in a
transaction with its audit row; the request tells the coordinators and auditors in the same
transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.breakglass.models import BreakGlass, Verdict
from kasane.core.errors import DomainError
from kasane.core.japanese import wareki
from kasane.notices import rules
from kasane.people.models import Person

# A reason must say something: a few words at least.
REASON_MIN_LENGTH = 8


class AlreadyOpen(DomainError):
    """The user already has an active use for this person: it is not extended (each use is
    reviewed on its own); the page links to it."""

    def __init__(self, use: BreakGlass) -> None:
        local = timezone.localtime(use.expires_at)
        super().__init__(
            f"この方の緊急時の閲覧は、既に有効です（{wareki(local)} {local:%H:%M}まで）。"
            "延長はできません。期限が切れた後も必要なときは、改めて申請してください。"
        )
        self.use = use


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(hours=settings.KASANE_BREAK_GLASS_HOURS)


def break_glass_request(*, actor: User, person: Person, reason: str, confirmed: bool) -> BreakGlass:
    """Open a person another agency holds, read only, for `KASANE_BREAK_GLASS_HOURS`: only for
    case-work staff (`access.may_break_glass`), only someone the user does not see already,
    on a stated reason and a confirmed warning; a second request while one is active is
    refused. The coordinators and auditors are told."""
    reason = reason.strip()
    if not access.may_break_glass(actor):
        raise DomainError(
            "緊急時の閲覧は、相談支援・アウトリーチ・参加支援の担当者だけが申請できます。"
        )
    if len(reason) < REASON_MIN_LENGTH:
        raise DomainError(f"理由を{REASON_MIN_LENGTH}文字以上で具体的に書いてください。")
    if not confirmed:
        raise DomainError("閲覧が記録され監査担当者が確認することを、確認してください。")
    if not access.people_beyond_reach(actor).filter(pk=person.pk).exists():
        raise DomainError("この方の記録は、緊急時の閲覧の対象ではありません。")
    with transaction.atomic():
        # One user's requests one at a time: two quick clicks make one use.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if active := access.active_break_glass(actor).filter(person=person).first():
            raise AlreadyOpen(active)
        now = timezone.now()
        use = BreakGlass.objects.create(
            user=actor,
            organization_id=actor.organization_id,
            person=person,
            reason=reason,
            requested_at=now,
            expires_at=_expiry(now),
        )
        audit_record(
            actor=actor,
            action="breakglass.request",
            target=use,
            reason=reason,
            details={"hours": settings.KASANE_BREAK_GLASS_HOURS},
        )
        rules.break_glass_used(actor=actor, use=use)
    return use


def break_glass_review(*, actor: User, use: BreakGlass, verdict: str, note: str) -> BreakGlass:
    """An auditor marks a use reviewed: 適切, or 要確認 with what is to be checked. Once: a
    reviewed use is not reviewed again, and nobody reviews their own use."""
    note = note.strip()
    if verdict not in Verdict.values:
        raise DomainError("確認の結果（適切・要確認）を選んでください。")
    if verdict == Verdict.NEEDS_FOLLOW_UP and not note:
        raise DomainError("要確認のときは、確認することをメモに書いてください。")
    access.break_glass_to_review(actor)  # 404 for anyone but an auditor
    with transaction.atomic():
        use = BreakGlass.objects.select_for_update().get(pk=use.pk)
        if use.user_id == actor.pk:
            raise DomainError("ご自分の緊急時の閲覧は確認できません。")
        if use.is_reviewed:
            raise DomainError("この緊急時の閲覧は、既に確認済みです。")
        use.is_reviewed = True
        use.verdict = verdict
        use.review_note = note
        use.reviewed_by = actor
        use.reviewed_at = timezone.now()
        use.save(
            update_fields=["is_reviewed", "verdict", "review_note", "reviewed_by", "reviewed_at"]
        )
        audit_record(
            actor=actor,
            action="breakglass.review",
            target=use,
            reason=note,
            details={"verdict": verdict},
        )
    return use
