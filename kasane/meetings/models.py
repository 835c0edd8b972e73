"""会議: the meetings where cases are shared and decided (DOMAIN.md §4 "Without consent").

- `MeetingBody` is the register of the municipality's meeting bodies (会議体), so that a
  coordinator sees where bodies overlap and attaches meetings to one.
- `Meeting` is one sitting, of a kind whose rules differ: a 支援会議 (社会福祉法第106条の6)
  may take cases without consent, and then every participant needs a confidentiality pledge
  before any case content is shown; a 重層的支援会議 takes only cases whose people consented to
  it, and approves plans and endings; a チーム会議 screens new cases.
- `MeetingParticipant` is a Kasane user or an external person (name, organisation, role).
- `ConfidentialityPledge` (守秘義務の誓約) is on record for one meeting or, for a user, a dated
  period, with the version of the text signed (`PledgeText`).
- `AgendaItem` is a case with a purpose — or, at a 支援会議 only, an outreach target with no
  case yet (someone who refuses help, perhaps not even identified: issue 15); its minutes are
  the discussion summary and structured `Decision`s, applied to the case or the target when
  the minutes are confirmed, all or none.

Meetings and their papers are 非公開. Nothing is deleted once the minutes are confirmed.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kasane.organizations.models import Organization


class MeetingKind(models.TextChoices):
    SUPPORT = "support", "支援会議（法第106条の6）"
    JUSOU = "jusou", "重層的支援会議"
    TEAM = "team", "チーム会議（スクリーニング）"
    OTHER = "other", "その他の会議体"


# The kinds whose members are bound by statutory confidentiality (法第106条の6), so that they
# share a case, and add an organisation to its team, without the person's consent.
SHARES_WITHOUT_CONSENT = frozenset({MeetingKind.SUPPORT})

# The short names used in lists and headings.
KIND_SHORT = {
    MeetingKind.SUPPORT: "支援会議",
    MeetingKind.JUSOU: "重層的支援会議",
    MeetingKind.TEAM: "チーム会議",
    MeetingKind.OTHER: "その他の会議",
}


class Target(models.TextChoices):
    """Whom a meeting body discusses (対象者)."""

    ELDERLY = "elderly", "高齢者"
    DISABILITY = "disability", "障害者"
    CHILDREN = "children", "子ども・子育て家庭"
    POVERTY = "poverty", "生活困窮者"
    COMPLEX = "complex", "複合的な課題を抱える世帯"
    REFUSING = "refusing", "支援につながっていない人・拒否する人"
    COMMUNITY = "community", "地域の課題"


class MeetingBody(models.Model):
    """One of the municipality's meeting bodies (会議体), as Hatsukaichi listed them: who
    convenes, whom it discusses, who sits on it, how often and how long."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField(
        "会議の種類（適用する規則）", max_length=20, choices=MeetingKind.choices
    )
    legal_basis = models.CharField("根拠", max_length=200, blank=True)
    convener = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="主催"
    )
    targets = models.JSONField("対象者", default=list)
    members = models.ManyToManyField(
        Organization, blank=True, related_name="meeting_bodies", verbose_name="構成機関"
    )
    other_members = models.CharField(
        "その他の構成員", max_length=200, blank=True, help_text="例: 民生委員・児童委員、警察署"
    )
    frequency = models.CharField("頻度", max_length=50, blank=True, help_text="例: 毎月、随時")
    usual_minutes = models.PositiveIntegerField("1回あたりの時間（分）", null=True, blank=True)
    purpose = models.TextField("目的・役割", blank=True)
    is_active = models.BooleanField("使用中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_active", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def target_labels(self) -> list[str]:
        return [Target(code).label for code in self.targets if code in Target.values]


class PledgeText(models.Model):
    """A version of the pledge text (誓約書). A pledge names the version that was signed; a new
    version does not change what earlier signers agreed to."""

    version = models.CharField("版", max_length=50, unique=True)
    body = models.TextField("誓約の文面")
    effective_on = models.DateField("適用開始日")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return self.version


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "予定"
    CONFIRMED = "confirmed", "議事録確定"
    CANCELLED = "cancelled", "中止"


class Meeting(models.Model):
    kind = models.CharField("会議の種類", max_length=20, choices=MeetingKind.choices)
    body = models.ForeignKey(
        MeetingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="会議体",
    )
    title = models.CharField("会議名", max_length=100)
    starts_at = models.DateTimeField("開始日時")
    duration_minutes = models.PositiveIntegerField("予定時間（分）", default=60)
    place = models.CharField("場所", max_length=100, blank=True)
    is_online = models.BooleanField("オンライン", default=False)
    convener = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="主催機関"
    )
    status = models.CharField(
        "状態", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes_note = models.TextField("全体のまとめ", blank=True)
    confirmed_at = models.DateTimeField("議事録の確定日時", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="meeting_starts"),
            models.Index(fields=["kind", "starts_at"], name="meeting_kind_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{timezone.localtime(self.starts_at):%Y-%m-%d}）"

    @property
    def kind_short(self) -> str:
        return KIND_SHORT[MeetingKind(self.kind)]

    @property
    def kind_and_body(self) -> str:
        """The kind and the body it meets as, the body only when its name adds something (the
        支援会議 of the body 支援会議 is said once)."""
        if self.body is None or self.body.name == self.kind_short:
            return self.kind_short
        return f"{self.kind_short}・{self.body.name}"

    @property
    def shares_without_consent(self) -> bool:
        """A 支援会議 (law 106-6): its members are bound by statutory confidentiality, so it may
        share a case, and add an organisation to its team, without the person's consent."""
        return self.kind in SHARES_WITHOUT_CONSENT

    @property
    def needs_pledge(self) -> bool:
        """A 支援会議 shares cases without consent: every participant pledges first."""
        return self.shares_without_consent

    @property
    def needs_consent(self) -> bool:
        """Meetings with outside members but without the 支援会議's statutory confidentiality
        take only consented cases. A チーム会議 is the coordination team's own screening (no
        outside participants), where new cases come before anyone could ask."""
        return self.kind in (MeetingKind.JUSOU, MeetingKind.OTHER)

    @property
    def is_confirmed(self) -> bool:
        return self.status == MeetingStatus.CONFIRMED

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def starts_on(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    def guest_window_ends(self) -> dt.datetime:
        """The end of the day, N days after the meeting, when guests stop reading its cases."""
        days = getattr(settings, "KASANE_MEETING_GUEST_DAYS", 7)
        last_day = self.starts_on + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(last_day, dt.time.max))

    def has_started(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.starts_at


class MeetingParticipant(models.Model):
    """A Kasane user, or an external participant known by name, organisation and role."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name="利用者",
    )
    name = models.CharField("氏名", max_length=100, blank=True)
    organization_name = models.CharField("所属", max_length=100, blank=True)
    role = models.CharField("役割・立場", max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    # Not columns: set on the instance by a selector or page, for its template.
    pledge: ConfidentialityPledge | None

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="meeting_participant_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""), name="meeting_participant_named"
            ),
        ]
        indexes = [models.Index(fields=["user", "meeting"], name="meeting_participant_user")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user is not None else self.name

    @property
    def display_organization(self) -> str:
        if self.user is not None:
            organization = self.user.organization
            return organization.name if organization is not None else ""
        return self.organization_name

    @property
    def is_external(self) -> bool:
        return self.user_id is None


class ConfidentialityPledge(models.Model):
    """守秘義務の誓約: for one meeting (any participant) or, for a user, a dated period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    participant = models.ForeignKey(
        MeetingParticipant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="pledges"
    )
    valid_from = models.DateField("有効期間（から）", null=True, blank=True)
    valid_until = models.DateField("有効期間（まで）", null=True, blank=True)
    signed_on = models.DateField("誓約日")
    text = models.ForeignKey(
        PledgeText, on_delete=models.PROTECT, related_name="pledges", verbose_name="誓約書の版"
    )
    signed_online = models.BooleanField("本人がKasaneで誓約", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(participant__isnull=False),
                name="pledge_has_signer",
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False)
                | Q(valid_from__isnull=False, valid_until__isnull=False, user__isnull=False),
                name="pledge_has_scope",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_until"], name="pledge_user_period")]

    def __str__(self) -> str:
        return f"誓約 {self.signed_on}（{self.text}）"


class Purpose(models.TextChoices):
    SHARE = "share", "情報共有"
    SCREENING = "screening", "スクリーニング"
    PLAN = "plan", "プラン策定"
    REPLAN = "replan", "再プラン"
    CLOSE = "close", "終結判断"
    SUSPEND = "suspend", "中断判断"


class AgendaItem(models.Model):
    """A case on the agenda or, at a 支援会議, an outreach target with no case: exactly one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="ケース",
    )
    outreach_target = models.ForeignKey(
        "outreach.OutreachTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="アウトリーチ対象",
    )
    purpose = models.CharField("目的", max_length=20, choices=Purpose.choices)
    briefing = models.TextField(
        "共有したいこと・検討したいこと",
        blank=True,
        help_text="議題の提出者が、参加者に伝えたいことを書きます。",
    )
    discussion = models.TextField("議事の要旨", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set on the instance by a selector or page, for its template.
    content_allowed: bool
    decision_lines: list[dict[str, str]]

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once"),
            models.UniqueConstraint(
                fields=["meeting", "outreach_target"], name="agenda_target_once"
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False, outreach_target__isnull=True)
                | Q(case__isnull=True, outreach_target__isnull=False),
                name="agenda_case_or_target",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "meeting"], name="agenda_case"),
            models.Index(fields=["outreach_target", "meeting"], name="agenda_target"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_purpose_display()}"

    @property
    def is_target(self) -> bool:
        """An outreach target with no case (only a 支援会議 takes one)."""
        return self.outreach_target_id is not None

    @property
    def title(self) -> str:
        """The item's heading: the case's title, or the target's name (氏名不明 and its area
        while not identified)."""
        if self.case is not None:
            return self.case.title
        assert self.outreach_target is not None
        return f"{self.outreach_target.name_label}（アウトリーチ対象）"


class DecisionKind(models.TextChoices):
    SCREENING = "screening", "スクリーニングの結果"
    PLAN_APPROVED = "plan_approved", "支援プランの承認"
    CLOSED = "closed", "終結の承認"
    SUSPENDED = "suspended", "中断の承認"
    ROLE = "role", "役割分担"
    MONITORING = "monitoring", "次のモニタリング日"
    NEXT_CONTACT = "next_contact", "次回の接触予定日"


# The order in which confirmed decisions are applied: screening before plans, plans before
# the monitoring date that rests on them, roles before an ending.
APPLY_ORDER = [
    DecisionKind.SCREENING,
    DecisionKind.PLAN_APPROVED,
    DecisionKind.ROLE,
    DecisionKind.MONITORING,
    DecisionKind.NEXT_CONTACT,
    DecisionKind.CLOSED,
    DecisionKind.SUSPENDED,
]


class Decision(models.Model):
    """A structured decision on one agenda item. Recorded with the minutes, applied to the case
    (or the outreach target) when the minutes are confirmed; `applied_at` and the links say
    what it became."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField("決定の種類", max_length=20, choices=DecisionKind.choices)
    # スクリーニング: 支援決定 with the criteria, or 対象外 with the reason and where to.
    eligible = models.BooleanField("支援決定", null=True, blank=True)
    criteria = models.JSONField("スクリーニングの判断", default=list, blank=True)
    referred_to = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="つなぎ先",
    )
    # 支援プランの承認.
    plan = models.ForeignKey(
        "cases.SupportPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="支援プラン",
    )
    # 終結・中断.
    closing_reason = models.CharField("終結・中断の理由", max_length=20, blank=True)
    handback_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="つなぎ戻し先（今後の主担当）",
    )
    follow_up_on = models.DateField("フォローアップ予定日", null=True, blank=True)
    # 役割分担.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="機関",
    )
    team_role = models.CharField("チームでの役割", max_length=20, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="担当者",
    )
    task = models.CharField("担うこと", max_length=200, blank=True)
    due_on = models.DateField("期限", null=True, blank=True)
    # 次のモニタリング日.
    monitoring_on = models.DateField("モニタリング予定日", null=True, blank=True)
    # 次回の接触予定日 (an outreach target's).
    next_contact_on = models.DateField("次回の接触予定日", null=True, blank=True)
    reason = models.TextField("理由・補足", blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField("反映日時", null=True, blank=True)
    team_member = models.ForeignKey(
        "cases.CaseTeamMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.ForeignKey(
        "cases.CaseNote", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # 役割分担 on an outreach target: the assignment it made (none when the organisation was
    # already assigned).
    outreach_assignment = models.ForeignKey(
        "outreach.OutreachAssignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["kind", "applied_at"], name="decision_kind_applied")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def closing_label(self) -> str:
        from kasane.cases.models import ClosingReason

        if self.closing_reason in ClosingReason.values:
            return ClosingReason(self.closing_reason).label
        return ""

    @property
    def role_label(self) -> str:
        from kasane.cases.models import TeamRole

        return TeamRole(self.team_role).label if self.team_role in TeamRole.values else ""
