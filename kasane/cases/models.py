"""支援ケース (多機関協働ケース): a household-centred case with its team, the path its status
takes, the whole-household assessment, the support plan (プラン兼利用申込書), progress notes
(支援経過) and the evaluation that ends or re-plans it.

Assessments and plans are versioned: every saved assessment is a new version and every plan
version is kept (下書き → 承認済 → 改定済). Nothing is deleted: team members leave on a date,
transitions are kept with their actor, date and reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from kasane.intake.models import Consultation, IssueCode, Referral
from kasane.organizations.models import Area, Organization
from kasane.organizations.models import Program as OrganizationProgram
from kasane.people.models import ConsentMethod, Household, Person


class CaseProgram(models.TextChoices):
    """The programs a case belongs to (several allowed)."""

    CONSULTATION = OrganizationProgram.CONSULTATION.value, "包括的相談支援"
    COORDINATION = OrganizationProgram.COORDINATION.value, "多機関協働"
    OUTREACH = OrganizationProgram.OUTREACH.value, "アウトリーチ"
    PARTICIPATION = OrganizationProgram.PARTICIPATION.value, "参加支援"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "受付"
    SCREENING = "screening", "スクリーニング"
    DECIDED = "decided", "支援決定"
    NOT_ELIGIBLE = "not_eligible", "対象外"
    ASSESSMENT = "assessment", "アセスメント"
    PLANNING = "planning", "プラン作成"
    SUPPORT = "support", "支援中"
    MONITORING = "monitoring", "モニタリング"
    REPLANNING = "replanning", "再プラン"
    CLOSED = "closed", "終結"
    SUSPENDED = "suspended", "中断"


ENDED_STATUSES = (CaseStatus.NOT_ELIGIBLE, CaseStatus.CLOSED, CaseStatus.SUSPENDED)


class ScreeningCriterion(models.TextChoices):
    """Why a case is taken on (Itami's and Ashiya's criteria)."""

    HOUSEHOLD = "household", "世帯として支援が必要"
    GAP = "gap", "制度の狭間"
    RESOURCES = "resources", "資源開発につなげたい"
    NETWORK = "network", "既存のネットワークでは解決困難"


class ClosingReason(models.TextChoices):
    """終結・中断の理由, chosen on the evaluation or the meeting's decision that ends a case."""

    GOAL = "goal", "目標達成"
    HANDBACK = "handback", "つなぎ戻し"
    MOVED = "moved", "転出"
    DIED = "died", "死亡"
    WISH = "wish", "本人の意向"
    CONTACT_LOST = "contact_lost", "連絡が取れない"
    OTHER = "other", "その他"


class Case(models.Model):
    """支援ケース.

    `area` and `area_code` are the area the case counts in for community development
    (`kasane.community.counts`): its household's 町丁目, else its main person's, as they were
    when the case was opened (`kasane.intake.areas.placed_area`, called by the services and the
    generators). A household that moves later does not move the case's count: it counts where
    the household lived when it was taken on, and a count needs no join to people or
    households at city scale. Neither is edited in a form.
    """

    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="世帯",
    )
    main_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name="主たる本人"
    )
    # The area the case counts in (see the class docstring), kept by the services.
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
    programs = models.JSONField("事業", default=list)
    status = models.CharField(
        "状態", max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    summary = models.TextField("概要", blank=True)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="元の相談受付",
    )
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="元のつなぎ",
    )
    screening_criteria = models.JSONField("スクリーニングの判断", default=list, blank=True)
    not_eligible_reason = models.TextField("対象外の理由", blank=True)
    referred_to = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="対象外としたときのつなぎ先",
    )
    opened_on = models.DateField("受付日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    # Why a 終結 case closed, set by the services that close it (the evaluation's or the
    # meeting's reason); "" on every other case. The reason's code, never free text.
    closing_reason = models.CharField(
        "終結の理由", max_length=20, choices=ClosingReason.choices, blank=True
    )
    follow_up_on = models.DateField("フォローアップ予定日", null=True, blank=True)
    last_contact_on = models.DateField("最後の接触日", null=True, blank=True)
    # The approved plan's monitoring date while the case is open (none once it ended), kept
    # by the services that approve a plan, set its monitoring date and end the case, so that
    # the case list reads it from the row instead of a subquery per case.
    next_monitoring_on = models.DateField("次のモニタリング予定日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set on the instance by a selector or page, for its template.
    leads: list[CaseTeamMember]
    quiet_for: int

    class Meta:
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="case_status_updated"),
            models.Index(fields=["-updated_at", "-id"], name="case_updated"),
            # Community counts: one area's subtree (code prefix) over a few fiscal years.
            models.Index(
                fields=["area_code", "opened_on"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="case_area_opened",
            ),
            # Retention (kasane.retention.due): ended cases by the day they ended.
            models.Index(
                fields=["ended_on", "id"],
                condition=Q(status__in=["not_eligible", "closed", "suspended"]),
                name="case_ended",
            ),
            # My tasks: open cases by the date of their last contact.
            models.Index(
                Coalesce("last_contact_on", "opened_on"),
                "id",
                condition=~Q(status__in=["not_eligible", "closed", "suspended"]),
                name="case_quiet",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closing_reason=""),
                name="case_closing_reason_only_when_closed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（ケース番号 {self.pk}）"

    @property
    def title(self) -> str:
        if self.household is not None:
            return self.household.name
        return f"{self.main_person.full_name}さん"

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def program_labels(self) -> list[str]:
        return [CaseProgram(code).label for code in self.programs if code in CaseProgram.values]


class TeamRole(models.TextChoices):
    LEAD = "lead", "主担当"
    COORDINATION = "coordination", "多機関協働担当"
    AGENCY = "agency", "支援機関"
    OUTREACH = "outreach", "アウトリーチ担当"
    PARTICIPATION = "participation", "参加支援担当"


class CaseReferral(models.Model):
    """A つなぎ about someone who already has a case, attached to that case by its receiver
    (instead of opening a second case); the case page lists it, the referral says so."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attached_referrals")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="attached_cases", verbose_name="つなぎ"
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attached_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "referral"], name="case_referral_once")
        ]

    def __str__(self) -> str:
        return f"ケース {self.case_id} ← つなぎ {self.referral_id}"


class CaseTeamMember(models.Model):
    """An organisation (and, if named, its worker) on the case team. Being on the team is what
    lets that organisation's case-work staff see the case, its household and its people."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="機関"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="担当者",
    )
    role = models.CharField("役割", max_length=20, choices=TeamRole.choices)
    joined_on = models.DateField("参加日")
    left_on = models.DateField("離脱日", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="参加を決めた会議",
    )

    class Meta:
        ordering = [models.F("left_on").asc(nulls_first=True), "joined_on", "pk"]
        indexes = [
            models.Index(
                fields=["organization", "case"],
                condition=Q(left_on__isnull=True),
                name="case_team_current",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="lead", left_on__isnull=True),
                name="case_one_current_lead",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}（{self.get_role_display()}）"

    @property
    def is_lead(self) -> bool:
        return self.role == TeamRole.LEAD


class CaseTransition(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    occurred_on = models.DateField("日付")
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="決めた会議",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Urgency(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class Assessment(models.Model):
    """One version of the whole-household assessment. A save makes a new version; each is
    kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField("版")
    assessed_on = models.DateField("アセスメント日")
    household_view = models.TextField("世帯全体の状況", blank=True)
    worker_view = models.TextField("支援者の見立て", blank=True)
    urgency = models.CharField("緊急度", max_length=10, choices=Urgency.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="assessment_version_once")
        ]

    def __str__(self) -> str:
        return f"アセスメント 第{self.version}版"


class AssessmentEntry(models.Model):
    """What the assessment says about one member of the household."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    issues = models.ManyToManyField(IssueCode, blank=True, related_name="+")
    wishes = models.TextField("本人の思い", blank=True)
    strengths = models.TextField("強み", blank=True)
    risks = models.TextField("リスク", blank=True)
    notes = models.TextField("課題の具体的な内容", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.person)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "下書き"
    APPROVED = "approved", "承認済"
    SUPERSEDED = "superseded", "改定済"


class SupportPlan(models.Model):
    """One version of the support plan (プラン兼利用申込書)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField("版")
    status = models.CharField(
        "状態", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    goal = models.TextField("本人の目標")
    direction = models.TextField("支援の方向性", blank=True)
    includes_participation = models.BooleanField("参加支援を利用する", default=False)
    includes_outreach = models.BooleanField("アウトリーチを利用する", default=False)
    monitoring_on = models.DateField("モニタリング予定日", null=True, blank=True)
    consent_on = models.DateField("本人の同意日", null=True, blank=True)
    consent_method = models.CharField(
        "同意の方法", max_length=10, choices=ConsentMethod.choices, blank=True
    )
    approved_on = models.DateField("承認日", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_plans",
        verbose_name="承認した会議",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Not columns: set on the instance by a selector or page, for its template.
    is_overdue: bool

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="plan_version_once"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="plan_one_draft"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="approved"), name="plan_one_approved"
            ),
        ]
        indexes = [
            models.Index(
                fields=["monitoring_on", "case"],
                condition=Q(status="approved"),
                name="plan_monitoring_due",
            )
        ]

    def __str__(self) -> str:
        return f"支援プラン 第{self.version}版（{self.get_status_display()}）"


class PlanItem(models.Model):
    """課題 → 支援内容 → 担当機関・担当者 → 頻度・期間."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(default=0)
    issue = models.CharField("課題", max_length=200)
    support = models.TextField("支援内容")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name="担当機関"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="担当者",
    )
    frequency = models.CharField("頻度・期間", max_length=100, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.issue


class NoteMethod(models.TextChoices):
    VISIT = "visit", "来所"
    HOME_VISIT = "home_visit", "訪問"
    PHONE = "phone", "電話"
    ACCOMPANY = "accompany", "同行"
    MEETING = "meeting", "会議"
    MAIL = "mail", "メール"
    OTHER = "other", "その他"


class CaseNote(models.Model):
    """支援経過: one contact or step by a team member."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField("日付")
    method = models.CharField("方法", max_length=20, choices=NoteMethod.choices)
    content = models.TextField("内容")
    next_action = models.CharField("次の対応", max_length=200, blank=True)
    next_action_on = models.DateField("次の対応の予定日", null=True, blank=True)
    next_action_done = models.BooleanField("次の対応を済ませた", default=False)
    is_sensitive = models.BooleanField(
        "機微な記録（自機関とコーディネーターだけが読める）", default=False
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's organisation; for a task assigned at a meeting, the organisation that does it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会議の決定",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Not columns: set on the instance by a selector or page, for its template.
    is_overdue: bool

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "-written_on"], name="case_note_case"),
            # My tasks (home): an organisation's open next actions in date order.
            models.Index(
                fields=["organization", "next_action_on", "id"],
                condition=Q(next_action_done=False, next_action_on__isnull=False),
                name="case_note_org_next_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.written_on} {self.get_method_display()}"


class Attainment(models.TextChoices):
    ACHIEVED = "achieved", "達成"
    PARTLY = "partly", "一部達成"
    NOT_ACHIEVED = "not_achieved", "未達成"


class EvaluationDecision(models.TextChoices):
    CLOSE = "close", "終結"
    REPLAN = "replan", "再プラン"
    SUSPEND = "suspend", "中断"


class Evaluation(models.Model):
    """評価: how far the plan's goals were reached and what happens next."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField("評価日")
    goal_attainment = models.CharField(
        "本人の目標の達成度", max_length=20, choices=Attainment.choices
    )
    changes = models.TextField("本人・世帯の変化")
    decision = models.CharField("判断", max_length=20, choices=EvaluationDecision.choices)
    closing_reason = models.CharField(
        "終結・中断の理由", max_length=20, choices=ClosingReason.choices, blank=True
    )
    reason = models.TextField("判断の理由")
    handback_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="つなぎ戻し先（今後の主担当）",
    )
    handback_referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_on = models.DateField("フォローアップ予定日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"評価 {self.evaluated_on}（{self.get_decision_display()}）"


class EvaluationItem(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="items")
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="+")
    attainment = models.CharField("達成度", max_length=20, choices=Attainment.choices)
    comment = models.TextField("所見", blank=True)

    class Meta:
        ordering = ["plan_item__order", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_item}: {self.get_attainment_display()}"
