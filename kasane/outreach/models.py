"""アウトリーチ (issue 15): the watch list of people to keep visiting, and every contact attempt.

A target (`OutreachTarget`) is someone to reach: a person record, or — not yet identified — an
area and a description. Organisations are assigned to it (`OutreachAssignment`: a CSW with a
地区担当保健師); each contact attempt (`ContactAttempt`) records its method, result and what
was seen, and carries the next contact date. The stage follows the results (`stage_after`),
never backwards unless a worker corrects it; the system carries the dates, not the worker's
memory.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kasane.cases.models import Case
from kasane.core.japanese import add_months
from kasane.intake.models import Consultation, Referral
from kasane.organizations.models import Area, Organization
from kasane.people.models import Person


class Source(models.TextChoices):
    SHEET = "sheet", "つなぐシート"
    CONSULTATION = "consultation", "相談"
    MEETING = "meeting", "支援会議の決定"
    COMMUNITY = "community", "民生委員・近隣からの情報"
    DIRECT = "direct", "直接"


class Aim(models.TextChoices):
    SAFETY = "safety", "安否確認"
    RELATIONSHIP = "relationship", "関係づくり"
    CONNECT = "connect", "受診・サービスにつなぐ"
    CONSULTATION = "consultation", "相談への導入"


class Risk(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class Stage(models.TextChoices):
    KNOWN = "known", "把握"
    TRYING = "trying", "接触を試みている"
    MET = "met", "会えた"
    SPOKE = "spoke", "話せた"
    RELATION = "relation", "関係ができた"
    CONNECTED = "connected", "相談・支援につながった"
    CLOSED = "closed", "終了"


# The path a target moves along, in order (終了 is off it).
STAGE_PATH = (
    Stage.KNOWN,
    Stage.TRYING,
    Stage.MET,
    Stage.SPOKE,
    Stage.RELATION,
    Stage.CONNECTED,
)
OPEN_STAGES = frozenset(STAGE_PATH)


class CloseReason(models.TextChoices):
    CONNECTED = "connected", "支援につながった"
    NOT_NEEDED = "not_needed", "見守り不要"
    MOVED = "moved", "転出"
    DIED = "died", "死亡"
    HANDED_OVER = "handed_over", "他機関へ引継ぎ"


class Method(models.TextChoices):
    VISIT = "visit", "訪問"
    PHONE = "phone", "電話"
    LETTER = "letter", "手紙"
    NOTE = "note", "置き手紙"
    JOINT_VISIT = "joint_visit", "同行訪問"
    COMMUNITY = "community", "地域からの見守り情報"


class Result(models.TextChoices):
    ABSENT = "absent", "不在"
    NO_ANSWER = "no_answer", "応答なし"
    REFUSED = "refused", "拒否"
    MET = "met", "会えた"
    SPOKE = "spoke", "話せた"
    CONNECTED = "connected", "相談につながった"


# The stage a result brings a target to (at least); a result not listed brings 把握 to
# 接触を試みている. Stages never move backwards with a result.
RESULT_STAGE = {
    Result.MET: Stage.MET,
    Result.SPOKE: Stage.SPOKE,
    Result.CONNECTED: Stage.CONNECTED,
}
# Results that count as a contact (the last contact date, the coordinator's alert).
CONTACT_RESULTS = frozenset(RESULT_STAGE)


class Safety(models.TextChoices):
    CONFIRMED = "confirmed", "確認できた"
    NOT_CONFIRMED = "not_confirmed", "確認できない"
    NOT_APPLICABLE = "na", "該当なし"


def stage_after(stage: str, result: str) -> str:
    """The stage a target reaches after an attempt with this result: forward only."""
    if stage not in OPEN_STAGES:
        return stage
    reached = RESULT_STAGE.get(Result(result), Stage.TRYING)
    current = STAGE_PATH.index(Stage(stage))
    return STAGE_PATH[max(current, STAGE_PATH.index(reached))]


REVIEW_MONTHS = 3
# A stage that has not moved for this many months is flagged for review.
STALE_MONTHS = 6


def review_date(registered_on: dt.date) -> dt.date:
    """The default review date: three months after registration (or after a review; the
    month's end when the day does not exist)."""
    return add_months(registered_on, REVIEW_MONTHS)


def stale_cutoff(today: dt.date) -> dt.date:
    """An open target whose stage last moved on or before this day is flagged for review."""
    return add_months(today, -STALE_MONTHS)


class OutreachTarget(models.Model):
    """アウトリーチ対象: someone to keep reaching. `person` is empty while not yet identified:
    then `area` and `description` say who."""

    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_targets",
        verbose_name="本人",
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="地域"
    )
    description = models.TextField("対象の様子（氏名不明のとき）", blank=True)
    source = models.CharField("把握の経緯", max_length=20, choices=Source.choices)
    referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_targets",
        verbose_name="元のつなぎ",
    )
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_targets",
        verbose_name="元の相談受付",
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="開いたケース",
    )
    noticed = models.TextField("気づいたこと")
    aims = models.JSONField("接触の目的", default=list, blank=True)
    risk = models.CharField("リスク", max_length=10, choices=Risk.choices, default=Risk.MEDIUM)
    stage = models.CharField("段階", max_length=20, choices=Stage.choices, default=Stage.KNOWN)
    close_reason = models.CharField(
        "終了の理由", max_length=20, choices=CloseReason.choices, blank=True
    )
    closed_on = models.DateField("終了日", null=True, blank=True)
    registered_on = models.DateField("把握日")
    next_contact_on = models.DateField("次回の接触予定日", null=True, blank=True)
    review_on = models.DateField("見直し日")
    last_contact_on = models.DateField("最後に会えた日", null=True, blank=True)
    # The day the stage last moved (an attempt, a correction, the case, closing): a stage
    # that has not moved for `STALE_MONTHS` is flagged for review.
    stage_changed_on = models.DateField("段階が動いた日")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the edit forms' version

    # Set by the reads that prefetch them: the current assignments (`selectors.
    # current_assignments`), and whether the next contact date has passed (the home card).
    current: list[OutreachAssignment]
    is_overdue: bool

    class Meta:
        verbose_name = "アウトリーチ対象"
        indexes = [
            # The watch list of open targets in next-date order (a coordinator's, all of them).
            models.Index(
                fields=["next_contact_on", "id"],
                condition=~Q(stage="closed"),
                name="outreach_open_next",
            ),
            # The list's 見直し filter: due for review, or a stage that has not moved (an OR of
            # the two, which PostgreSQL answers from both indexes).
            models.Index(
                fields=["review_on"], condition=~Q(stage="closed"), name="outreach_open_review"
            ),
            models.Index(
                fields=["stage_changed_on"],
                condition=~Q(stage="closed"),
                name="outreach_open_stage_moved",
            ),
            # Retention (kasane.retention.due): closed targets by the day they closed.
            models.Index(
                fields=["closed_on", "id"], condition=Q(stage="closed"), name="outreach_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"アウトリーチ対象 {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def is_stage_stale(self) -> bool:
        """「段階が6か月動いていません」: open, and the stage last moved `STALE_MONTHS` ago."""
        return not self.is_closed and self.stage_changed_on <= stale_cutoff(timezone.localdate())

    def set_stage(self, stage: str, on: dt.date) -> list[str]:
        """Move the stage (and note the day it moved); the fields to save."""
        if stage == self.stage:
            return []
        self.stage = stage
        self.stage_changed_on = on
        return ["stage", "stage_changed_on"]

    @property
    def is_identified(self) -> bool:
        return self.person_id is not None

    @property
    def name_label(self) -> str:
        """Who the target is, in one line: the person's name, or 氏名不明 and the area while
        not identified (as `outreach/_target_name.html` shows it)."""
        if self.person is not None:
            return f"{self.person.full_name}さん"
        return f"氏名不明（{self.area.name if self.area else '地域未選択'}）"

    @property
    def aim_labels(self) -> list[str]:
        return [Aim(code).label for code in self.aims if code in Aim.values]

    @property
    def path(self) -> list[dict[str, str]]:
        """The stage path for the target page: each step's label and state (done, current,
        todo); a closed target has passed along all of it as far as it went."""
        if self.stage not in OPEN_STAGES:
            return [{"label": stage.label, "state": "done"} for stage in STAGE_PATH]
        current = STAGE_PATH.index(Stage(self.stage))
        return [
            {
                "label": stage.label,
                "state": "done" if i < current else "current" if i == current else "todo",
            }
            for i, stage in enumerate(STAGE_PATH)
        ]


class OutreachAssignment(models.Model):
    """An organisation assigned to a target (while `left_on` is empty), with its worker."""

    target = models.ForeignKey(OutreachTarget, on_delete=models.CASCADE, related_name="assignments")
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
    role = models.CharField("役割", max_length=100, blank=True)
    joined_on = models.DateField("担当開始日")
    left_on = models.DateField("担当終了日", null=True, blank=True)

    class Meta:
        verbose_name = "アウトリーチの担当"
        indexes = [
            # The list: an organisation's current targets (access and the default filter).
            models.Index(
                fields=["organization", "target"],
                condition=Q(left_on__isnull=True),
                name="outreach_assigned_now",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}（{self.role}）" if self.role else str(self.organization)


class ContactAttempt(models.Model):
    """接触の記録: one visit, call, letter or report, with what came of it."""

    target = models.ForeignKey(OutreachTarget, on_delete=models.CASCADE, related_name="attempts")
    occurred_at = models.DateTimeField("日時")
    method = models.CharField("方法", max_length=20, choices=Method.choices)
    companion = models.CharField("同行者", max_length=100, blank=True)
    result = models.CharField("結果", max_length=20, choices=Result.choices)
    safety = models.CharField(
        "安否", max_length=20, choices=Safety.choices, default=Safety.NOT_APPLICABLE
    )
    seen = models.TextField("様子（生活状況・リスク）", blank=True)
    next_step = models.TextField("次の手立て", blank=True)
    next_contact_on = models.DateField("次回の接触予定日", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "接触の記録"
        indexes = [
            models.Index(fields=["target", "-occurred_at", "-id"], name="attempt_target_at"),
        ]

    def __str__(self) -> str:
        return f"接触の記録 {self.pk}"

    @property
    def is_contact(self) -> bool:
        return self.result in CONTACT_RESULTS


class Decision(models.TextChoices):
    CONTINUE = "continue", "続ける"
    MEETING = "meeting", "支援会議へ"
    CLOSE = "close", "終了"


class OutreachReview(models.Model):
    """見直し: on (or before) the review date the workers decide to go on with a new plan of
    approach (続ける), to take the target to a 支援会議 (支援会議へ), or to close it (終了,
    with the reason); the next review date follows unless the target closes."""

    target = models.ForeignKey(OutreachTarget, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("見直した日")
    decision = models.CharField("決めたこと", max_length=20, choices=Decision.choices)
    approach = models.TextField("これからの接触の仕方", blank=True)
    next_review_on = models.DateField("次の見直し日", null=True, blank=True)
    close_reason = models.CharField(
        "終了の理由", max_length=20, choices=CloseReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "アウトリーチの見直し"
        indexes = [
            models.Index(fields=["target", "-reviewed_on", "-id"], name="outreach_review_target"),
        ]

    def __str__(self) -> str:
        return f"見直し {self.pk}"

    @property
    def wants_meeting(self) -> bool:
        return self.decision == Decision.MEETING
