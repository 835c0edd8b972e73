"""保存期間と廃棄 (issue 19): legal holds on people, and disposal batches of records whose
retention period has passed.

A coordinator proposes a batch (`DisposalBatch`) of records that are due (`DisposalItem`, one
per record: its kind and id, never its content); an admin who did not propose it approves it,
and the disposal removes the personal content of those records while the rows, their dates,
kinds, statuses, areas and programmes stay for the counts. A `LegalHold` (訴訟・開示請求中) on a
person blocks the disposal of every record of that person. Nothing here is deleted: a hold is
lifted, a batch is returned (差戻し), an item stays with its batch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.organizations.models import Organization
from kasane.people.models import Person

# What a disposed record shows instead of its content.
DISPOSED = "保存期間の経過により廃棄済み"
# A disposed person's or household's name.
DISPOSED_NAME = "（廃棄済み）"


class Kind(models.TextChoices):
    """The kinds of record that have a retention period of their own; people and households are
    blanked as a consequence, once none of their records is kept."""

    CASE = "case", "支援ケース"
    CONSULTATION = "consultation", "相談受付"
    REFERRAL = "referral", "つなぎ（つなぐシート等）"
    OUTREACH = "outreach", "アウトリーチ対象"
    PERSON = "person", "本人"
    HOUSEHOLD = "household", "世帯"


# The kinds a coordinator proposes (the others follow from them).
DUE_KINDS = (Kind.CASE, Kind.CONSULTATION, Kind.REFERRAL, Kind.OUTREACH)


class HoldReason(models.TextChoices):
    LAWSUIT = "lawsuit", "訴訟"
    DISCLOSURE = "disclosure", "開示請求"
    OTHER = "other", "その他（不服申立て・調査など）"


class LegalHold(models.Model):
    """訴訟・開示請求中: while active, no record of the person is disposed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=20, choices=HoldReason.choices)
    note = models.CharField(
        "内容（事件番号・請求の受付番号など）", max_length=200, help_text="氏名は書かない"
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_note = models.CharField("解除の理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "訴訟・開示請求による保留"
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(lifted_at__isnull=True), name="one_active_hold"
            )
        ]

    def __str__(self) -> str:
        return f"保留 {self.pk}（本人番号 {self.person_id}）"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class BatchStatus(models.TextChoices):
    PROPOSED = "proposed", "承認待ち"
    APPROVED = "approved", "承認済（廃棄の処理待ち）"
    DISPOSED = "disposed", "廃棄済み"
    RETURNED = "returned", "差戻し"
    BLOCKED = "blocked", "中止（保留中の記録・状態の変化）"


# A batch in one of these holds its records: they are not proposed again.
HOLDING_STATUSES = (BatchStatus.PROPOSED, BatchStatus.APPROVED, BatchStatus.DISPOSED)


class DisposalBatch(models.Model):
    """廃棄の案: proposed by a coordinator, approved (or returned) by another user, an admin;
    disposed in the request when small, else by the worker (`retention.dispose`)."""

    status = models.CharField(
        "状態", max_length=20, choices=BatchStatus.choices, default=BatchStatus.PROPOSED
    )
    note = models.CharField("備考", max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("差戻し・中止の理由", max_length=300, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)
    # Records of each kind in the batch ({"case": 3, ...}); after disposal with the people and
    # households blanked as a consequence.
    counts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "廃棄の案"
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["-proposed_at", "-id"], name="disposal_batch_recent")]

    def __str__(self) -> str:
        return f"廃棄の案 {self.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.get(kind, 0) for kind in DUE_KINDS)

    @property
    def count_rows(self) -> list[tuple[str, int]]:
        return [(Kind(kind).label, n) for kind in Kind.values if (n := self.counts.get(kind))]


class DisposalItem(models.Model):
    """One record of a batch: its kind and id, the organisation it belongs to and the day its
    period started from, never its content. `active` while the batch holds the record (not
    returned or blocked); `disposed_at` once its content was removed."""

    batch = models.ForeignKey(DisposalBatch, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField("番号")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_from = models.DateField("保存期間の起算日", null=True, blank=True)
    active = models.BooleanField(default=True)
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "廃棄の対象"
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], condition=Q(active=True), name="disposal_item_once"
            )
        ]
        indexes = [
            # "Is this record disposed?" — asked per candidate row by the due lists.
            models.Index(
                fields=["kind", "object_id"],
                condition=Q(disposed_at__isnull=False),
                name="disposal_item_disposed",
            ),
            models.Index(fields=["batch", "kind", "object_id"], name="disposal_item_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id}"
