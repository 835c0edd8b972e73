"""The forms of the directory: the search (phone first), an organisation with its partner
agreement, a service, a place with a schedule (on the service's first page, and added later),
checking, closing, and the list of categories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    KeepsVersion,
    ModelMultipleChoiceField,
    VersionField,
    clean_furigana,
    clean_phone,
    field_of,
)
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Area, Organization
from kasane.resources.models import (
    WEEKDAY_LABELS,
    WEEKDAYS,
    Freq,
    Location,
    PartnerOffer,
    ResourceOrganization,
    Schedule,
    ServiceCategory,
    Status,
)

STATUS_FILTERS = [
    (Status.ACTIVE.value, "運営中"),
    (Status.SUSPENDED.value, "休止"),
    (Status.CLOSED.value, "廃止"),
    ("all", "すべて"),
]
WEEKDAY_CHOICES = [
    ("", "指定しない"),
    *((str(i), f"{WEEKDAY_LABELS[d]}曜") for i, d in enumerate(WEEKDAYS)),
]
ORDINALS = [
    ("", "毎週・毎月の毎回"),
    ("1", "第1"),
    ("2", "第2"),
    ("3", "第3"),
    ("4", "第4"),
    ("5", "第5"),
    ("-1", "最終"),
]
AGE_ERRORS = {
    "invalid": "年齢は数字で入力してください。",
    "min_value": "年齢は0以上で入力してください。",
    "max_value": "年齢は120以下で入力してください。",
}
AGE_UPSIDE_DOWN = "対象年齢の上限が下限より小さくなっています。"


def _areas() -> Any:
    return Area.objects.active().select_related("parent")


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(
        label="ことば",
        max_length=100,
        required=False,
        help_text="名称・内容・団体名（ひらがなでも）",
    )
    category = forms.ModelChoiceField(
        label="種類", queryset=ServiceCategory.objects.none(), required=False, empty_label="すべて"
    )
    area = forms.ModelChoiceField(
        label="地域（圏域・地区・町丁目）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="市内すべて",
    )
    weekday = forms.ChoiceField(label="曜日", choices=WEEKDAY_CHOICES, required=False)
    age = forms.IntegerField(
        label="年齢", required=False, error_messages=AGE_ERRORS, min_value=0, max_value=120
    )
    accepting = forms.BooleanField(label="今、新しい人を受け入れている", required=False)
    stale = forms.BooleanField(label="確認が必要なものだけ", required=False)
    status = forms.ChoiceField(
        label="状態", choices=STATUS_FILTERS, required=False, initial="active"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "category", forms.ModelChoiceField
        ).queryset = ServiceCategory.objects.filter(is_active=True)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()

    def clean_weekday(self) -> int | None:
        value = self.cleaned_data.get("weekday")
        return int(value) if value not in (None, "") else None


class StaleFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label="地域（圏域・地区・町丁目）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="市内すべて",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()


class OrganizationFields(forms.Form):
    name = forms.CharField(
        label="団体名", max_length=200, error_messages={"required": "団体名を入力してください。"}
    )
    kana = forms.CharField(label="ふりがな", max_length=200, required=False)
    description = forms.CharField(
        label="団体の説明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phone = forms.CharField(label="電話番号", max_length=30, required=False)
    email = forms.EmailField(label="メールアドレス", required=False)
    website = forms.URLField(label="ウェブサイト", required=False, assume_scheme="https")
    organization = forms.ModelChoiceField(
        label="市の支援関係機関であれば",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="支援関係機関ではない",
    )
    is_partner = forms.BooleanField(
        label="協力事業者（参加支援の協力に合意した団体）", required=False
    )
    partner_since = JapaneseDateField(label="協力の合意日", required=False)
    partner_offers = forms.MultipleChoiceField(
        label="協力の内容",
        choices=PartnerOffer.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "organization", forms.ModelChoiceField
        ).queryset = Organization.objects.active()

    def clean_kana(self) -> str:
        return clean_furigana(self.cleaned_data.get("kana", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("is_partner") and not data.get("partner_since"):
            self.add_error("partner_since", "協力事業者には協力の合意日を入力してください。")
        return data


class OrganizationForm(SubmittedOnce, OrganizationFields):
    pass


class OrganizationEditForm(KeepsVersion, OrganizationFields):
    loaded_at = VersionField()


class ServiceFields(forms.Form):
    name = forms.CharField(
        label="名称",
        max_length=200,
        error_messages={"required": "社会資源の名称を入力してください。"},
    )
    kana = forms.CharField(
        label="ふりがな",
        max_length=200,
        error_messages={"required": "ふりがなを入力してください（一覧はふりがな順です）。"},
    )
    categories = ModelMultipleChoiceField(
        label="種類",
        queryset=ServiceCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        error_messages={"required": "種類を1つ以上選んでください。"},
    )
    description = forms.CharField(
        label="内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "内容を入力してください。"},
    )
    eligibility = forms.CharField(
        label="対象・どんな人が歓迎か",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    age_min = forms.IntegerField(
        label="対象年齢（下限）",
        required=False,
        error_messages=AGE_ERRORS,
        min_value=0,
        max_value=120,
    )
    age_max = forms.IntegerField(
        label="対象年齢（上限）",
        required=False,
        error_messages=AGE_ERRORS,
        min_value=0,
        max_value=120,
    )
    accommodations = forms.CharField(
        label="障害・病気への配慮",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_free = forms.BooleanField(label="無料", required=False)
    fees = forms.CharField(
        label="費用", max_length=200, required=False, help_text="例: 1回300円（子どもは無料）"
    )
    languages = forms.CharField(
        label="対応言語",
        max_length=200,
        required=False,
        help_text="例: 日本語、やさしい日本語、英語",
    )
    capacity = forms.IntegerField(label="定員", required=False, min_value=1, max_value=100_000)
    accepting_new = forms.BooleanField(
        label="今、新しい人を受け入れている", required=False, initial=True
    )
    contact_name = forms.CharField(label="担当者", max_length=100, required=False)
    contact_phone = forms.CharField(label="担当者の電話", max_length=30, required=False)
    contact_email = forms.EmailField(label="担当者のメール", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "categories", forms.ModelMultipleChoiceField
        ).queryset = ServiceCategory.objects.filter(is_active=True).order_by("sort_order", "pk")

    def clean_kana(self) -> str:
        return clean_furigana(self.cleaned_data.get("kana", ""))

    def clean_contact_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("contact_phone", ""))

    def clean(self) -> dict:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", AGE_UPSIDE_DOWN)
        return data


class ServiceForm(SubmittedOnce, ServiceFields):
    """A new service: its organisation (one in the directory, or a new one by name)."""

    organization = forms.ModelChoiceField(
        label="運営団体",
        queryset=ResourceOrganization.objects.none(),
        required=False,
        empty_label="新しい団体を登録する",
    )
    organization_name = forms.CharField(label="新しい団体の名前", max_length=200, required=False)
    organization_kana = forms.CharField(
        label="新しい団体のふりがな", max_length=200, required=False
    )
    field_order = ["organization", "organization_name", "organization_kana"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "organization", forms.ModelChoiceField
        ).queryset = ResourceOrganization.objects.order_by("kana", "name", "pk")

    def clean_organization_kana(self) -> str:
        return clean_furigana(self.cleaned_data.get("organization_kana", ""))

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organization") and not (data.get("organization_name") or "").strip():
            self.add_error(
                "organization_name", "運営団体を選ぶか、新しい団体の名前を入力してください。"
            )
        return data


class ServiceEditForm(KeepsVersion, ServiceFields):
    loaded_at = VersionField()


class PlaceForm(forms.Form):
    """A place — one of the organisation's, or a new one — and a schedule there. On a new
    service all of it is optional (a service may have no fixed place yet)."""

    location = forms.ModelChoiceField(
        label="場所",
        queryset=Location.objects.none(),
        required=False,
        empty_label="新しい場所を登録する",
    )
    place_name = forms.CharField(
        label="場所の名称", max_length=200, required=False, help_text="例: 旭町会館 2階和室"
    )
    postal_code = forms.CharField(label="郵便番号", max_length=8, required=False)
    address = forms.CharField(label="所在地", max_length=200, required=False)
    area = forms.ModelChoiceField(
        label="地域（町丁目）", queryset=Area.objects.none(), required=False, empty_label="選ぶ"
    )
    access = forms.CharField(
        label="交通・バリアフリー",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    freq = forms.ChoiceField(
        label="くり返し", choices=Freq.choices, initial=Freq.WEEKLY, widget=forms.RadioSelect
    )
    ordinal = forms.ChoiceField(label="第何週（毎月のとき）", choices=ORDINALS, required=False)
    days = forms.MultipleChoiceField(
        label="曜日",
        choices=[(d, f"{WEEKDAY_LABELS[d]}曜") for d in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices choices--inline"}),
        required=False,
    )
    opens_at = forms.TimeField(
        label="開始時刻",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    closes_at = forms.TimeField(
        label="終了時刻",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    valid_from = JapaneseDateField(label="日程の開始日", required=False)
    valid_to = JapaneseDateField(label="日程の終了日", required=False)
    schedule_description = forms.CharField(
        label="日程の補足", max_length=200, required=False, help_text="例: 祝日は休み、8月は休み"
    )

    def __init__(
        self, *args: Any, organization: ResourceOrganization | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()
        locations = field_of(self, "location", forms.ModelChoiceField)
        if organization is None:
            del self.fields["location"]
        else:
            locations.queryset = organization.locations.order_by("name", "pk")

    def has_place(self) -> bool:
        data = self.cleaned_data
        return bool(
            data.get("location") or (data.get("place_name") or "").strip() or data.get("address")
        )

    def has_schedule(self) -> bool:
        return bool(self.cleaned_data.get("days"))

    def byday(self) -> str:
        ordinal = self.cleaned_data.get("ordinal") or ""
        if self.cleaned_data.get("freq") != Freq.MONTHLY:
            ordinal = ""
        return ",".join(f"{ordinal}{day}" for day in self.cleaned_data.get("days") or [])

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.has_place() and not data.get("location"):
            if (
                not (data.get("place_name") or "").strip()
                or not (data.get("address") or "").strip()
            ):
                self.add_error("place_name", "場所の名称と所在地を入力してください。")
            if not data.get("area"):
                self.add_error("area", "場所の地域（町丁目）を選んでください。")
        if self.has_schedule() and not self.has_place():
            self.add_error(
                "location" if "location" in self.fields else "place_name",
                "日程の場所を選ぶか入力してください。",
            )
        if self.has_schedule() or data.get("opens_at") or data.get("valid_to"):
            self._check_schedule(data)
        return data

    def _check_schedule(self, data: dict[str, Any]) -> None:
        schedule = Schedule(
            freq=data.get("freq") or Freq.WEEKLY,
            byday=self.byday(),
            opens_at=data.get("opens_at"),
            closes_at=data.get("closes_at"),
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
        )
        try:
            schedule.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error("days" if name == "byday" else name, messages)

    def location_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data.get("place_name") or "",
            "postal_code": data.get("postal_code") or "",
            "address": data.get("address") or "",
            "area": data.get("area"),
            "access": data.get("access") or "",
        }

    def schedule_values(self) -> dict[str, Any] | None:
        if not self.has_schedule():
            return None
        data = self.cleaned_data
        return {
            "freq": data["freq"],
            "byday": self.byday(),
            "opens_at": data.get("opens_at"),
            "closes_at": data.get("closes_at"),
            "valid_from": data.get("valid_from"),
            "valid_to": data.get("valid_to"),
            "description": data.get("schedule_description") or "",
        }


class PlaceAddForm(SubmittedOnce, PlaceForm):
    """Adding a place and a schedule to a service: one of the two is needed."""

    def clean(self) -> dict:
        data = super().clean()
        if not self.has_place():
            self.add_error(None, "場所を選ぶか、新しい場所を入力してください。")
        return data


class LocationForm(KeepsVersion, forms.Form):
    name = forms.CharField(label="場所の名称", max_length=200)
    postal_code = forms.CharField(label="郵便番号", max_length=8, required=False)
    address = forms.CharField(label="所在地", max_length=200)
    area = forms.ModelChoiceField(
        label="地域（町丁目）", queryset=Area.objects.none(), empty_label="選ぶ"
    )
    access = forms.CharField(
        label="交通・バリアフリー",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    loaded_at = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="休止か廃止か",
        choices=[
            (Status.SUSPENDED.value, "休止（また始まる見込み）"),
            (Status.CLOSED.value, "廃止（もう行われない）"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "休止か廃止を選んでください。"},
    )
    on = JapaneseDateField(
        label="休止・廃止の日", error_messages={"required": "休止・廃止の日を入力してください。"}
    )
    reason = forms.CharField(label="理由", max_length=500, required=False)


class CategoryForm(SubmittedOnce, forms.Form):
    code = forms.SlugField(
        label="コード", max_length=40, help_text="半角英数字とアンダースコア（出力で使います）"
    )
    name = forms.CharField(
        label="名称", max_length=50, error_messages={"required": "名称を入力してください。"}
    )
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=2_147_483_647)


class CategoryEditForm(KeepsVersion, forms.Form):
    name = forms.CharField(
        label="名称", max_length=50, error_messages={"required": "名称を入力してください。"}
    )
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=2_147_483_647)
    is_active = forms.BooleanField(
        label="使用中",
        required=False,
        help_text="外すと新しい登録と検索で選べなくなります。付いている社会資源はそのままです。",
    )
    loaded_at = VersionField()
