"""相談受付 (Consultation) and つなぎ (Referral): how a worry reaches the system.

A consultation is what a window recorded; a referral is something passed from one place to
another — a つなぐシート from any department, a consultation passed to another agency or to
coordination, and later a つなぎ戻し. Every status change of a referral is kept as an event
with its actor and time; nothing is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.organizations.models import Area, Organization
from kasane.people.models import Household, Person


class IssueCode(models.Model):
    """One entry of the issue checklist (課題のチェックリスト), an editable code list."""

    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # the edit form's version

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "課題の項目"

    def __str__(self) -> str:
        return self.name


# The defaults (DOMAIN.md §6) are loaded by migration 0002; admins edit the list.


class Route(models.TextChoices):
    VISIT = "visit", "来所"
    PHONE = "phone", "電話"
    HOME_VISIT = "home_visit", "訪問"
    MAIL = "mail", "メール"
    SHEET = "sheet", "つなぐシート"
    AGENCY = "agency", "関係機関から"
    RESIDENT = "resident", "地域住民から"
    OTHER = "other", "その他"


class ConsulterRelation(models.TextChoices):
    SELF = "self", "本人"
    FAMILY = "family", "家族・親族"
    NEIGHBOUR = "neighbour", "近隣住民・知人"
    WELFARE_VOLUNTEER = "welfare_volunteer", "民生委員・児童委員"
    AGENCY = "agency", "関係機関"
    OTHER = "other", "その他"


class Urgency(models.TextChoices):
    NORMAL = "normal", "通常"
    SOON = "soon", "早めに対応"
    URGENT = "urgent", "緊急"


class UrgentSign(models.TextChoices):
    """Signs that make a consultation urgent at once (DOMAIN.md §4 Intake)."""

    ABUSE = "abuse", "虐待の疑い"
    SAFETY_CHECK = "safety_check", "安否確認"
    MISSING = "missing", "行方不明"
    HARM = "harm", "自傷他害のおそれ"
    LIFELINE = "lifeline", "ライフライン停止"


class ConsultationConsent(models.TextChoices):
    WRITTEN = "written", "同意あり（書面）"
    ORAL = "oral", "同意あり（口頭）"
    REFUSED = "refused", "同意なし"
    UNKNOWN = "unknown", "確認できず"


class Outcome(models.TextChoices):
    HANDLED = "handled", "当機関で対応"
    TO_AGENCY = "to_agency", "他機関へつなぐ"
    TO_COORDINATION = "to_coordination", "多機関協働へつなぐ"
    INFORMATION = "information", "情報提供のみで終了"


class Consultation(models.Model):
    """相談受付: one consultation received by a window.

    `area` and `area_code` are the area the consultation counts in for community development
    (`kasane.community.counts`): its person's 町丁目, else its household's, as they were when the
    person or household was set (`kasane.intake.areas.placed_area`, called by the services and
    the generators). A person who moves later does not move their old consultations: they
    count where they lived when they came, as the year's figures said then, and a count does
    not join to people or households at city scale. Neither is edited in a form.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="受付機関"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="受付者"
    )
    received_at = models.DateTimeField("受付日時")
    route = models.CharField("相談経路", max_length=20, choices=Route.choices)
    consulter_relation = models.CharField(
        "相談者と本人の関係", max_length=20, choices=ConsulterRelation.choices
    )
    consulter_name = models.CharField("相談者", max_length=100, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="本人",
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="世帯",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="集計上の地域",
    )
    area_code = models.CharField(max_length=20, editable=False, default="")
    summary = models.TextField("主訴")
    urgency = models.CharField(
        "緊急度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    urgent_signs = models.JSONField("緊急のサイン", default=list, blank=True)
    is_urgent = models.BooleanField("緊急", default=False, editable=False)
    consent = models.CharField("情報共有の同意", max_length=10, choices=ConsultationConsent.choices)
    outcome = models.CharField("対応", max_length=20, choices=Outcome.choices)
    outcome_note = models.TextField("対応の内容", blank=True)
    referral = models.ForeignKey(
        "Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="元のつなぎ",
    )
    acknowledged_at = models.DateTimeField("緊急の確認日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "-received_at"], name="consult_org_received"),
            models.Index(fields=["-received_at"], name="consult_received"),
            # Community counts: one area's subtree (code prefix) over a few fiscal years.
            # Pattern ops so that PostgreSQL uses it for `LIKE '01%'` whatever the collation;
            # with the id, an area's count reads the index alone (5 ms instead of 45 ms for a
            # 圏域's 20,000 consultations at city scale).
            models.Index(
                fields=["area_code", "received_at"],
                include=["id"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                name="consult_area_received",
            ),
            # The few urgent consultations nobody has acknowledged, oldest first, for every
            # home page (without the organisation first, so coordinators use it too).
            models.Index(
                fields=["received_at", "id"],
                condition=Q(is_urgent=True, acknowledged_at__isnull=True),
                name="consult_urgent_open",
            ),
        ]

    def __str__(self) -> str:
        return f"相談受付 {self.pk}"

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.is_urgent and self.acknowledged_at is None

    @property
    def urgent_sign_labels(self) -> list[str]:
        return [UrgentSign(code).label for code in self.urgent_signs if code in UrgentSign.values]


class ConsultationIssue(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="issues")
    code = models.ForeignKey(IssueCode, on_delete=models.PROTECT, related_name="+")
    is_main = models.BooleanField("主", default=False)

    class Meta:
        ordering = ["-is_main", "code__sort_order", "code_id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "code"], name="consult_issue_once"),
            models.UniqueConstraint(
                fields=["consultation"], condition=Q(is_main=True), name="consult_one_main_issue"
            ),
        ]

    def __str__(self) -> str:
        return self.code.name


class ReferralKind(models.TextChoices):
    SHEET = "sheet", "つなぐシート"
    AGENCY = "agency", "機関から機関へ"
    COORDINATION = "coordination", "多機関協働への依頼"
    HANDBACK = "handback", "つなぎ戻し"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "送付済"
    ACCEPTED = "accepted", "受理（受け止め）"
    IN_PROGRESS = "in_progress", "対応中"
    COMPLETED = "completed", "完了"
    RETURNED = "returned", "差戻し"
    WITHDRAWN = "withdrawn", "取り下げ"


# A referral in one of these is finished: nobody acts on it any more.
CLOSED_REFERRAL_STATUSES = (
    ReferralStatus.COMPLETED,
    ReferralStatus.RETURNED,
    ReferralStatus.WITHDRAWN,
)


class ReferralOutcome(models.TextChoices):
    SUPPORT_STARTED = "support_started", "支援開始"
    TO_OTHER_AGENCY = "to_other_agency", "他機関へ"
    INFORMATION = "information", "情報提供のみ"
    REFUSED = "refused", "本人拒否"
    UNREACHABLE = "unreachable", "連絡不能"


class ReferralConsent(models.TextChoices):
    AGREED = "agreed", "同意あり"
    NOT_AGREED = "not_agreed", "同意なし"
    UNCONFIRMED = "unconfirmed", "確認できず"


class Referral(models.Model):
    """つなぎ: a つなぐシート, a consultation passed on, a request to coordination or a
    つなぎ戻し. The subject_* fields are what the sender wrote about the person; `person` is
    the record the receiver linked it to."""

    kind = models.CharField("種類", max_length=20, choices=ReferralKind.choices)
    sender_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="送り元"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="送付者"
    )
    receiver_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="送り先"
    )
    subject_name = models.CharField("氏名", max_length=100)
    subject_kana = models.CharField("フリガナ", max_length=100, blank=True)
    subject_birth_date = models.DateField("生年月日", null=True, blank=True)
    subject_contact = models.CharField("連絡先・住所", max_length=200, blank=True)
    reason = models.TextField("気づいたこと・つなぐ理由")
    consent = models.CharField("本人の同意", max_length=20, choices=ReferralConsent.choices)
    urgency = models.CharField(
        "緊急度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    source_consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        verbose_name="元の相談受付",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="本人",
    )
    status = models.CharField(
        "状態", max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    outcome = models.CharField("結果", max_length=20, choices=ReferralOutcome.choices, blank=True)
    return_reason = models.TextField("差戻しの理由", blank=True)
    submission_key = models.UUIDField("送信キー", null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("送付日時")
    acknowledged_at = models.DateTimeField("受理日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("完了・差戻し日時", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["receiver_organization", "-sent_at"], name="referral_inbox"),
            models.Index(fields=["-sent_at", "-id"], name="referral_sent_at"),
            models.Index(fields=["sender", "-sent_at"], name="referral_sender"),
            models.Index(fields=["sender_organization", "-sent_at"], name="referral_sender_org"),
            models.Index(
                fields=["receiver_organization", "sent_at"],
                condition=Q(status="sent"),
                name="referral_unacknowledged",
            ),
            # Retention (kasane.retention.due): finished referrals by the day they closed.
            models.Index(
                fields=["closed_at", "id"],
                condition=Q(status__in=["completed", "returned", "withdrawn"]),
                name="referral_closed",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "submission_key"], name="referral_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def status_label(self) -> str:
        """What the sender is told: the status, and for a finished one its outcome."""
        if self.status == ReferralStatus.COMPLETED and self.outcome:
            return f"完了（{self.get_outcome_display()}）"
        if self.is_open and self.outcome == ReferralOutcome.SUPPORT_STARTED:
            return ReferralOutcome.SUPPORT_STARTED.label  # a case was opened from it
        return self.get_status_display()

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_REFERRAL_STATUSES

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.URGENT


class ReferralEvent(models.Model):
    """One step of a referral: sent, acknowledged, in progress, completed or returned, with the
    person linked or a consultation opened from it."""

    class Kind(models.TextChoices):
        SENT = "sent", "送付"
        ACCEPTED = "accepted", "受理（受け止め）"
        IN_PROGRESS = "in_progress", "対応開始"
        COMPLETED = "completed", "完了"
        RETURNED = "returned", "差戻し"
        WITHDRAWN = "withdrawn", "取り下げ（送り元）"
        CASE_OPENED = "case_opened", "ケースを開始（支援開始）"
        PERSON_LINKED = "person_linked", "本人と結び付け"
        CONSULTATION = "consultation", "相談受付を作成"
        CASE_ATTACHED = "case_attached", "ケースに結び付け"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
