"""地域づくり (issue 17, program 3 of the law, 106-4 ② 3号).

- `AreaFigures`: an area's figures for a year (population, 高齢化率, households, children),
  entered by hand or imported from the city's 住民基本台帳 statistics by 町丁目.
- `AreaProfile`: 地域プロフィール and 地域ビジョン, one row per version: a save adds a version,
  the latest is current, the older ones are kept and dated.
- `CommunityIssue`: 地域課題シート — area, theme, what was noticed, the evidence, who raised it;
  its status moves 提起 → 検討中 → 取組中 → 解決 / 継続して見守る through `services` only, each
  move kept as an `IssueTransition`. An issue carries no names.
- `Project`: what an issue led to; it may create resources in the directory (linked both ways).
- `Activity`: an event of a place or committee (居場所の開催, 住民懇談会, 講座, 委員会) with its
  participants and the organisations taking part.
- `Committee` and `CommitteeMember`: the city's committees and their members (residents, not
  Kasane users). `ResidentHelper` and `HelperMatch`: resident helpers and where they help.
- `AreaBoundary`: one area's outline (a GeoJSON geometry) for the map drawn on the server.

Nothing here names a person on a case: counts from individual records reach these pages only
through `kasane.core.safe_counts`. `access/community.py` decides who sees what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from kasane.meetings.models import AgendaItem, Meeting
from kasane.organizations.models import Area, Organization
from kasane.participation.models import UnmetNeed
from kasane.resources.models import Service


class AreaCoded(models.Model):
    """A record placed in an area, with a copy of the area's code (kept by `save`), so that
    lists filter by 圏域/地区/町丁目 through the code prefix, as the directory does."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    area_code = models.CharField(max_length=20, editable=False, default="", db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.area_code = self.area.code
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "area_code"}
        super().save(*args, **kwargs)


class Theme(models.Model):
    """地域課題のテーマ: the law's domains (defaults loaded by migration 0002); admins edit the
    list."""

    code = models.SlugField("コード", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # the edit form's version

    class Meta:
        verbose_name = "地域課題のテーマ"
        verbose_name_plural = "地域課題のテーマ"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class FiguresSource(models.TextChoices):
    MANUAL = "manual", "手入力"
    IMPORT = "import", "CSVの取込"


class AreaFigures(models.Model):
    """An area's figures for one year (the year of the 住民基本台帳 statistics it comes from).
    A 圏域 or 地区 without its own row sums its 町丁目 (see `selectors`)."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    year = models.PositiveSmallIntegerField("年度")
    as_of = models.DateField("基準日", null=True, blank=True)
    population = models.PositiveIntegerField("人口")
    aged_65 = models.PositiveIntegerField("65歳以上人口")
    aged_75 = models.PositiveIntegerField("75歳以上人口")
    households = models.PositiveIntegerField("世帯数")
    single_elderly_households = models.PositiveIntegerField("高齢者単身世帯数")
    children = models.PositiveIntegerField("18歳未満人口")
    source = models.CharField(
        "入力方法", max_length=10, choices=FiguresSource.choices, default=FiguresSource.MANUAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("入力日時", auto_now=True)

    class Meta:
        verbose_name = "地域の統計"
        verbose_name_plural = "地域の統計"
        ordering = ["area__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="community_figures_once"),
            models.CheckConstraint(
                condition=Q(aged_75__lte=F("aged_65")) & Q(aged_65__lte=F("population")),
                name="community_figures_ages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}年度"


class AreaProfile(models.Model):
    """One version of an area's 地域プロフィール and 地域ビジョン. A save adds a row; the
    newest is the current profile."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    strengths = models.TextField("地域の強み", blank=True)
    issues = models.TextField("地域の課題", blank=True)
    vision = models.TextField("地域ビジョン", blank=True)
    vision_agreed_on = models.DateField("ビジョンの合意日", null=True, blank=True)
    vision_agreed_at = models.CharField("合意した場（例：住民懇談会）", max_length=100, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField("記録日時", auto_now_add=True)

    class Meta:
        verbose_name = "地域プロフィール"
        verbose_name_plural = "地域プロフィール"
        ordering = ["-written_at", "-pk"]
        indexes = [
            models.Index(fields=["area", "-written_at", "-id"], name="community_profile_latest")
        ]

    def __str__(self) -> str:
        return f"{self.area}の地域プロフィール"


class CommitteeKind(models.TextChoices):
    TOWN_PLANNING = "town_planning", "福祉のまちづくり委員会"
    DISTRICT = "district", "地区福祉委員会"
    OTHER = "other", "その他の協議の場"


class Committee(AreaCoded):
    """A committee of residents and organisations: a 福祉のまちづくり委員会 per 圏域, a
    地区福祉委員会."""

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("種類", max_length=20, choices=CommitteeKind.choices)
    secretariat = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="事務局",
    )
    notes = models.TextField("備考", blank=True)
    is_active = models.BooleanField("活動中", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "委員会"
        verbose_name_plural = "委員会"
        ordering = ["area_code", "name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member of a committee: a resident or an organisation's person, not a Kasane user."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    role = models.CharField("役職", max_length=50, blank=True)
    affiliation = models.CharField("所属・立場（例：町会、民生委員）", max_length=100, blank=True)
    term_start = models.DateField("任期の始まり")
    term_end = models.DateField("任期の終わり", null=True, blank=True)
    is_liaison = models.BooleanField("つなぐシート連絡員", default=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "委員"
        verbose_name_plural = "委員"
        ordering = ["committee", "kana", "pk"]

    def __str__(self) -> str:
        return self.name


class IssueStatus(models.TextChoices):
    RAISED = "raised", "提起"
    CONSIDERING = "considering", "検討中"
    IN_PROGRESS = "in_progress", "取組中"
    RESOLVED = "resolved", "解決"
    WATCHING = "watching", "継続して見守る"


class RaisedBy(models.TextChoices):
    COMMITTEE = "committee", "委員会"
    RESIDENTS_MEETING = "residents_meeting", "住民懇談会"
    TEAM_MEETING = "team_meeting", "チーム会議"
    SUPPORT_MEETING = "support_meeting", "支援会議"
    STAFF = "staff", "職員の気づき"


class CommunityIssue(AreaCoded):
    """地域課題シート. Anonymous: the services refuse text that names a person on the cases an
    issue was raised from."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="issues", verbose_name="テーマ"
    )
    title = models.CharField("課題（ひとことで）", max_length=100)
    noticed = models.TextField("気づいたこと")
    voices = models.TextField("住民の声", blank=True)
    evidence = models.TextField("根拠となる数字など", blank=True)
    unmet_needs = models.ManyToManyField(
        UnmetNeed, blank=True, related_name="community_issues", verbose_name="足りない社会資源"
    )
    raised_by = models.CharField("提起した場", max_length=20, choices=RaisedBy.choices)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name="委員会",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="会議",
    )
    # The agenda item (機能Ⅲ of a チーム会議) the issue was extracted from, if any: the name
    # check reads its case's people. Never shown to those who may not see the meeting.
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        "状態", max_length=20, choices=IssueStatus.choices, default=IssueStatus.RAISED
    )
    status_changed_on = models.DateField("状態の変更日")
    raised_on = models.DateField("提起日")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # the edit form's version

    class Meta:
        verbose_name = "地域課題"
        verbose_name_plural = "地域課題"
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["-raised_on", "-id"], name="community_issue_raised"),
            models.Index(fields=["status", "-raised_on"], name="community_issue_status"),
        ]

    def __str__(self) -> str:
        return self.title


class IssueTransition(models.Model):
    issue = models.ForeignKey(CommunityIssue, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=IssueStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=IssueStatus.choices)
    occurred_on = models.DateField("日付")
    note = models.TextField("メモ", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '（なし）'} → {self.to_status}"


class Project(AreaCoded):
    """取組: what an issue led to (what, who, from when). A project may create resources in the
    directory; `resources` links them both ways."""

    title = models.CharField("取組の名称", max_length=100)
    description = models.TextField("何をするか")
    leads = models.CharField("担い手（誰が）", max_length=200)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name="参加する機関"
    )
    issues = models.ManyToManyField(
        CommunityIssue, blank=True, related_name="projects", verbose_name="地域課題"
    )
    resources = models.ManyToManyField(
        Service, blank=True, related_name="community_projects", verbose_name="生まれた社会資源"
    )
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "取組"
        verbose_name_plural = "取組"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="community_project_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    GATHERING = "gathering", "居場所の開催"
    RESIDENTS_MEETING = "residents_meeting", "住民懇談会"
    COURSE = "course", "講座"
    COMMITTEE = "committee", "委員会"
    OTHER = "other", "その他"


class Activity(AreaCoded):
    """One event of a place or a committee: the indicators 拠点数, 参加者数 and 参加機関数 count
    these."""

    held_on = models.DateField("開催日")
    kind = models.CharField("種類", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("名称", max_length=100)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_activities",
        verbose_name="場所・社会資源",
    )
    place = models.CharField("場所（社会資源にないとき）", max_length=100, blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="委員会",
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name="取組",
    )
    participants = models.PositiveIntegerField("参加者数")
    new_participants = models.PositiveIntegerField("うち初めての参加者数", default=0)
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="+", verbose_name="参加した機関"
    )
    note = models.TextField("メモ", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "活動"
        verbose_name_plural = "活動"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["-held_on", "-id"], name="community_activity_held")]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_participants__lte=F("participants")),
                name="community_activity_new_le_all",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class HelperKind(models.TextChoices):
    COLLEGE = "college", "福祉カレッジ修了生"
    SUPPORTER = "supporter", "サポーター"
    VOLUNTEER = "volunteer", "ボランティア"
    OTHER = "other", "その他"


class ResidentHelper(AreaCoded):
    """A resident who offers a hand (福祉カレッジ修了生, サポーター): what they can do, where and
    when. Residents' personal data: read only by those who keep the register."""

    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    kind = models.CharField("区分", max_length=20, choices=HelperKind.choices)
    can_do = models.TextField("できること")
    days = models.JSONField("活動できる曜日", default=list, blank=True)
    times = models.CharField("活動できる時間帯", max_length=100, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    registered_on = models.DateField("登録日")
    is_active = models.BooleanField("登録中", default=True)
    notes = models.TextField("備考", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "地域の担い手"
        verbose_name_plural = "地域の担い手"
        ordering = ["kana", "pk"]

    def __str__(self) -> str:
        return self.name


class HelperMatch(models.Model):
    """A helper matched to a resource or an activity's project that needs hands."""

    helper = models.ForeignKey(ResidentHelper, on_delete=models.CASCADE, related_name="matches")
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="社会資源",
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="helper_matches",
        verbose_name="取組",
    )
    role = models.CharField("担うこと", max_length=100)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    note = models.TextField("メモ", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "担い手のマッチング"
        verbose_name_plural = "担い手のマッチング"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(project__isnull=False),
                name="community_helper_match_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.helper} → {self.role}"


class AreaBoundary(models.Model):
    """An area's outline for the map: a GeoJSON geometry (Polygon or MultiPolygon, WGS84
    longitude/latitude), as loaded from the city's boundary file."""

    area = models.OneToOneField(
        Area, on_delete=models.PROTECT, related_name="boundary", verbose_name="地域"
    )
    geometry = models.JSONField("境界")
    source = models.CharField("元のファイル", max_length=200, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField("読込日時", auto_now=True)

    class Meta:
        verbose_name = "地域の境界"
        verbose_name_plural = "地域の境界"

    def __str__(self) -> str:
        return f"{self.area}の境界"
