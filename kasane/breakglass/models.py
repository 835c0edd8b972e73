"""緊急時の閲覧 (break-glass): a case-work user who must act now on someone another agency
holds opens that person's record and household, read only, for a limited time, on a stated
reason. Each use is reviewed by an auditor (適切 / 要確認). Rows are never deleted: the review
is written onto the use once.

Who may ask and what a use opens is `kasane/access/breakglass.py`; the request and the review
are `services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from kasane.people.models import Person


class Verdict(models.TextChoices):
    APPROPRIATE = "appropriate", "適切"
    NEEDS_FOLLOW_UP = "needs_follow_up", "要確認"


class BreakGlass(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="申請した人",
    )
    # The user's organisation when they asked (a user may move later).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属機関",
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name="本人"
    )
    reason = models.TextField("理由")
    requested_at = models.DateTimeField("申請日時", default=timezone.now)
    expires_at = models.DateTimeField("期限")
    # The review: written once by an auditor.
    is_reviewed = models.BooleanField("確認済み", default=False)
    verdict = models.CharField("確認の結果", max_length=20, choices=Verdict.choices, blank=True)
    review_note = models.TextField("確認のメモ", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="確認した監査担当者",
    )
    reviewed_at = models.DateTimeField("確認日時", null=True, blank=True)

    class Meta:
        verbose_name = "緊急時の閲覧"
        verbose_name_plural = "緊急時の閲覧"
        indexes = [
            # What opens for a user now (every person and household page of a case worker).
            models.Index(fields=["user", "expires_at"], name="breakglass_open"),
            # The auditor's queue: unreviewed first, newest first.
            models.Index(fields=["is_reviewed", "-requested_at", "-id"], name="breakglass_queue"),
        ]

    def __str__(self) -> str:
        return f"緊急時の閲覧 {self.pk}（{self.user_id} → {self.person_id}）"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
