"""Forms of activities, committees, members, resident helpers and matches, and the filters of
their lists. The choices a keeper may pick (areas, places, committees, projects) are given by
the view from `kasane.access`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kasane.community.models import (
    Activity,
    ActivityKind,
    Committee,
    CommitteeKind,
    HelperKind,
    Project,
)
from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    ModelMultipleChoiceField,
    VersionedPlainForm,
    clean_furigana,
    clean_phone,
    field_of,
)
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.organizations.models import Area, Organization
from kasane.resources.models import Service

WEEKDAY_CHOICES = [(str(day), label) for day, label in enumerate("月火水木金土日")]
NUMBER_ERRORS = {
    "invalid": "数字（0以上の整数）で入力してください。",
    "min_value": "0以上の数を入力してください。",
    "max_value": "大きすぎる数です。",
    "required": "人数を入力してください（いなければ0）。",
}
SHORT = {"rows": 2}


class ActivityForm(forms.Form):
    held_on = JapaneseDateField(label="開催日")
    kind = forms.ChoiceField(label="種類", choices=ActivityKind.choices)
    title = forms.CharField(label="名称", max_length=100, help_text="例：ひだまりカフェ 12月")
    area = forms.ModelChoiceField(label="地域", queryset=Area.objects.none())
    service = forms.ModelChoiceField(
        label="場所（社会資源から選ぶ）",
        queryset=Service.objects.none(),
        required=False,
        empty_label="選ばない",
    )
    place = forms.CharField(label="場所（社会資源にないとき）", max_length=100, required=False)
    committee = forms.ModelChoiceField(
        label="委員会", queryset=Committee.objects.none(), required=False, empty_label="なし"
    )
    project = forms.ModelChoiceField(
        label="取組", queryset=Project.objects.none(), required=False, empty_label="なし"
    )
    participants = forms.IntegerField(
        label="参加者数", min_value=0, max_value=100_000, error_messages=NUMBER_ERRORS
    )
    new_participants = forms.IntegerField(
        label="うち初めての参加者数",
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages=NUMBER_ERRORS,
    )
    organizations = ModelMultipleChoiceField(
        label="参加した機関",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs=SHORT))

    def __init__(
        self,
        *args: Any,
        areas: QuerySet[Area],
        services: QuerySet[Service],
        committees: QuerySet[Committee],
        projects: QuerySet[Project],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas
        field_of(self, "service", forms.ModelChoiceField).queryset = services
        field_of(self, "committee", forms.ModelChoiceField).queryset = committees
        field_of(self, "project", forms.ModelChoiceField).queryset = projects
        field_of(
            self, "organizations", forms.ModelMultipleChoiceField
        ).queryset = Organization.objects.active()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        everyone, new = data.get("participants"), data.get("new_participants")
        if everyone is not None and new is not None and new > everyone:
            self.add_error("new_participants", "初めての参加者数は、参加者数より多くできません。")
        if data.get("service") is not None and data.get("place"):
            self.add_error(
                "place",
                "場所は、社会資源から選ぶか、名称を入力するか、どちらか一つにしてください。",
            )
        return data


class ActivityEditForm(VersionedPlainForm, ActivityForm):
    pass


def activity_initial(activity: Activity) -> dict[str, Any]:
    return {
        "held_on": activity.held_on,
        "kind": activity.kind,
        "title": activity.title,
        "area": activity.area,
        "service": activity.service,
        "place": activity.place,
        "committee": activity.committee,
        "project": activity.project,
        "participants": activity.participants,
        "new_participants": activity.new_participants,
        "organizations": list(activity.organizations.all()),
        "note": activity.note,
        "loaded_at": activity.updated_at.isoformat(),
    }


def _year_choices() -> list[tuple[str, str]]:
    current = fiscal_year(timezone.localdate())
    return [("", "すべて")] + [
        (str(year), fiscal_year_label(year)) for year in range(current, current - 5, -1)
    ]


class ActivityFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label="地域（圏域・地区・町丁目）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="市内すべて",
    )
    kind = forms.ChoiceField(
        label="種類", choices=[("", "すべて"), *ActivityKind.choices], required=False
    )
    year = forms.TypedChoiceField(
        label="年度", choices=(), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()
        field_of(self, "year", forms.ChoiceField).choices = _year_choices()


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label="この記録を削除します（実績の数からも除かれます）",
        error_messages={"required": "削除するときは、確認の欄にチェックを入れてください。"},
    )


# --- 委員会 ---


class CommitteeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="種類", choices=CommitteeKind.choices)
    area = forms.ModelChoiceField(label="地域", queryset=Area.objects.none())
    secretariat = forms.ModelChoiceField(
        label="事務局", queryset=Organization.objects.none(), required=False, empty_label="なし"
    )
    notes = forms.CharField(label="備考", required=False, widget=forms.Textarea(attrs=SHORT))
    is_active = forms.BooleanField(label="活動中", required=False, initial=True)

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas
        field_of(
            self, "secretariat", forms.ModelChoiceField
        ).queryset = Organization.objects.active()


class CommitteeEditForm(VersionedPlainForm, CommitteeForm):
    pass


class MemberForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100)
    kana = forms.CharField(label="ふりがな", max_length=200, required=False)
    role = forms.CharField(
        label="役職", max_length=50, required=False, help_text="例：委員長、副委員長、委員"
    )
    affiliation = forms.CharField(
        label="所属・立場", max_length=100, required=False, help_text="例：町会、民生委員"
    )
    term_start = JapaneseDateField(label="任期の始まり")
    term_end = JapaneseDateField(label="任期の終わり", required=False)
    is_liaison = forms.BooleanField(label="つなぐシート連絡員", required=False)

    def clean_kana(self) -> str:
        return clean_furigana(self.cleaned_data.get("kana", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "任期の終わりは、任期の始まりより後の日付にしてください。")
        return data


class MemberEditForm(VersionedPlainForm, MemberForm):
    pass


class EndForm(forms.Form):
    on = JapaneseDateField(label="終了日")


# --- 地域の担い手 ---


class HelperForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100)
    kana = forms.CharField(label="ふりがな", max_length=200, required=False)
    kind = forms.ChoiceField(label="区分", choices=HelperKind.choices)
    area = forms.ModelChoiceField(
        label="地域（住んでいる・活動する地域）", queryset=Area.objects.none()
    )
    can_do = forms.CharField(label="できること", widget=forms.Textarea(attrs=SHORT))
    days = forms.MultipleChoiceField(
        label="活動できる曜日",
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times = forms.CharField(label="活動できる時間帯", max_length=100, required=False)
    phone = forms.CharField(label="電話番号", max_length=30, required=False)
    registered_on = JapaneseDateField(label="登録日")
    is_active = forms.BooleanField(label="登録中", required=False, initial=True)
    notes = forms.CharField(label="備考", required=False, widget=forms.Textarea(attrs=SHORT))

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas

    def clean_kana(self) -> str:
        return clean_furigana(self.cleaned_data.get("kana", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_days(self) -> list[str]:
        return sorted(self.cleaned_data.get("days") or [])


class HelperEditForm(VersionedPlainForm, HelperForm):
    pass


class HelperFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label="地域", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )
    kind = forms.ChoiceField(
        label="区分", choices=[("", "すべて"), *HelperKind.choices], required=False
    )
    day = forms.ChoiceField(
        label="曜日", choices=[("", "すべて"), *WEEKDAY_CHOICES], required=False
    )
    q = forms.CharField(label="できること", max_length=100, required=False)
    active_only = forms.BooleanField(label="登録中の人だけ", required=False, initial=True)

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas


class MatchForm(forms.Form):
    service = forms.ModelChoiceField(
        label="社会資源", queryset=Service.objects.none(), required=False, empty_label="選ばない"
    )
    project = forms.ModelChoiceField(
        label="取組", queryset=Project.objects.none(), required=False, empty_label="選ばない"
    )
    role = forms.CharField(label="担うこと", max_length=100, help_text="例：受付、見守り、調理")
    started_on = JapaneseDateField(label="開始日")
    note = forms.CharField(label="メモ", required=False, widget=forms.Textarea(attrs=SHORT))

    def __init__(
        self,
        *args: Any,
        services: QuerySet[Service],
        projects: QuerySet[Project],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "service", forms.ModelChoiceField).queryset = services
        field_of(self, "project", forms.ModelChoiceField).queryset = projects

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("service") is None and data.get("project") is None and not self.errors:
            self.add_error(None, "社会資源か取組のどちらかを選んでください。")
        return data
