"""社会資源 (issue 16): the city's directory of places and services, in the Open Referral HSDS 3
shape: the running organisation (`ResourceOrganization`) → its services (`Service`) → the
places they happen (`Location`, through `ServiceAtLocation`) with their schedules (`Schedule`).

The directory holds no personal data: every case-work, coordinator, community and
participation user reads it (`access/resources.py`). A service is never deleted: it is closed
(休止・廃止) with a date, and reopened. Each service says when and by whom it was last checked
(HSDS `assured_date`/`assurer`); one not checked for `KASANE_RESOURCE_STALE_MONTHS` is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jpholiday
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kasane.core.japanese import add_months, name_key
from kasane.organizations.models import Area, Organization


class PartnerOffer(models.TextChoices):
    """What a cooperating organisation (協力事業者) offers."""

    WORK = "work", "就労体験"
    PLACE = "place", "居場所"
    VOLUNTEER = "volunteer", "ボランティア受け入れ"
    OTHER = "other", "その他"


class ResourceOrganization(models.Model):
    """社会資源の運営団体 (HSDS organization). `organization` links it to the city's
    支援関係機関 when it is one. A participation partner (協力事業者) has `is_partner`, the day
    of the agreement and what it offers: the count of partners is an indicator."""

    name = models.CharField("団体名", max_length=200)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    description = models.TextField("団体の説明", blank=True)
    website = models.URLField("ウェブサイト", blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resource_organizations",
        verbose_name="支援関係機関",
    )
    is_partner = models.BooleanField("協力事業者", default=False)
    partner_since = models.DateField("協力の合意日", null=True, blank=True)
    partner_offers = models.JSONField("協力の内容", default=list, blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # the edit form's version

    class Meta:
        verbose_name = "運営団体"
        verbose_name_plural = "運営団体"
        ordering = ["kana", "name", "pk"]
        indexes = [
            models.Index(fields=["is_partner"], name="resources_org_partner"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.is_partner and self.partner_since is None:
            raise ValidationError(
                {"partner_since": "協力事業者には協力の合意日を入力してください。"}
            )

    @property
    def partner_offer_labels(self) -> list[str]:
        return [
            PartnerOffer(code).label for code in self.partner_offers if code in PartnerOffer.values
        ]


class ServiceCategory(models.Model):
    """社会資源の種類: an editable code list (defaults loaded by migration 0002)."""

    code = models.SlugField("コード", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # the edit form's version

    class Meta:
        verbose_name = "社会資源の種類"
        verbose_name_plural = "社会資源の種類"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    """A service's state. HSDS: active / temporarily closed / defunct."""

    ACTIVE = "active", "運営中"
    SUSPENDED = "suspended", "休止"
    CLOSED = "closed", "廃止"


def stale_cutoff(today: dt.date) -> dt.date:
    """A service last checked before this day (or never) needs checking again."""
    return add_months(today, -settings.KASANE_RESOURCE_STALE_MONTHS)


class Service(models.Model):
    """社会資源 (HSDS service): what a person can go to. Never deleted: closed with a date."""

    organization = models.ForeignKey(
        ResourceOrganization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="運営団体",
    )
    name = models.CharField("名称", max_length=200)
    kana = models.CharField("ふりがな", max_length=200, blank=True)
    description = models.TextField("内容")
    categories = models.ManyToManyField(
        ServiceCategory, related_name="services", verbose_name="種類", blank=True
    )
    age_min = models.PositiveSmallIntegerField("対象年齢（下限）", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("対象年齢（上限）", null=True, blank=True)
    eligibility = models.TextField("対象・どんな人が歓迎か", blank=True)
    accommodations = models.TextField("障害・病気への配慮", blank=True)
    is_free = models.BooleanField("無料", default=False)
    fees = models.CharField("費用", max_length=200, blank=True)
    languages = models.CharField("対応言語", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("定員", null=True, blank=True)
    accepting_new = models.BooleanField("新しい人を受け入れている", default=True)
    contact_name = models.CharField("担当者", max_length=100, blank=True)
    contact_phone = models.CharField("担当者の電話", max_length=30, blank=True)
    contact_email = models.EmailField("担当者のメール", blank=True)
    assured_date = models.DateField("最終確認日", null=True, blank=True)
    assurer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="確認した人",
    )
    status = models.CharField("状態", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.DateField("状態の開始日")
    # name, kana, description and the organisation's name as `name_key` reads them: the free
    # text search compares keys, so ひらがな/カタカナ, 全角/半角 and 異体字 do not matter.
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # the edit forms' version

    class Meta:
        verbose_name = "社会資源"
        verbose_name_plural = "社会資源"
        indexes = [
            # The directory's default order (kana, pk) among the services in a status.
            models.Index(fields=["status", "kana", "id"], name="resources_service_list"),
            models.Index(
                fields=["accepting_new"],
                condition=Q(status="active"),
                name="resources_service_accepting",
            ),
            # The freshness list: services to check again, oldest first.
            models.Index(
                fields=["assured_date", "id"],
                condition=~Q(status="closed"),
                name="resources_service_assured",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="resources_service_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": "対象年齢の上限が下限より小さくなっています。"})

    def refresh_search_key(self, organization_name: str) -> None:
        self.search_key = name_key(
            " ".join((self.name, self.kana, self.description, organization_name))
        )

    @property
    def is_open(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def needs_check(self) -> bool:
        """「確認が必要」: not closed, and never checked or last checked before the cutoff."""
        if self.status == Status.CLOSED:
            return False
        return self.assured_date is None or self.assured_date < stale_cutoff(timezone.localdate())

    def fits_age(self, age: int) -> bool:
        return (self.age_min is None or self.age_min <= age) and (
            self.age_max is None or age <= self.age_max
        )

    @property
    def age_label(self) -> str:
        if self.age_min is None and self.age_max is None:
            return "どなたでも"
        low = f"{self.age_min}歳" if self.age_min is not None else ""
        high = f"{self.age_max}歳" if self.age_max is not None else ""
        return f"{low}〜{high}"


class Location(models.Model):
    """場所 (HSDS location with its address): where a service happens. `area` is the 町丁目
    (or a wider area), so the directory filters by 圏域/地区/町丁目 through its code prefix."""

    organization = models.ForeignKey(
        ResourceOrganization,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name="運営団体",
    )
    name = models.CharField("場所の名称", max_length=200)
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    address = models.CharField("所在地", max_length=200)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域（町丁目）"
    )
    # A copy of `area.code`, kept by the services: the search filters by code prefix without a
    # join, on an index.
    area_code = models.CharField(max_length=20, editable=False, default="", db_index=True)
    access = models.TextField("交通・バリアフリー", blank=True)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "場所"
        verbose_name_plural = "場所"
        ordering = ["area_code", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search filters by the area's code prefix on this copy (an area's code follows
        # the hierarchy and does not change once places use it).
        self.area_code = self.area.code
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "area_code", "updated_at"}
        super().save(*args, **kwargs)


class ServiceAtLocation(models.Model):
    """A service at one of its places (HSDS service_at_location); schedules hang from it."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="at_locations", verbose_name="社会資源"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="at_services", verbose_name="場所"
    )

    class Meta:
        verbose_name = "社会資源の実施場所"
        verbose_name_plural = "社会資源の実施場所"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="resources_service_at_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}（{self.location}）"


class Freq(models.TextChoices):
    WEEKLY = "WEEKLY", "毎週"
    MONTHLY = "MONTHLY", "毎月"


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_LABELS = dict(zip(WEEKDAYS, "月火水木金土日", strict=True))


def parse_byday(freq: str, byday: str) -> list[tuple[int, int]]:
    """`byday` as (ordinal, weekday) pairs: "MO,WE" → [(0, 0), (0, 2)]; for a monthly
    schedule "2TU,-1FR" → [(2, 1), (-1, 4)] (the 2nd Tuesday, the last Friday). Ordinal 0 is
    every such day of the period. A ValueError with a Japanese message on bad input."""
    pairs = []
    for part in (p.strip().upper() for p in byday.split(",") if p.strip()):
        day, number = part[-2:], part[:-2]
        if day not in WEEKDAYS:
            raise ValueError(f"曜日「{part}」が読めません（MO,TU,WE,TH,FR,SA,SU）。")
        ordinal = 0
        if number:
            if freq != Freq.MONTHLY:
                raise ValueError("「第2火曜」のような指定は毎月の日程だけに使えます。")
            try:
                ordinal = int(number)
            except ValueError:
                raise ValueError(f"曜日「{part}」が読めません。") from None
            if ordinal not in (1, 2, 3, 4, 5, -1):
                raise ValueError("第何週は 1〜5 か、最終週の -1 で指定してください。")
        pairs.append((ordinal, WEEKDAYS.index(day)))
    return pairs


def weekdays_of(freq: str, byday: str) -> str:
    """The weekdays (0 = Monday) a `byday` falls on, as digits: "MO,2WE" → "02"."""
    return "".join(sorted({str(day) for _, day in parse_byday(freq, byday)}))


class Schedule(models.Model):
    """開催日程 (HSDS schedule, a small part of RFC 5545): weekly on some days, or monthly on
    days with an ordinal ("2TU": the second Tuesday, "-1FR": the last Friday), from `opens_at`
    to `closes_at`, valid between two optional dates. Attached to a service at a location
    (or to the service when it has no fixed place)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules", verbose_name="社会資源"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name="実施場所",
    )
    freq = models.CharField("くり返し", max_length=8, choices=Freq.choices, default=Freq.WEEKLY)
    interval = models.PositiveSmallIntegerField("間隔", default=1)
    byday = models.CharField("曜日", max_length=40)
    # The weekdays (0 = Monday) this schedule falls on, whatever the ordinal: the search's
    # day-of-week filter reads it (kept by `save`).
    weekdays = models.CharField(max_length=14, editable=False, default="")
    opens_at = models.TimeField("開始時刻", null=True, blank=True)
    closes_at = models.TimeField("終了時刻", null=True, blank=True)
    valid_from = models.DateField("開始日", null=True, blank=True)
    valid_to = models.DateField("終了日", null=True, blank=True)
    description = models.CharField("日程の説明", max_length=200, blank=True)

    class Meta:
        verbose_name = "開催日程"
        verbose_name_plural = "開催日程"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="resources_schedule_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=models.F("closes_at")),
                name="resources_schedule_hours",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.byday = ",".join(p.strip().upper() for p in self.byday.split(",") if p.strip())
        self.weekdays = weekdays_of(self.freq, self.byday)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            if not parse_byday(self.freq, self.byday):
                errors["byday"] = "曜日を選んでください。"
        except ValueError as error:
            errors["byday"] = str(error)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "日程の終了日が開始日より前になっています。"
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "終了時刻が開始時刻より前になっています。"
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        """毎週 月・水 10:00〜12:00, 毎月 第2火曜 …"""
        days = []
        for ordinal, day in parse_byday(self.freq, self.byday):
            name = WEEKDAY_LABELS[WEEKDAYS[day]]
            if ordinal == -1:
                days.append(f"最終{name}曜")
            elif ordinal:
                days.append(f"第{ordinal}{name}曜")
            else:
                days.append(name)
        every = "毎週" if self.freq == Freq.WEEKLY else "毎月"
        if self.interval > 1:
            every = (
                f"{self.interval}週ごと" if self.freq == Freq.WEEKLY else f"{self.interval}か月ごと"
            )
        hours = ""
        if self.opens_at:
            hours = (
                f" {self.opens_at:%H:%M}〜{self.closes_at:%H:%M}"
                if self.closes_at
                else f" {self.opens_at:%H:%M}〜"
            )
        return f"{every} {'・'.join(days)}{hours}"

    def falls_on(self, day: dt.date) -> bool:
        """Whether the schedule meets on `day` (valid dates, interval counted from
        `valid_from`)."""
        if (self.valid_from and day < self.valid_from) or (self.valid_to and day > self.valid_to):
            return False
        anchor = self.valid_from
        if self.interval > 1 and anchor is not None:
            if self.freq == Freq.WEEKLY:
                weeks = (day - anchor).days // 7
                if weeks % self.interval:
                    return False
            elif ((day.year - anchor.year) * 12 + day.month - anchor.month) % self.interval:
                return False
        for ordinal, weekday in parse_byday(self.freq, self.byday):
            if day.weekday() != weekday:
                continue
            if ordinal == 0:
                return True
            if ordinal > 0 and (day.day - 1) // 7 + 1 == ordinal:
                return True
            if ordinal == -1 and (day + dt.timedelta(days=7)).month != day.month:
                return True
        return False

    def next_dates(self, from_date: dt.date, n: int = 3) -> list[Occurrence]:
        """The next `n` days on or after `from_date` the schedule meets (within a year), each
        with its holiday name when it falls on a national holiday (the organiser may not
        meet: the page says so)."""
        found: list[Occurrence] = []
        day = from_date
        end = from_date + dt.timedelta(days=366)
        if self.valid_to and self.valid_to < end:
            end = self.valid_to
        while day <= end and len(found) < n:
            if self.falls_on(day):
                found.append(Occurrence(day, jpholiday.is_holiday_name(day) or ""))
            day += dt.timedelta(days=1)
        return found


@dataclass(frozen=True)
class Occurrence:
    """One day a schedule meets, and the national holiday that day is, if any."""

    day: dt.date
    holiday: str = ""
