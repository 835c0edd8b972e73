"""The notices' background jobs: the outbox sent by `run_worker --once`, never twice by two
workers; the daily summary mail (counts and a link only, once a day, after the hour); the
deletion of old notices and sent messages."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.core.models import JobRun
from kasane.notices import daily, sending, services
from kasane.notices.kinds import Kind, Mode, TargetType
from kasane.notices.models import Channel, Delivery, DeliveryStatus, Notice, NoticePreference
from tests.notices.conftest import ChatServer, webhook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_demo_notices() -> None:
    """The demo's own unread notices (city.NOTICES) would be counted and purged too."""
    Notice.objects.all().delete()


TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def no_demo_notices() -> None:
    """The demo's unread notices (houkatsu, coordinator…) would add to the counts below."""
    Notice.objects.all().delete()


def test_run_worker_once_sends_the_queued_messages(chat_server: ChatServer) -> None:
    hook = webhook(chat_server.url())
    with transaction.atomic():
        services.chat(kind=Kind.URGENT_CONSULTATION, organization=hook.organization, path="/")
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert len(chat_server.received) == 1
    assert Delivery.objects.get(webhook=hook).status == DeliveryStatus.SENT
    assert JobRun.objects.get(name="notices.send").last_result == "送信 1件、失敗 0件"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
def test_two_workers_never_send_the_same_message_twice(chat_server: ChatServer) -> None:
    """Two workers (threads with their own connections) send the same committed outbox at
    the same moment: each message reaches the chat once."""
    count = 40

    def in_own_connection(action) -> None:  # type: ignore[no-untyped-def]
        def run() -> None:
            try:
                action()
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()

    hook_ids: list[int] = []

    def setup() -> None:
        hook = webhook(chat_server.url())
        hook_ids.append(hook.pk)
        Delivery.objects.bulk_create(
            Delivery(channel=Channel.CHAT, webhook=hook, text=f"【Kasane】{n}")
            for n in range(count)
        )

    in_own_connection(setup)
    try:
        now = timezone.now()
        barrier = threading.Barrier(2)

        def worker() -> None:
            try:
                barrier.wait()
                sending.send_due(now)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        texts = sorted(post.json["text"] for post in chat_server.received)
        assert texts == sorted(f"【Kasane】{n}" for n in range(count))
        states: list[tuple[str, int]] = []
        in_own_connection(
            lambda: states.extend(
                Delivery.objects.filter(webhook_id=hook_ids[0]).values_list("status", "attempts")
            )
        )
        assert set(states) == {(DeliveryStatus.SENT, 1)}
    finally:

        def cleanup() -> None:
            Delivery.objects.filter(webhook_id__in=hook_ids).delete()
            webhook_model = Delivery._meta.get_field("webhook").related_model
            webhook_model.objects.filter(pk__in=hook_ids).delete()  # type: ignore[union-attr]

        in_own_connection(cleanup)


# --- The daily summary ------------------------------------------------------------------------


@pytest.fixture
def mail_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KASANE_MAIL_ENABLED = True
    settings.KASANE_NOTICE_SUMMARY_HOUR = 8


def _wants_summary(user: User, *kinds: str) -> None:
    user.email = f"{user.username}@example.lg.jp"
    user.save(update_fields=["email"])
    for kind in kinds:
        NoticePreference.objects.create(user=user, kind=kind, mode=Mode.SUMMARY)


def _notices(user: User, kind: str, count: int, read: bool = False) -> None:
    Notice.objects.bulk_create(
        Notice(
            recipient=user,
            kind=kind,
            text="主担当になりました",
            target_type=TargetType.CASE,
            target_id=1,
            read_at=timezone.now() if read else None,
        )
        for _ in range(count)
    )


def _at(hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, 2, hour, 5, tzinfo=TOKYO)


@pytest.mark.usefixtures("mail_on")
def test_the_summary_counts_unread_notices_of_the_kinds_chosen(houkatsu: User) -> None:
    _wants_summary(houkatsu, Kind.CASE_TEAM, Kind.MEETING)
    _notices(houkatsu, Kind.CASE_TEAM, 3)
    _notices(houkatsu, Kind.CASE_TEAM, 2, read=True)
    _notices(houkatsu, Kind.MEETING, 1)
    _notices(houkatsu, Kind.TASK_DUE, 4)  # not chosen for the summary
    daily.write_summaries(_at(8))
    summary = Delivery.objects.get(channel=Channel.MAIL)
    assert summary.recipient == houkatsu
    assert summary.subject == "【Kasane】未読のお知らせ 4件（12月2日）"
    assert "・ケースの主担当・チームへの参加・離脱：3件" in summary.text
    assert "・会議の招集・日時の変更・中止：1件" in summary.text
    assert "自分の対応" not in summary.text
    assert "お知らせの一覧：http://127.0.0.1:8000/notices/" in summary.text
    assert "受け取り方の変更：http://127.0.0.1:8000/notices/preferences/" in summary.text
    assert "主担当になりました" not in summary.text  # counts only, never a notice's text


@pytest.mark.usefixtures("mail_on")
def test_the_summary_is_written_once_a_day_after_the_hour(houkatsu: User) -> None:
    _wants_summary(houkatsu, Kind.CASE_TEAM)
    _notices(houkatsu, Kind.CASE_TEAM, 1)
    assert daily.write_summaries(_at(7)) == ""
    assert not Delivery.objects.exists()
    daily.write_summaries(_at(8))
    daily.write_summaries(_at(8) + dt.timedelta(minutes=10))
    daily.write_summaries(_at(23))
    assert Delivery.objects.count() == 1
    daily.write_summaries(_at(8) + dt.timedelta(days=1))
    assert Delivery.objects.count() == 2


@pytest.mark.usefixtures("mail_on")
def test_no_summary_without_unread_notices_an_address_or_the_choice(
    houkatsu: User, coordinator: User, zeimu: User
) -> None:
    _wants_summary(houkatsu, Kind.CASE_TEAM)
    _notices(houkatsu, Kind.CASE_TEAM, 2, read=True)
    NoticePreference.objects.create(user=coordinator, kind=Kind.CASE_TEAM, mode=Mode.SUMMARY)
    coordinator.email = ""
    coordinator.save(update_fields=["email"])
    _notices(coordinator, Kind.CASE_TEAM, 2)
    _notices(zeimu, Kind.CASE_TEAM, 2)  # in-app only
    daily.write_summaries(_at(9))
    assert not Delivery.objects.exists()


def test_without_a_mail_server_no_summary_is_written(houkatsu: User) -> None:
    _wants_summary(houkatsu, Kind.CASE_TEAM)
    _notices(houkatsu, Kind.CASE_TEAM, 1)
    assert daily.write_summaries(_at(9)) == ""
    assert not Delivery.objects.exists()


# --- Deleting what is old -----------------------------------------------------------------------


def test_the_purge_deletes_old_notices_and_sent_messages(settings, houkatsu: User) -> None:  # type: ignore[no-untyped-def]
    settings.KASANE_NOTICE_KEEP_DAYS = 90
    settings.KASANE_NOTICE_UNREAD_KEEP_DAYS = 365
    now = timezone.now()

    def notice(days: int, read_days: int | None) -> Notice:
        return Notice.objects.create(
            recipient=houkatsu,
            kind=Kind.CASE_TEAM,
            text="x",
            created_at=now - dt.timedelta(days=days),
            read_at=None if read_days is None else now - dt.timedelta(days=read_days),
        )

    old_read = notice(200, 91)
    recent_read = notice(200, 89)
    old_unread = notice(366, None)
    unread = notice(300, None)

    def delivery(days: int, status: str) -> Delivery:
        return Delivery.objects.create(
            channel=Channel.MAIL,
            recipient=houkatsu,
            text="x",
            status=status,
            created_at=now - dt.timedelta(days=days),
        )

    old_sent = delivery(91, DeliveryStatus.SENT)
    sent = delivery(10, DeliveryStatus.SENT)
    old_failed = delivery(400, DeliveryStatus.FAILED)
    failed = delivery(91, DeliveryStatus.FAILED)
    pending = delivery(400, DeliveryStatus.PENDING)
    assert daily.purge(now) == "お知らせ 2件、送信記録 2件を削除"
    mine = Notice.objects.filter(recipient=houkatsu).values_list("pk", flat=True)
    assert set(mine) == {recent_read.pk, unread.pk}
    kept = Delivery.objects.filter(recipient=houkatsu).values_list("pk", flat=True)
    assert set(kept) == {sent.pk, failed.pk, pending.pk}
    assert not Notice.objects.filter(pk__in=[old_read.pk, old_unread.pk]).exists()
    assert not Delivery.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()
    assert daily.purge(now) == ""


def test_the_purge_deletes_in_batches(monkeypatch: pytest.MonkeyPatch, houkatsu: User) -> None:
    monkeypatch.setattr(daily, "DELETE_BATCH", 3)
    old = timezone.now() - dt.timedelta(days=400)
    Notice.objects.bulk_create(
        Notice(recipient=houkatsu, kind=Kind.CASE_TEAM, text="x", created_at=old) for _ in range(10)
    )
    daily.purge(timezone.now())
    assert not Notice.objects.filter(recipient=houkatsu, created_at=old).exists()


def test_a_backlog_is_purged_a_bounded_part_per_run(
    monkeypatch: pytest.MonkeyPatch, houkatsu: User
) -> None:
    """The worker runs its jobs one after another: a purge must not hold up the chat."""
    monkeypatch.setattr(daily, "DELETE_BATCH", 3)
    monkeypatch.setattr(daily, "MAX_BATCHES", 2)
    old = timezone.now() - dt.timedelta(days=400)
    Notice.objects.bulk_create(
        Notice(recipient=houkatsu, kind=Kind.CASE_TEAM, text="x", created_at=old) for _ in range(10)
    )
    daily.purge(timezone.now())
    assert Notice.objects.filter(recipient=houkatsu, created_at=old).count() == 4
    daily.purge(timezone.now())
    assert not Notice.objects.filter(recipient=houkatsu, created_at=old).exists()
