from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kasane.accounts.models import User
from kasane.core.forms import (
    CHECK_INPUT,
    JapaneseDateField,
    ModelMultipleChoiceField,
    VersionedForm,
    clean_furigana,
    clean_phone,
    field_of,
)
from kasane.core.japanese import postal_code
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people.models import (
    ConsentMethod,
    DisabilityCertificate,
    Household,
    HouseholdMember,
    HouseholdTag,
    Person,
    PersonEventKind,
)
from kasane.people.services import HOUSEHOLD_FIELDS, MEMBER_FIELDS, PERSON_FIELDS


def _towns() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="町丁目",
        queryset=Area.objects.filter(kind=AreaKind.TOWN, is_active=True).order_by(
            "sort_order", "code"
        ),
        required=False,
        empty_label="選んでください",
    )


def _past_date(label: str, *, required: bool = True) -> JapaneseDateField:
    return JapaneseDateField(label=label, required=required)


def _not_future(value: dt.date | None, message: str) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "郵便番号")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "例: 123-4567")
        super().__init__(max_length=10, **kwargs)

    def clean(self, value: object) -> str:
        try:
            return postal_code(str(super().clean(value) or ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class PersonForm(VersionedForm):
    birth_date = JapaneseDateField(label="生年月日", required=False)
    postal_code = PostalCodeField()
    disability_certificates = forms.MultipleChoiceField(
        label="障害者手帳",
        choices=DisabilityCertificate.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = list(PERSON_FIELDS)
        widgets = {"sex": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"family_name": {"required": "氏（名字）を入力してください。"}}

    def __init__(self, *args: Any, contact_visible: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _towns()
        self.fields["family_kana"].help_text = "ひらがなでも入力できます（カタカナで保存します）。"
        self.contact_visible = contact_visible
        if not contact_visible:
            # A restricted person's contact details are neither shown nor changeable here.
            for name in ("postal_code", "area", "address", "phone"):
                del self.fields[name]

    def clean_family_name(self) -> str:
        value = self.cleaned_data["family_name"].strip()
        if not value:
            raise forms.ValidationError("氏（名字）を入力してください。")
        return value

    def clean_family_kana(self) -> str:
        return clean_furigana(self.cleaned_data["family_kana"])

    def clean_given_kana(self) -> str:
        return clean_furigana(self.cleaned_data["given_kana"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean_birth_date(self) -> dt.date | None:
        return _not_future(self.cleaned_data["birth_date"], "生年月日が未来の日付です。")


class PersonCreateForm(SubmittedOnce, PersonForm):
    confirm_new = forms.BooleanField(label="上の候補とは別の人として登録する", required=False)


class PersonSearchForm(forms.Form):
    error_summary = CHECK_INPUT  # a search saves nothing
    name = forms.CharField(
        label="氏名・フリガナ",
        required=False,
        max_length=50,
        help_text="一部でも探せます（2文字から。例: たか、高橋）。",
    )
    birth_date = JapaneseDateField(label="生年月日", required=False)
    phone = forms.CharField(label="電話", required=False, max_length=30)
    address = forms.CharField(label="住所", required=False, max_length=100)


class HouseholdForm(SubmittedOnce, VersionedForm):
    postal_code = PostalCodeField()
    tags = forms.MultipleChoiceField(
        label="世帯の特徴",
        choices=HouseholdTag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Household
        fields = list(HOUSEHOLD_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "世帯名を入力してください（例: 鈴木家）。"}}

    def __init__(self, *args: Any, contact_visible: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _towns()
        if not contact_visible:
            for name in ("postal_code", "area", "address"):
                del self.fields[name]


class MemberForm(VersionedForm):
    class Meta:
        model = HouseholdMember
        fields = list(MEMBER_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relation"].help_text = "キーパーソンから見た続柄です。"


class MemberAddForm(SubmittedOnce, MemberForm):
    person = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": "世帯員にする人を選んでください。"}
    )


class MemberLeaveForm(forms.Form):
    left_on = _past_date("世帯から外れた日")

    def clean_left_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["left_on"], "日付が未来です。")


class ConsentForm(SubmittedOnce, forms.Form):
    given_on = _past_date("同意日")
    method = forms.ChoiceField(
        label="方法", choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    all_organizations = forms.BooleanField(label="全ての支援関係機関と共有してよい", required=False)
    organizations = ModelMultipleChoiceField(
        label="共有してよい支援関係機関",
        queryset=Organization.objects.active(),
        required=False,
        help_text="全ての機関でない場合に選びます。Ctrl（Macは⌘）を押しながら複数選べます。",
    )
    covers_jusou_meeting = forms.BooleanField(label="重層的支援会議で共有してよい", required=False)
    notes = forms.CharField(label="備考", max_length=200, required=False)

    def clean_given_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["given_on"], "同意日が未来の日付です。")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not (
            data.get("all_organizations")
            or data.get("organizations")
            or data.get("covers_jusou_meeting")
        ):
            raise forms.ValidationError(
                "共有先（全ての支援関係機関、機関の指定、重層的支援会議のいずれか）を選んでください。"
            )
        return data


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = _past_date("撤回日")

    def clean_withdrawn_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["withdrawn_on"], "撤回日が未来の日付です。")


class PersonEventForm(SubmittedOnce, forms.Form):
    kind = forms.ChoiceField(
        label="種別", choices=PersonEventKind.choices, widget=forms.RadioSelect
    )
    occurred_on = _past_date("日付")
    note = forms.CharField(label="備考（転出先など）", max_length=200, required=False)

    def clean_occurred_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["occurred_on"], "日付が未来です。")


class RestrictForm(forms.Form):
    since = _past_date("支援措置の開始日")
    reason = forms.CharField(
        label="理由", max_length=200, help_text="例: 住民基本台帳の支援措置の申出あり"
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=200)


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="閲覧を許可する利用者",
        queryset=User.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__kana", "username"),
        empty_label="選んでください",
    )
    reason = forms.CharField(label="理由", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A per-form label, as Django allows; the stubs only know the method.
        user = field_of(self, "user", forms.ModelChoiceField)
        user.label_from_instance = lambda user: (  # type: ignore[method-assign,assignment]
            f"{user.full_name}（{user.organization.name}）"
        )


class LinkForm(forms.Form):
    other = forms.IntegerField(label="もう一方の記録番号", min_value=1)
    reason = forms.CharField(
        label="理由", max_length=200, help_text="例: 生年月日・住所・家族構成が一致"
    )
