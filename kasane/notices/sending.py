"""Sending the outbox (`Delivery`): chat messages to the incoming webhooks of the city's chat
and the daily summary mails. Run by the worker's job `notices.send` (`jobs.py`), never in a
user's request.

A due row is claimed by pushing its `next_attempt_at` past the time a send can take, under a
row lock that other workers skip (PostgreSQL) and only if nobody moved it first, so that two
workers never send the same message. A failure is retried after 1, 5 and 30 minutes, 2 and 6
hours, then the row is 送信失敗 and stays on the admin's log, where it can be sent again.

What leaves Kasane is the row's text: for chat, the kind, the organisation and a link
(`services.chat_text`); for mail, counts per kind and a link. The error recorded never holds
the webhook's URL, whose path is the chat's secret token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from kasane.notices.models import (
    Channel,
    ChatStyle,
    ChatWebhook,
    Delivery,
    DeliveryStatus,
)

logger = logging.getLogger("kasane.worker.notices")

TIMEOUT_SECONDS = 5
# Waits before the 2nd, 3rd, … attempt; after the last one the row is FAILED.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a claimed row is left to the worker that claimed it (a send takes at most the
# timeout; a worker killed mid-send leaves the row to be retried after this).
LEASE = dt.timedelta(minutes=2)
BATCH = 50
TITLE = "Kasane"


class SendError(Exception):
    """A message not delivered; the text is what the admin's log shows (no URL, no token)."""


def chat_payload(style: str, text: str) -> dict[str, Any]:
    """The JSON body each chat's incoming webhook expects (docs/operations.md names the
    sources): Slack-style and LoGoチャット `{"text": …}`; LINE WORKS's Incoming Webhook app a
    title and a body text; Microsoft Teams (Workflows, and the retired connectors) a message
    with one Adaptive Card."""
    if style == ChatStyle.LINE_WORKS:
        return {"title": TITLE, "body": {"text": text}}
    if style == ChatStyle.TEAMS:
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": [{"type": "TextBlock", "text": text, "wrap": True}],
        }
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": card,
                }
            ],
        }
    return {"text": text}


def _opener() -> urllib.request.OpenerDirector:
    """Direct connections only (the environment's proxy variables are ignored), unless
    KASANE_CHAT_PROXY names the proxy the city's network requires."""
    proxy = settings.KASANE_CHAT_PROXY
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {})
    )


def post_json(url: str, payload: dict[str, Any]) -> None:
    if urlsplit(url).scheme not in {"http", "https"}:
        raise SendError("http または https の URL ではありません")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "Kasane"},
        method="POST",
    )
    try:
        with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
            response.read(1024)
    except urllib.error.HTTPError as error:
        raise SendError(f"HTTP {error.code} が返りました") from error
    except TimeoutError as error:
        raise SendError(f"{TIMEOUT_SECONDS}秒以内に応答がありません") from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise SendError(f"{TIMEOUT_SECONDS}秒以内に応答がありません") from error
        raise SendError(f"接続できません（{type(error.reason).__name__}）") from error
    except OSError as error:
        raise SendError(f"接続できません（{type(error).__name__}）") from error


def _send_chat(delivery: Delivery) -> None:
    hook = delivery.webhook
    if hook is None:
        raise SendError("送信先のチャット連携がありません")
    post_json(hook.url, chat_payload(hook.style, delivery.text))


def _send_mail(delivery: Delivery) -> None:
    if not settings.KASANE_MAIL_ENABLED:
        raise SendError("メールサーバーが設定されていません")
    address = delivery.recipient.email if delivery.recipient else ""
    if not address or not delivery.recipient or not delivery.recipient.is_active:
        raise SendError("送信先のメールアドレスがありません")
    try:
        send_mail(delivery.subject, delivery.text, None, [address])
    except OSError as error:  # smtplib's errors are OSErrors
        raise SendError(f"メールを送れません（{type(error).__name__}）") from error


SENDERS: dict[str, Callable[[Delivery], None]] = {
    Channel.CHAT: _send_chat,
    Channel.MAIL: _send_mail,
}


def _due(now: dt.datetime) -> QuerySet[Delivery]:
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    due = due.order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        return due.select_for_update(skip_locked=True)
    return due.select_for_update()


def claim_due(now: dt.datetime, limit: int = BATCH) -> list[Delivery]:
    """Take up to `limit` due rows for this worker: each is leased (its next attempt moved
    past the send) in one short transaction, only if no other worker moved it first."""
    if not Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).exists():
        return []  # the usual case: no lock taken (SQLite locks the whole database to write)
    claimed = []
    with transaction.atomic():
        for row in _due(now)[:limit]:
            leased = Delivery.objects.filter(
                pk=row.pk, status=DeliveryStatus.PENDING, next_attempt_at=row.next_attempt_at
            ).update(next_attempt_at=now + LEASE)
            if leased:
                claimed.append(row.pk)
    return list(
        Delivery.objects.filter(pk__in=claimed)
        .select_related("webhook", "recipient")
        .order_by("pk")
    )


def attempt(delivery: Delivery, now: dt.datetime) -> bool:
    """Send one claimed row and record the outcome; True when it left."""
    attempts = delivery.attempts + 1
    try:
        SENDERS[delivery.channel](delivery)
    except SendError as error:
        failed = attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=attempts,
            last_error=str(error)[:500],
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            next_attempt_at=now if failed else now + BACKOFF[attempts - 1],
        )
        logger.warning("delivery %s attempt %s failed: %s", delivery.pk, attempts, error)
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def send_due(now: dt.datetime) -> str:
    """The worker's job: send what is due, a batch at a time."""
    sent = failed = 0
    while batch := claim_due(now):
        for delivery in batch:
            if attempt(delivery, now):
                sent += 1
            else:
                failed += 1
        if len(batch) < BATCH:
            break
    return f"送信 {sent}件、失敗 {failed}件" if sent or failed else ""


def webhook_test_text(hook: ChatWebhook) -> str:
    """The test message: says it is a test, names the organisation, and nothing else."""
    return (
        f"【Kasane】テスト送信です（{hook.organization.name}・{hook.name}）。"
        "このメッセージが届けば、緊急のお知らせがこのチャットに届きます。"
    )
