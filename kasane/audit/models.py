from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone

from kasane.audit.actions import ACTIONS, OBJECT_TYPES


class AuditTrailIsAppendOnly(Exception):
    """Audit rows are written once and never changed or removed."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AuditTrailIsAppendOnly("監査ログは追記のみです。変更・削除はできません。")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class AppendOnly(models.Model):
    """A row written once: saving an existing row or deleting one is refused."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()


class AuditEvent(AppendOnly):
    """監査ログ: who did what to which record, when, from where and why.

    Append-only: the ORM refuses updates and deletes, and on PostgreSQL a trigger refuses them
    too (migration 0002). Users and organisations are never deleted, so the links hold.
    """

    at = models.DateTimeField("日時", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="利用者",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField("ユーザー名", max_length=150, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所属機関",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    roles = models.CharField("役割", max_length=255, blank=True)
    action = models.CharField("操作", max_length=64, choices=list(ACTIONS.items()))
    object_type = models.CharField(
        "対象の種類", max_length=64, blank=True, choices=list(OBJECT_TYPES.items())
    )
    object_id = models.CharField("対象ID", max_length=64, blank=True)
    ip = models.GenericIPAddressField("接続元", null=True, blank=True)
    request_id = models.CharField("リクエストID", max_length=64, blank=True)
    reason = models.TextField("理由", blank=True)
    details = models.JSONField("詳細", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログ"
        verbose_name_plural = "監査ログ"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            # Searches by username also find failed logins, which have no actor.
            models.Index(fields=["actor_username", "-at"], name="audit_username_at"),
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class AuditPersonQuerySet(models.QuerySet["AuditPerson"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    update_or_create = _refuse


class AuditPerson(AppendOnly):
    """One person an audit row showed or changed: the auditor's "who saw this person" reads
    these links, newest first, from one index.

    `person_id` has no foreign key: the audit trail sits below people in the import layers
    and must outlive any person record. `at` is the event's time, copied so that the index
    (person, at, event) answers the query without reading the events first. Append-only like
    the events (the ORM refuses, and a trigger on PostgreSQL, migration 0009)."""

    event = models.ForeignKey(
        AuditEvent, verbose_name="監査ログ", on_delete=models.PROTECT, related_name="people"
    )
    person_id = models.BigIntegerField("本人ID")
    at = models.DateTimeField("日時")

    objects = AuditPersonQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログの本人"
        verbose_name_plural = "監査ログの本人"
        indexes = [
            models.Index(fields=["person_id", "-at", "-event"], name="audit_person_at"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → 本人 {self.person_id}"


class AuditSeal(AppendOnly):
    """One link of the seal over the audit trail (`kasane.audit.chain`): the events with ids in
    (`after_event_id`, `last_event_id`], each chained by HMAC-SHA256 to the one before, the
    first to the previous seal's `hash`. Written by the worker a few minutes after the events
    (so that every transaction that wrote one has committed); append-only like the events."""

    after_event_id = models.BigIntegerField("前回の封印の最後の監査ログID", unique=True)
    last_event_id = models.BigIntegerField("最後の監査ログID")
    events = models.PositiveIntegerField("件数")
    hash = models.CharField("ハッシュ", max_length=64)
    sealed_at = models.DateTimeField("封印日時", default=timezone.now)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログの封印"
        verbose_name_plural = "監査ログの封印"
        ordering = ["after_event_id"]

    def __str__(self) -> str:
        return f"{self.after_event_id + 1}–{self.last_event_id}"


class AuditCheck(AppendOnly):
    """The result of one check of the seal (`manage.py audit_verify` and the daily job), shown
    to the auditor; append-only."""

    checked_at = models.DateTimeField("確認日時", default=timezone.now)
    # A full check recomputes the whole chain; a daily one the seals made since the last check.
    full = models.BooleanField("全件の確認", default=True)
    ok = models.BooleanField("異常なし")
    sealed_through = models.BigIntegerField("封印済みの最後の監査ログID", default=0)
    sealed_events = models.BigIntegerField("封印済みの件数", default=0)
    chain_head = models.CharField("最新のハッシュ", max_length=64, blank=True)
    problems = models.JSONField("見つかった異常", default=list, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "監査ログの改ざん検知"
        verbose_name_plural = "監査ログの改ざん検知"
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'異常なし' if self.ok else '異常あり'}"
