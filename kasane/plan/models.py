"""The implementation plan (実施計画, 社会福祉法第106条の5): its period in fiscal years, its
projects (プロジェクト), each project's 取組 with who leads it, the milestone of every 取組 for
every fiscal year, and the progress recorded per 取組 and year.

A fiscal year is stored as the western year it starts in (2025 = 令和7年度, 2025-04-01 to
2026-03-31), as `kasane.core.japanese.fiscal_year` gives it. The plan names no person: it
holds organisations and text only. Progress is never overwritten: each record is a new row,
and the latest one of an 取組 and year is its current status (the rows before are its history).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.core.japanese import fiscal_year_label

# A plan runs five years as a rule (芦屋 R4–R8); ten at most keeps the 年度計画 on one page.
MAX_PLAN_YEARS = 10


class ImplementationPlan(models.Model):
    title = models.CharField("計画の名称", max_length=200)
    first_year = models.PositiveSmallIntegerField("計画期間の初年度")
    last_year = models.PositiveSmallIntegerField("計画期間の最終年度")
    note = models.TextField("概要", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="plan_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.period_label}）"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def period_label(self) -> str:
        """令和6〜10年度 (令和6年度 for a single year; both eras when the period spans two)."""
        first, last = fiscal_year_label(self.first_year), fiscal_year_label(self.last_year)
        if first == last:
            return first
        first_era, last_era = first[:2], last[:2]
        if first_era == last_era:
            return f"{first.removesuffix('年度')}〜{last.removeprefix(last_era)}"
        return f"{first}〜{last}"


class PlanProject(models.Model):
    plan = models.ForeignKey(ImplementationPlan, on_delete=models.CASCADE, related_name="projects")
    order = models.PositiveSmallIntegerField("番号")
    title = models.CharField("プロジェクト名", max_length=200)
    aim = models.TextField("ねらい", blank=True)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="plan_project_order_unique")
        ]

    def __str__(self) -> str:
        return f"({self.order}) {self.title}"


class Initiative(models.Model):
    """A 取組 of a project; its lead (中心となる取組主体) is an organisation of the directory
    and/or a free text (a committee, 地域支え合い推進員…)."""

    project = models.ForeignKey(PlanProject, on_delete=models.CASCADE, related_name="initiatives")
    order = models.PositiveSmallIntegerField("番号")
    title = models.CharField("取組", max_length=300)
    lead_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="中心となる機関",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lead_text = models.CharField("中心となる取組主体（その他）", max_length=200, blank=True)

    class Meta:
        ordering = ["project", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "order"], name="plan_initiative_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        """ア, イ, ウ… as in the plan's table (then numbers past the 20th)."""
        kana = "アイウエオカキクケコサシスセソタチツテト"
        return kana[self.order - 1] if 1 <= self.order <= len(kana) else str(self.order)

    @property
    def lead(self) -> str:
        names = [self.lead_organization.name] if self.lead_organization else []
        return "・".join([*names, *([self.lead_text] if self.lead_text else [])])


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    text = models.CharField("目標・予定", max_length=300)

    class Meta:
        ordering = ["initiative", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "fiscal_year"], name="plan_milestone_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.text}"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未着手"
    IN_PROGRESS = "in_progress", "実施中"
    ACHIEVED = "achieved", "達成"
    REVISED = "revised", "見直し"


class Progress(models.Model):
    """One record of a year's progress of an 取組; the latest is the current one."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="progress")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("進捗", max_length=20, choices=ProgressStatus.choices)
    note = models.TextField("実績・見直しの内容", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("記録日時")

    class Meta:
        ordering = ["initiative", "fiscal_year", "recorded_at", "pk"]
        indexes = [
            models.Index(
                fields=["initiative", "fiscal_year", "recorded_at"], name="plan_progress_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.get_status_display()}"


# --- 成果目標 (indicators) ---


class Indicator(models.Model):
    """A 成果目標: its actual is counted from the records by a catalogue entry
    (`kasane.plan.catalogue`), or, where no record holds it, entered by hand per year
    (`ManualFigure`)."""

    plan = models.ForeignKey(
        ImplementationPlan,
        verbose_name="実施計画",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    label = models.CharField("成果目標", max_length=200)
    code = models.CharField("実績の数え方（一覧から）", max_length=40, blank=True)
    unit = models.CharField("単位", max_length=10, default="件")
    definition = models.TextField("定義（手入力のとき）", blank=True)
    order = models.PositiveSmallIntegerField("並び順", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_manual(self) -> bool:
        return not self.code


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    value = models.PositiveIntegerField("目標値")

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="plan_indicator_target_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.value}"


class ManualFigure(models.Model):
    """A year's actual entered by hand (協力企業の数…): who entered it and when are kept."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="figures")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    value = models.PositiveIntegerField("実績値")
    note = models.CharField("根拠・メモ", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("入力日時")

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="plan_manual_figure_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.value}"
