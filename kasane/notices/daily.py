"""The daily work on notices, run by the worker (`jobs.py`): the summary mail of unread
notices for those who asked for it, and the deletion of old notices and sent messages.

The summary holds counts per kind and a link to the お知らせ list: no name, no record, no
text of a notice. It is a mail only: the unread notices themselves are already in the list
and counted in the header, so an in-app 「まとめ」 would say the same thing twice. Without a
mail server (KASANE_EMAIL_HOST) nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kasane.notices.kinds import Kind, Mode
from kasane.notices.models import Channel, Delivery, DeliveryStatus, Notice, NoticePreference
from kasane.notices.services import absolute_url

USERS_PER_BATCH = 500
DELETE_BATCH = 1000
# At most this many batches per kind of row and run (5–6 s on PostgreSQL, measured with a
# million notices).
MAX_BATCHES = 20
SENT_KEEP_DAYS = 90
FAILED_KEEP_DAYS = 365


def _url(name: str, fallback: str) -> str:
    try:
        return absolute_url(reverse(name))
    except NoReverseMatch:
        return absolute_url(fallback)


def summary_text(counts: dict[str, int], day: dt.date) -> tuple[str, str]:
    """Subject and body of one user's summary: counts per kind and the link."""
    lines = [f"・{Kind(kind).label}：{count}件" for kind, count in sorted(counts.items())]
    subject = f"【Kasane】未読のお知らせ {sum(counts.values())}件（{day.month}月{day.day}日）"
    body = "\n".join(
        [
            "Kasane に未読のお知らせがあります。",
            "",
            *lines,
            "",
            f"お知らせの一覧：{_url('notices:list', '/notices/')}",
            "",
            "このメールは、お知らせの受け取り方で「お知らせ＋日次まとめ」を選んだ種類について、",
            "1日1回送られます。内容は Kasane にログインして確認してください。",
            f"受け取り方の変更：{_url('notices:preferences', '/notices/preferences/')}",
        ]
    )
    return subject, body


def _summary_kinds() -> dict[int, set[str]]:
    """Who chose the daily summary, for which kinds (active users with an address only)."""
    chosen: dict[int, set[str]] = defaultdict(set)
    rows = NoticePreference.objects.filter(
        mode=Mode.SUMMARY, user__is_active=True, user__email__gt=""
    ).values_list("user_id", "kind")
    for user_id, kind in rows:
        chosen[user_id].add(kind)
    return chosen


def _unread_counts(kinds_by_user: dict[int, set[str]]) -> dict[int, dict[str, int]]:
    """Unread notices per user and kind, of the kinds each user chose: one grouped query per
    batch of users, on the unread index."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    all_kinds = set().union(*kinds_by_user.values()) if kinds_by_user else set()
    users = sorted(kinds_by_user)
    for start in range(0, len(users), USERS_PER_BATCH):
        rows = (
            Notice.objects.filter(
                recipient_id__in=users[start : start + USERS_PER_BATCH],
                read_at__isnull=True,
                kind__in=all_kinds,
            )
            .values("recipient_id", "kind")
            .annotate(count=Count("pk"))
            .values_list("recipient_id", "kind", "count")
            .order_by()
        )
        for user_id, kind, count in rows:
            if kind in kinds_by_user[user_id]:
                counts[user_id][kind] = count
    return counts


def write_summaries(now: dt.datetime) -> str:
    """After KASANE_NOTICE_SUMMARY_HOUR (Japan time), queue today's summary mail for each user
    who chose it and has unread notices of those kinds; once per user and day (`once_key`)."""
    if not settings.KASANE_MAIL_ENABLED:
        return ""
    local = timezone.localtime(now)
    if local.hour < settings.KASANE_NOTICE_SUMMARY_HOUR:
        return ""
    day = local.date()
    counts = _unread_counts(_summary_kinds())
    if not counts:
        return ""
    rows = []
    for user_id, by_kind in counts.items():
        subject, text = summary_text(by_kind, day)
        rows.append(
            Delivery(
                channel=Channel.MAIL,
                recipient_id=user_id,
                subject=subject,
                text=text,
                created_at=now,
                next_attempt_at=now,
                once_key=f"summary:{user_id}:{day.isoformat()}",
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return f"日次まとめ {len(rows)}人分を確認"


def _delete_in_batches(queryset: QuerySet) -> int:
    """Delete by batches of ids, so that no statement holds many rows or runs long, and at
    most MAX_BATCHES of them a run: the worker runs its jobs one after another, and a backlog
    (a year of notices when Kasane starts purging: 753,000 took 134 s) must not hold up the
    chat messages; the hourly runs clear it."""
    deleted = 0
    for _ in range(MAX_BATCHES):
        ids = list(queryset.values_list("pk", flat=True)[:DELETE_BATCH])
        if not ids:
            break
        deleted += queryset.model.objects.filter(pk__in=ids).delete()[0]
    return deleted


def purge(now: dt.datetime) -> str:
    """Delete read notices after KASANE_NOTICE_KEEP_DAYS, unread ones after
    KASANE_NOTICE_UNREAD_KEEP_DAYS, sent messages after 90 days and failed ones after a year."""
    read_before = now - dt.timedelta(days=settings.KASANE_NOTICE_KEEP_DAYS)
    unread_before = now - dt.timedelta(days=settings.KASANE_NOTICE_UNREAD_KEEP_DAYS)
    notices = _delete_in_batches(
        Notice.objects.filter(read_at__isnull=False, read_at__lt=read_before)
    ) + _delete_in_batches(
        Notice.objects.filter(read_at__isnull=True, created_at__lt=unread_before)
    )
    deliveries = _delete_in_batches(
        Delivery.objects.filter(
            status=DeliveryStatus.SENT, created_at__lt=now - dt.timedelta(days=SENT_KEEP_DAYS)
        )
    ) + _delete_in_batches(
        Delivery.objects.filter(
            status=DeliveryStatus.FAILED,
            created_at__lt=now - dt.timedelta(days=FAILED_KEEP_DAYS),
        )
    )
    return f"お知らせ {notices}件、送信記録 {deliveries}件を削除" if notices or deliveries else ""
