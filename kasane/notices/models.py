"""お知らせ: notices to users, their preferences, and the outgoing chat messages (the outbox).

A notice is written in the transaction of the change that causes it (`services.notify`). Its
`text` says what happened without personal data; what it is about is a reference
(`target_type`, `target_id`) that the list resolves through `kasane.access` when it is shown,
so a notice never shows what its reader may no longer see. Chat messages are rows of
`Delivery` written in the same transaction and sent by the worker after commit: the outbox is
also the failure log the admin reads.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kasane.notices.kinds import Kind, Mode, TargetType
from kasane.organizations.models import Organization


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("種類", max_length=40, choices=Kind.choices)
    # What happened, written by a rule: never a name, an address or free text.
    text = models.CharField("内容", max_length=200)
    target_type = models.CharField(max_length=20, choices=TargetType.choices, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作した人",
    )
    created_at = models.DateTimeField("日時", default=timezone.now)
    read_at = models.DateTimeField("既読", null=True, blank=True)
    # Set for notices that must come once only (a task falling due): unique per recipient.
    once_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notice_list"),
            # The header's unread count reads this index alone (an index-only scan that stops
            # at the cap), and the list of unread notices walks it in order.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(read_at__isnull=True),
                name="notice_unread",
            ),
            models.Index(
                fields=["read_at"], condition=Q(read_at__isnull=False), name="notice_read_at"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"],
                condition=~Q(once_key=""),
                name="notice_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NoticePreference(models.Model):
    """How one user hears of one kind; a kind without a row is 「お知らせのみ」."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField("種類", max_length=40, choices=Kind.choices)
    mode = models.CharField("受け取り方", max_length=10, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.mode}"


class KindSetting(models.Model):
    """The admin's word on one kind: whether users may turn it off. A kind without a row
    follows `kinds.REQUIRED_BY_DEFAULT`; urgent kinds can never be turned off."""

    kind = models.CharField("種類", max_length=40, choices=Kind.choices, unique=True)
    required = models.BooleanField("利用者が止められない", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.kind}: {'required' if self.required else 'optional'}"


class ChatStyle(models.TextChoices):
    """The JSON each chat's incoming webhook expects."""

    SLACK = "slack", 'Slack形式（{"text": …}）'
    LOGO = "logo", "LoGoチャット"
    LINE_WORKS = "line_works", "LINE WORKS"
    TEAMS = "teams", "Microsoft Teams"


def mask_url(url: str) -> str:
    """The webhook's address as pages show it: scheme and host, and the last 4 characters of
    the secret path."""
    parts = urlsplit(url)
    rest = url[len(f"{parts.scheme}://{parts.netloc}") :]
    tail = rest[-4:] if len(rest) > 8 else ""
    return f"{parts.scheme}://{parts.netloc}/…{tail}"


class ChatWebhook(models.Model):
    """An incoming webhook of the city's chat, for one organisation's urgent matters. The URL
    holds the chat's secret token: pages show it masked, the audit trail never holds it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="機関"
    )
    name = models.CharField("名前", max_length=100)
    style = models.CharField("形式", max_length=20, choices=ChatStyle.choices)
    url = models.URLField("Webhook URL", max_length=500)
    kinds = models.JSONField("送る種類", default=list)
    is_active = models.BooleanField("有効", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__kana", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)

    @property
    def kind_labels(self) -> list[str]:
        return [Kind(kind).label for kind in self.kinds if kind in Kind.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "送信待ち"
    SENT = "sent", "送信済み"
    FAILED = "failed", "送信失敗"


class Channel(models.TextChoices):
    CHAT = "chat", "チャット"
    MAIL = "mail", "メール"


class Delivery(models.Model):
    """One message leaving Kasane (a chat post, a daily summary mail): written in the
    transaction of its cause, sent by the worker after commit, retried, and kept as the log."""

    channel = models.CharField("経路", max_length=10, choices=Channel.choices)
    webhook = models.ForeignKey(
        ChatWebhook, on_delete=models.PROTECT, null=True, blank=True, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("種類", max_length=40, blank=True)
    subject = models.CharField("件名", max_length=200, blank=True)
    # Counts, kinds, organisation names and links only.
    text = models.TextField("本文")
    status = models.CharField(
        "状態", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("試行回数", default=0)
    next_attempt_at = models.DateTimeField("次の試行", default=timezone.now)
    last_error = models.CharField("最後のエラー", max_length=500, blank=True)
    created_at = models.DateTimeField("作成", default=timezone.now)
    sent_at = models.DateTimeField("送信", null=True, blank=True)
    once_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due",
            ),
            models.Index(fields=["-created_at", "-id"], name="delivery_log"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"], condition=~Q(once_key=""), name="delivery_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} {self.created_at:%Y-%m-%d %H:%M}"
