"""参加支援 (issue 16, program 2 of the law): a person's wishes and constraints
(`ParticipationProfile`), the places proposed and followed up to settled participation
(`Match`, its stage history `MatchTransition` and follow-ups `FollowUp`), and the resources
that were missing (`UnmetNeed`, anonymous: counted by area and theme for community
development).

A match moves 提案 → 見学 → 体験 → 参加開始 → 定着 → 終了; only `services.match_move` changes its
stage (forward any number of steps, backwards only with a reason). Participation records are
case data: `access/participation.py` decides who sees them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.cases.models import Case
from kasane.core.japanese import add_months
from kasane.organizations.models import Area
from kasane.people.models import Person
from kasane.resources.models import Service, ServiceCategory


class WishTag(models.TextChoices):
    WORK = "work", "働きたい"
    PLACE = "place", "居場所がほしい"
    PEERS = "peers", "仲間がほしい"
    LEARN = "learn", "学びたい"
    CONTRIBUTE = "contribute", "役に立ちたい"


# The directory's categories (codes of `ServiceCategory`) each wish looks for.
WISH_CATEGORIES: dict[str, tuple[str, ...]] = {
    WishTag.WORK: ("work_experience", "intermediate_work", "company"),
    WishTag.PLACE: ("ibasho", "salon", "kayoinoba", "carers"),
    WishTag.PEERS: ("peer_support", "salon", "carers"),
    WishTag.LEARN: ("study",),
    WishTag.CONTRIBUTE: ("volunteer",),
}

WEEKDAY_CHOICES = [(str(day), label) for day, label in enumerate("月火水木金土日")]


class ParticipationProfile(models.Model):
    """参加支援シート: one case person's wishes in their own words and as tags, and what limits
    where they can go (days, times, transport, health, money)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participation_profiles")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    wishes = models.TextField("本人の希望（本人の言葉で）", blank=True)
    wish_tags = models.JSONField("希望", default=list, blank=True)
    days = models.JSONField("参加できる曜日", default=list, blank=True)
    times = models.CharField("参加できる時間帯", max_length=200, blank=True)
    transport = models.CharField("移動手段", max_length=200, blank=True)
    health = models.CharField("健康面で配慮すること", max_length=200, blank=True)
    money = models.CharField("費用について", max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "参加支援の希望"
        verbose_name_plural = "参加支援の希望"
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="participation_profile_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}の希望"

    @property
    def wish_labels(self) -> list[str]:
        return [WishTag(tag).label for tag in self.wish_tags if tag in WishTag.values]

    @property
    def day_labels(self) -> str:
        return "".join("月火水木金土日"[int(day)] for day in sorted(self.days))

    @property
    def category_codes(self) -> list[str]:
        codes = [code for tag in self.wish_tags for code in WISH_CATEGORIES.get(tag, ())]
        return list(dict.fromkeys(codes))


class Stage(models.TextChoices):
    PROPOSED = "proposed", "提案"
    VISIT = "visit", "見学"
    TRIAL = "trial", "体験"
    STARTED = "started", "参加開始"
    SETTLED = "settled", "定着"
    ENDED = "ended", "終了"


# The stages in order: a move to a later one is forward, to an earlier one backwards.
STAGE_ORDER = (
    Stage.PROPOSED,
    Stage.VISIT,
    Stage.TRIAL,
    Stage.STARTED,
    Stage.SETTLED,
    Stage.ENDED,
)
# The date column of each stage (the day the match reached it).
STAGE_DATES = {
    Stage.PROPOSED: "proposed_on",
    Stage.VISIT: "visited_on",
    Stage.TRIAL: "tried_on",
    Stage.STARTED: "started_on",
    Stage.SETTLED: "settled_on",
    Stage.ENDED: "ended_on",
}
ATTENDING_STAGES = (Stage.STARTED, Stage.SETTLED)


class EndReason(models.TextChoices):
    ACHIEVED = "achieved", "目標達成"
    WISH = "wish", "本人の意向"
    MISFIT = "misfit", "合わなかった"
    PAUSED = "paused", "休止"
    MOVED = "moved", "転出"


def settled_due_on(started_on: dt.date) -> dt.date:
    """The first day a participation can be confirmed as 定着."""
    return started_on + dt.timedelta(weeks=settings.KASANE_PARTICIPATION_SETTLED_WEEKS)


class Match(models.Model):
    """A person ↔ a resource: from the proposal to settled participation (or its end)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participation_matches")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="matches", verbose_name="社会資源"
    )
    stage = models.CharField("段階", max_length=10, choices=Stage.choices, default=Stage.PROPOSED)
    proposed_on = models.DateField("提案日")
    visited_on = models.DateField("見学日", null=True, blank=True)
    tried_on = models.DateField("体験日", null=True, blank=True)
    started_on = models.DateField("参加開始日", null=True, blank=True)
    settled_on = models.DateField("定着の確認日", null=True, blank=True)
    ended_on = models.DateField("終了日", null=True, blank=True)
    end_reason = models.CharField(
        "終了の理由", max_length=10, choices=EndReason.choices, blank=True
    )
    contact_name = models.CharField("受け入れ先の担当者", max_length=100, blank=True)
    notes = models.TextField("メモ", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "参加支援のマッチング"
        verbose_name_plural = "参加支援のマッチング"
        ordering = ["-proposed_on", "-pk"]
        indexes = [
            # The home card: attending matches by the day they started.
            models.Index(
                fields=["started_on", "id"],
                condition=Q(stage__in=["started", "settled"]),
                name="participation_attending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.service}（{self.get_stage_display()}）"

    def date_of(self, stage: str) -> dt.date | None:
        value: dt.date | None = getattr(self, STAGE_DATES[Stage(stage)])
        return value

    @property
    def steps(self) -> list[tuple[str, dt.date | None, bool]]:
        """(label, date, reached) for each stage, for the page's progress line."""
        index = STAGE_ORDER.index(Stage(self.stage))
        return [
            (stage.label, self.date_of(stage), position <= index)
            for position, stage in enumerate(STAGE_ORDER)
        ]

    @property
    def settle_due_on(self) -> dt.date | None:
        if self.stage != Stage.STARTED or self.started_on is None:
            return None
        return settled_due_on(self.started_on)


class MatchTransition(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Stage.choices)
    occurred_on = models.DateField("日付")
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_stage_display()}"

    def get_from_status_display(self) -> str:
        return Stage(self.from_stage).label if self.from_stage else "（なし）"


class FollowUpKind(models.TextChoices):
    WEEK = "week", "1週間後"
    MONTH = "month", "1か月後"
    QUARTER = "quarter", "3か月後"


def follow_up_due_on(kind: str, started_on: dt.date) -> dt.date:
    """The day a follow-up falls due after 参加開始."""
    if kind == FollowUpKind.WEEK:
        return started_on + dt.timedelta(days=7)
    return add_months(started_on, 1 if kind == FollowUpKind.MONTH else 3)


class FollowUp(models.Model):
    """フォローアップ: 1 week, 1 month and 3 months after 参加開始 — is the person still going?"""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField("時期", max_length=10, choices=FollowUpKind.choices)
    done_on = models.DateField("実施日")
    still_attending = models.BooleanField("参加を続けている")
    note = models.TextField("メモ", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "参加支援のフォローアップ"
        verbose_name_plural = "参加支援のフォローアップ"
        ordering = ["done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["match", "kind"], name="participation_follow_up_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}のフォローアップ"


class AgeBand(models.TextChoices):
    CHILD = "child", "子ども（15歳まで）"
    YOUNG = "young", "若者（16〜39歳）"
    MIDDLE = "middle", "中高年（40〜64歳）"
    OLDER = "older", "高齢者（65歳以上）"
    ANY = "any", "年齢を問わない"


class UnmetNeed(models.Model):
    """足りない社会資源: what was wanted, where, for whom in general terms. Anonymous: no case,
    no person, no names (the service refuses a note naming the case's people); counted by area
    and theme for community development."""

    theme = models.CharField("求めていたこと", max_length=12, choices=WishTag.choices)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="社会資源の種類",
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    area_code = models.CharField(max_length=20, editable=False, default="", db_index=True)
    age_band = models.CharField("対象（年代）", max_length=10, choices=AgeBand.choices)
    note = models.TextField("どんな場があればよいか（個人名は書かない）", blank=True)
    recorded_on = models.DateField("記録日")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "足りない社会資源"
        verbose_name_plural = "足りない社会資源"
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}（{self.area}）"
