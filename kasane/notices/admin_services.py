"""The admin's writes on what leaves Kasane: chat webhooks, their test message, sending a
failed message again, and the kinds users may not turn off. Each validates, saves and audits
in one transaction. The webhook's URL holds the chat's secret token: the audit trail records
only that it changed, never its value."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.notices.kinds import CHAT_KINDS, URGENT_KINDS, Kind
from kasane.notices.models import (
    Channel,
    ChatWebhook,
    Delivery,
    DeliveryStatus,
    KindSetting,
)
from kasane.notices.sending import webhook_test_text
from kasane.notices.services import required_kinds

WEBHOOK_FIELDS = ("organization", "name", "style", "url", "kinds", "is_active")


def _check_webhook(hook: ChatWebhook) -> None:
    if urlsplit(hook.url).scheme not in {"http", "https"}:
        raise DomainError("Webhook URL は http:// または https:// で始まるものを入力してください。")
    if not set(hook.kinds) <= set(CHAT_KINDS):
        raise DomainError("チャットに送れるのは緊急の種類だけです。")
    hook.kinds = sorted(hook.kinds)


def _without_url(changes: dict[str, Any]) -> dict[str, Any]:
    details = {name: change for name, change in changes.items() if name != "url"}
    if "url" in changes:
        details["url_changed"] = True
    return details


def chat_webhook_create(*, actor: User, **values: Any) -> ChatWebhook:
    """Register an organisation's chat webhook (for urgent kinds only)."""
    with transaction.atomic():
        hook = ChatWebhook(**{name: values[name] for name in WEBHOOK_FIELDS if name in values})
        _check_webhook(hook)
        hook.full_clean()
        hook.save()
        audit_record(
            actor=actor,
            action="chat_webhook.create",
            target=hook,
            details={
                "name": hook.name,
                "organization": hook.organization_id,
                "style": hook.style,
                "kinds": hook.kinds,
                "is_active": hook.is_active,
            },
        )
    return hook


def chat_webhook_update(
    *, actor: User, webhook: ChatWebhook, loaded_at: str, **values: Any
) -> ChatWebhook:
    """Change a webhook; an empty `url` keeps the stored one (the form never shows it)."""
    if not values.get("url"):
        values.pop("url", None)
    if "kinds" in values:
        values["kinds"] = sorted(values["kinds"])
    with transaction.atomic():
        hook = ChatWebhook.objects.select_for_update().get(pk=webhook.pk)
        check_version(hook.updated_at, loaded_at)
        changes = apply_changes(hook, WEBHOOK_FIELDS, values)
        if not changes:
            return hook
        _check_webhook(hook)
        hook.full_clean()
        hook.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor, action="chat_webhook.update", target=hook, details=_without_url(changes)
        )
    return hook


def chat_webhook_test(*, actor: User, webhook: ChatWebhook) -> Delivery:
    """Queue a test message to the webhook (sent by the worker like any other)."""
    with transaction.atomic():
        delivery = Delivery.objects.create(
            channel=Channel.CHAT, webhook=webhook, kind="", text=webhook_test_text(webhook)
        )
        audit_record(
            actor=actor,
            action="chat_webhook.test",
            target=webhook,
            details={"delivery": delivery.pk},
        )
    return delivery


def delivery_retry(*, actor: User, delivery: Delivery) -> Delivery:
    """Send a failed message again: back to 送信待ち with its attempts from zero."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != DeliveryStatus.FAILED:
            raise DomainError("再送できるのは送信に失敗したものだけです。")
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_record(
            actor=actor,
            action="delivery.retry",
            target=delivery,
            details={"channel": delivery.channel, "webhook": delivery.webhook_id},
        )
    return delivery


def notice_kinds_update(*, actor: User, required: set[str]) -> dict[str, list[bool]]:
    """Set which kinds users may not turn off. Urgent kinds stay required whatever is asked."""
    wanted = (set(required) & set(Kind.values)) | set(URGENT_KINDS)
    with transaction.atomic():
        before = required_kinds()
        changes = {
            kind: [kind in before, kind in wanted]
            for kind in Kind.values
            if (kind in before) != (kind in wanted)
        }
        for kind in changes:
            KindSetting.objects.update_or_create(kind=kind, defaults={"required": kind in wanted})
        if changes:
            audit_record(actor=actor, action="notice_kind.update", details=changes)
    return changes
