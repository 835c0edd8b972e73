from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from kasane.accounts.models import User
from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    ModelMultipleChoiceField,
    VersionedForm,
    clean_furigana,
    clean_phone,
    field_of,
)
from kasane.core.japanese import digits_key, name_key, postal_code, to_katakana
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
        queryset=Area.objects.active().filter(kind=AreaKind.TOWN),
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


class PersonSearchForm(FilterForm):
    name = forms.CharField(
        label="氏名・フリガナ",
        required=False,
        max_length=50,
        help_text="一部でも探せます（2文字から。例: たか、高橋）。",
    )
    birth_date = JapaneseDateField(label="生年月日", required=False)
    phone = forms.CharField(label="電話", required=False, max_length=30)
    address = forms.CharField(label="住所", required=False, max_length=100)

    def clean_phone(self) -> str:
        # A phone with no digit would search by nothing and list everyone.
        phone = self.cleaned_data["phone"]
        if phone.strip() and not digits_key(phone):
            raise forms.ValidationError("電話番号は数字で入力してください（例: 0422-12-3456）。")
        return phone


class HouseholdFilterForm(FilterForm):
    q = forms.CharField(label="世帯名", required=False, max_length=50)


_KANA_ONLY = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc・\s]+")


def initial_from_search(name: str) -> dict[str, str]:
    """The name typed in a people search as the start of 新しく本人を登録: 「鈴木 一郎」 gives
    氏 鈴木 and 名 一郎; a name typed in kana (any width) fills the フリガナ, in katakana,
    instead; a name without a space goes whole into 氏 (where 氏 ends cannot be guessed)."""
    kana = to_katakana(name).strip()
    is_kana = bool(kana) and _KANA_ONLY.fullmatch(kana) is not None
    parts = (kana if is_kana else name).split(maxsplit=1)
    if not parts:
        return {}
    family, given = parts[0], parts[1].strip() if len(parts) > 1 else ""
    if is_kana:
        return {"family_kana": family, "given_kana": given}
    return {"family_name": family, "given_name": given}


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
        help_text="全ての機関でない場合に、本人が同意した機関に印を付けます。",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices choices--columns"}),
    )
    covers_jusou_meeting = forms.BooleanField(label="重層的支援会議で共有してよい", required=False)
    notes = forms.CharField(label="備考", max_length=200, required=False)
    back = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def initial_from(params: Any) -> dict[str, Any]:
        """The form filled in from the query string of `consent.consent_offer_url` (what the
        record that said consent was given recorded); anything unreadable is left out."""
        initial: dict[str, Any] = {"back": params.get("back", "")[:500]}
        with contextlib.suppress(ValueError):
            initial["given_on"] = dt.date.fromisoformat(params.get("given_on", ""))
        if params.get("method") in ConsentMethod.values:
            initial["method"] = params["method"]
        initial["organizations"] = [
            int(pk) for pk in params.getlist("organizations")[:200] if pk.isdigit() and len(pk) < 10
        ]
        initial["all_organizations"] = params.get("all_organizations") == "1"
        initial["covers_jusou_meeting"] = params.get("covers_jusou_meeting") == "1"
        return initial

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


class ConsentRefusalForm(forms.Form):
    refused_on = _past_date("確認した日")
    notes = forms.CharField(label="備考（本人の言葉など）", max_length=200, required=False)

    def clean_refused_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["refused_on"], "確認した日が未来の日付です。")


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


class GrantProposalForm(forms.Form):
    """An admin's proposal that one user may see a restricted person's address and phone (a
    second person approves it)."""

    user = forms.ModelChoiceField(
        label="閲覧を許可する利用者",
        queryset=User.objects.filter(is_active=True)
        .select_related("organization")
        .order_by("organization__kana", "username"),
        empty_label="選んでください",
    )
    reason = forms.CharField(
        label="理由",
        max_length=200,
        help_text="例: 自立相談支援機関の担当者として家庭訪問のため（担当者からの依頼）",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A per-form label, as Django allows; the stubs only know the method.
        user = field_of(self, "user", forms.ModelChoiceField)
        user.label_from_instance = lambda user: (  # type: ignore[method-assign,assignment]
            f"{user.full_name}（{user.organization.name if user.organization else '所属なし'}）"
        )


class RestrictedPersonFilterForm(FilterForm):
    q = forms.CharField(label="氏名・フリガナ", required=False, max_length=100)
    pending = forms.BooleanField(label="承認待ちの申請がある人だけ", required=False)


class LinkForm(forms.Form):
    other = forms.IntegerField(label="もう一方の記録番号", min_value=1)
    reason = forms.CharField(
        label="理由", max_length=200, help_text="例: 生年月日・住所・家族構成が一致"
    )


class AuditPersonPickForm(forms.Form):
    """The auditor's person picker: name or フリガナ, birth date, or both."""

    name = forms.CharField(label="氏名・フリガナ", required=False, max_length=50)
    birth_date = JapaneseDateField(label="生年月日", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not name_key(data.get("name", "")) and not data.get("birth_date") and not self.errors:
            self.add_error("name", "氏名・フリガナか生年月日を入力してください。")
        return data
