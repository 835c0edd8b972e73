"""Reads of the お知らせ: the header's unread count and the list with its links.

What a notice is about is resolved when it is shown, through `access.notice_targets`: a
record the reader may no longer open is neither named nor linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.core.japanese import wareki
from kasane.core.pagination import CappedCount, capped_count
from kasane.notices.kinds import Kind, Mode, TargetType
from kasane.notices.models import Notice, NoticePreference

# The header shows up to this many unread notices, then 「99+」.
UNREAD_CAP = 99


def unread_count(user: User) -> CappedCount:
    """One query on the partial index `notice_unread`, stopping after UNREAD_CAP + 1 rows."""
    return capped_count(Notice.objects.filter(recipient=user, read_at__isnull=True), UNREAD_CAP)


@dataclass(frozen=True)
class NoticeRow:
    notice: Notice
    url: str
    label: str
    # False when the notice is about a record the reader may no longer open.
    available: bool
    record: Any = None

    @property
    def is_case(self) -> bool:
        return self.record is not None and self.notice.target_type == TargetType.CASE


def _when(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{wareki(local)} {local:%H:%M}"


def _target_link(target_type: str, record: Any) -> tuple[str, str]:
    """(url, label) of a record the reader may open. Labels are those of the lists the reader
    already sees: a case by its title and number, the rest without a name."""
    if target_type == TargetType.CASE:
        return reverse("cases:detail", args=[record.pk]), str(record)
    if target_type == TargetType.MEETING:
        when = _when(record.starts_at)
        return reverse("meetings:detail", args=[record.pk]), f"{record.title}（{when}）"
    if target_type == TargetType.OUTREACH_TARGET:
        return reverse("outreach:detail", args=[record.pk]), f"アウトリーチ対象（{record.pk}）"
    if target_type == TargetType.BREAK_GLASS:
        when = _when(record.requested_at)
        return reverse("breakglass:detail", args=[record.pk]), f"緊急時の閲覧（{when}）"
    if target_type == TargetType.RESTRICTED_PERSON:
        return reverse("people:restriction_detail", args=[record.pk]), "閲覧制限の許可の申請"
    if target_type == TargetType.CONSULTATION:
        when = _when(record.received_at)
        return reverse("consultations:detail", args=[record.pk]), f"相談受付（{when}受付）"
    if target_type == TargetType.REFERRAL:
        when = _when(record.sent_at)
        sender = record.sender_organization.name
        return reverse("referrals:detail", args=[record.pk]), f"{sender}からのつなぎ（{when}）"
    when = _when(record.sent_at)
    receiver = record.receiver_organization.name
    return reverse("referrals:sent_list"), f"{receiver}へ送ったつなぎ（{when}）"


def notice_rows(user: User, notices: Sequence[Notice]) -> list[NoticeRow]:
    """The rows of one page of notices, their links resolved in one query per kind of record."""
    targets = access.notice_targets(user, notices)
    rows = []
    for notice in notices:
        record = targets.get((notice.target_type, notice.target_id or 0))
        if record is not None:
            url, label = _target_link(notice.target_type, record)
            rows.append(NoticeRow(notice, url, label, True, record))
        else:
            rows.append(NoticeRow(notice, "", "", not notice.target_type))
    return rows


def preferences_of(user: User) -> dict[str, str]:
    """Each kind's mode for this user: the stored choice, else 「お知らせのみ」."""
    chosen = dict(NoticePreference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind: chosen.get(kind, Mode.APP) for kind in Kind.values}
