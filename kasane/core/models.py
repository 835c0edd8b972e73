from __future__ import annotations

from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A create form posted once: the one-time key its page handed out (`SubmittedOnce`) and
    the page of the record it created. The same form posted again (a double click, a resend
    after a dropped connection) finds the key taken and is sent to that page instead of
    recording twice (see `kasane.core.submissions`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submitted_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key}"


class JobRun(models.Model):
    """The state of one background job (`kasane.core.jobs`): when it last started and
    finished, what it said, and its last error. The worker claims a due job by moving
    `last_started_at` under a row lock, so that several workers (one per app server) run each
    job once per period; the admin's page of the worker reads these rows."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField("最後の開始", null=True, blank=True)
    last_finished_at = models.DateTimeField("最後の終了", null=True, blank=True)
    last_result = models.CharField("結果", max_length=500, blank=True)
    last_error = models.CharField("最後のエラー", max_length=500, blank=True)
    last_failed_at = models.DateTimeField("最後の失敗", null=True, blank=True)
    runs = models.PositiveIntegerField("実行回数", default=0)
    failures = models.PositiveIntegerField("失敗回数", default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
