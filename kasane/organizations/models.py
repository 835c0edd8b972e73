from __future__ import annotations

from django.db import models


class OrganizationKind(models.TextChoices):
    CITY_DEPARTMENT = "city_department", "市の部署"
    CONTRACTOR = "contractor", "委託事業者"
    SOCIAL_WELFARE_COUNCIL = "social_welfare_council", "社会福祉協議会"
    SOCIAL_WELFARE_CORPORATION = "social_welfare_corporation", "社会福祉法人"
    NPO = "npo", "NPO法人"
    COMPANY = "company", "民間企業"
    COMMUNITY_GROUP = "community_group", "地域団体"
    OTHER = "other", "その他"


class Field(models.TextChoices):
    """The fields (分野) an organisation works in."""

    ELDERLY = "elderly", "高齢"
    DISABILITY = "disability", "障害"
    CHILDREN = "children", "子ども"
    POVERTY = "poverty", "生活困窮"
    HEALTH = "health", "保健医療"
    EDUCATION = "education", "教育"
    HOUSING = "housing", "住まい"
    EMPLOYMENT = "employment", "就労"
    TAX = "tax", "税・公金"
    JUSTICE = "justice", "司法・警察"
    LIFELINE = "lifeline", "ライフライン"
    OTHER = "other", "その他"


class Program(models.TextChoices):
    """The five programs of law 106-4 ②."""

    CONSULTATION = "consultation", "包括的相談支援事業"
    PARTICIPATION = "participation", "参加支援事業"
    COMMUNITY = "community", "地域づくり事業"
    OUTREACH = "outreach", "アウトリーチ等を通じた継続的支援事業"
    COORDINATION = "coordination", "多機関協働事業"


class AreaKind(models.TextChoices):
    CITY = "city", "市"
    SPHERE = "sphere", "日常生活圏域"
    DISTRICT = "district", "地区"
    TOWN = "town", "町丁目"


AREA_LEVEL = {AreaKind.CITY: 0, AreaKind.SPHERE: 1, AreaKind.DISTRICT: 2, AreaKind.TOWN: 3}
AREA_PARENT_KIND = {
    AreaKind.SPHERE: AreaKind.CITY,
    AreaKind.DISTRICT: AreaKind.SPHERE,
    AreaKind.TOWN: AreaKind.DISTRICT,
}


class AreaQuerySet(models.QuerySet):
    def active(self) -> AreaQuerySet:
        """The areas one may choose today, by 地域コード: codes follow the hierarchy
        (01-02-03), so every choice list reads in the city's order. 表示順 orders siblings in
        the tree of areas only: across districts it would interleave their 町丁目."""
        return self.filter(is_active=True).order_by("code")


class Area(models.Model):
    """市 → 日常生活圏域 → 地区 → 町丁目. Areas are deactivated, never deleted."""

    name = models.CharField("名称", max_length=100)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    kind = models.CharField("区分", max_length=16, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位の地域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField("地域コード", max_length=20, unique=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("有効", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "地域"
        verbose_name_plural = "地域"
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organizations_area_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int:
        return AREA_LEVEL[AreaKind(self.kind)]


class OrganizationQuerySet(models.QuerySet):
    def active(self) -> OrganizationQuerySet:
        """The organisations one may choose today, in the order users know them: by kind,
        then ふりがな (pk last, so that equal names keep one order)."""
        return self.filter(is_active=True).order_by("kind", "kana", "name", "pk")


class Organization(models.Model):
    """支援関係機関 or 庁内部署. Organisations are deactivated, never deleted."""

    name = models.CharField("名称", max_length=100, unique=True)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    short_name = models.CharField("略称", max_length=40, blank=True)
    kind = models.CharField("種別", max_length=32, choices=OrganizationKind.choices)
    fields = models.JSONField("分野", default=list, blank=True)
    programs = models.JSONField("担う事業", default=list, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name="担当地域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
    )
    phone = models.CharField("電話番号", max_length=30, blank=True)
    address = models.CharField("所在地", max_length=200, blank=True)
    notes = models.TextField("備考", blank=True)
    is_active = models.BooleanField("有効", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "支援関係機関"
        verbose_name_plural = "支援関係機関"
        ordering = ["kind", "kana", "name"]
        indexes = [models.Index(fields=["kind", "is_active"], name="organizations_org_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def field_labels(self) -> list[str]:
        return [Field(code).label for code in self.fields if code in Field.values]

    @property
    def program_labels(self) -> list[str]:
        return [Program(code).label for code in self.programs if code in Program.values]
