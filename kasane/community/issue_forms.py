"""The forms of 地域課題 and 取組: the 地域課題シート (short, phone first), its edit, a status
change, the project form, linking a resource, and the lists' filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kasane.community.models import Committee, IssueStatus, RaisedBy, Theme
from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    KeepsVersion,
    ModelMultipleChoiceField,
    VersionField,
    field_of,
)
from kasane.core.japanese import fiscal_year, fiscal_year_label, wareki
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Area, Organization
from kasane.participation.models import UnmetNeed
from kasane.resources.models import Service

SHORT = {"rows": 3}
YEARS_SHOWN = 5


class UnmetNeedChoices(ModelMultipleChoiceField):
    """Unmet needs shown by what, where, for whom and when: never more (they are anonymous)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        need: UnmetNeed = obj
        return (
            f"{need.get_theme_display()}・{need.area.name}・{need.get_age_band_display()}・"
            f"{wareki(need.recorded_on)}"
        )


class IssueFields(forms.Form):
    theme = forms.ModelChoiceField(label="テーマ", queryset=Theme.objects.none())
    title = forms.CharField(label="課題（ひとことで）", max_length=100)
    noticed = forms.CharField(
        label="気づいたこと", max_length=4000, widget=forms.Textarea(attrs=SHORT)
    )
    voices = forms.CharField(
        label="住民の声", max_length=4000, required=False, widget=forms.Textarea(attrs=SHORT)
    )
    evidence = forms.CharField(
        label="根拠（数字、見聞きしたことなど）",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs=SHORT),
    )
    unmet_needs = UnmetNeedChoices(
        label="根拠にする「足りない社会資源」（参加支援の記録）",
        queryset=UnmetNeed.objects.none(),
        required=False,
        help_text="同じ地域（その中の地域を含む）で記録されたものを選べます。",
    )
    committee = forms.ModelChoiceField(
        label="委員会", queryset=Committee.objects.none(), required=False, empty_label="―"
    )

    def __init__(
        self, *args: Any, unmet_needs: QuerySet[UnmetNeed] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "theme", forms.ModelChoiceField).queryset = Theme.objects.filter(
            is_active=True
        )
        field_of(self, "committee", forms.ModelChoiceField).queryset = Committee.objects.filter(
            is_active=True
        )
        if unmet_needs is None:
            del self.fields["unmet_needs"]  # a referrer cites none: they see no records
        else:
            field_of(self, "unmet_needs", UnmetNeedChoices).queryset = unmet_needs


class IssueForm(SubmittedOnce, IssueFields):
    """The 地域課題シート. Raised from a meeting, the place it was raised is the meeting's."""

    area = forms.ModelChoiceField(label="地域", queryset=Area.objects.none())
    raised_by = forms.ChoiceField(label="提起した場", choices=RaisedBy.choices)
    raised_on = JapaneseDateField(label="提起日")
    field_order = ["area", "theme", "title", "noticed", "voices", "evidence", "unmet_needs"]

    def __init__(
        self,
        *args: Any,
        areas: QuerySet[Area],
        from_meeting: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("raised_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas
        if from_meeting:
            del self.fields["raised_by"]

    def clean_raised_on(self) -> Any:
        day = self.cleaned_data.get("raised_on")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("提起日が未来の日付です。")
        return day


class IssueEditForm(KeepsVersion, IssueFields):
    loaded_at = VersionField()


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label="次の状態", choices=IssueStatus.choices)
    occurred_on = JapaneseDateField(label="日付")
    note = forms.CharField(
        label="メモ（解決した課題を検討に戻すときは理由）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProjectFields(forms.Form):
    title = forms.CharField(label="取組の名称", max_length=100)
    description = forms.CharField(
        label="何をするか", max_length=4000, widget=forms.Textarea(attrs=SHORT)
    )
    leads = forms.CharField(label="担い手（誰が）", max_length=200)
    organizations = ModelMultipleChoiceField(
        label="参加する機関",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area = forms.ModelChoiceField(label="地域", queryset=Area.objects.none())
    started_on = JapaneseDateField(label="開始日")
    ended_on = JapaneseDateField(label="終了日", required=False)

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = areas
        field_of(
            self, "organizations", ModelMultipleChoiceField
        ).queryset = Organization.objects.filter(is_active=True).order_by("kana", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "終了日が開始日より前です。")
        return data


class ProjectForm(SubmittedOnce, ProjectFields):
    pass


class ProjectEditForm(KeepsVersion, ProjectFields):
    loaded_at = VersionField()


class LinkResourceForm(forms.Form):
    service = forms.ModelChoiceField(label="社会資源", queryset=Service.objects.none())

    def __init__(self, *args: Any, services: QuerySet[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "service", forms.ModelChoiceField).queryset = services


def _year_choices() -> list[tuple[Any, str]]:
    current = fiscal_year(timezone.localdate())
    years = range(current, current - YEARS_SHOWN, -1)
    return [("", "すべて"), *((year, fiscal_year_label(year)) for year in years)]


class IssueFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label="地域（圏域・地区）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="すべて",
    )
    theme = forms.ModelChoiceField(
        label="テーマ", queryset=Theme.objects.none(), required=False, empty_label="すべて"
    )
    status = forms.ChoiceField(
        label="状態", choices=[("", "すべて"), *IssueStatus.choices], required=False
    )
    raised_by = forms.ChoiceField(
        label="提起した場", choices=[("", "すべて"), *RaisedBy.choices], required=False
    )
    year = forms.TypedChoiceField(
        label="提起した年度", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active().exclude(
            kind="town"
        )
        field_of(self, "theme", forms.ModelChoiceField).queryset = Theme.objects.all()
        field_of(self, "year", forms.ChoiceField).choices = _year_choices()


class ProjectFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label="地域（圏域・地区）",
        queryset=Area.objects.none(),
        required=False,
        empty_label="すべて",
    )
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active().exclude(
            kind="town"
        )
        field_of(self, "year", forms.ChoiceField).choices = _year_choices()


class ThemeForm(SubmittedOnce, forms.Form):
    code = forms.SlugField(label="コード", max_length=40, help_text="半角英数字とハイフン")
    name = forms.CharField(
        label="名称", max_length=50, error_messages={"required": "名称を入力してください。"}
    )
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=2_147_483_647)


class ThemeEditForm(KeepsVersion, forms.Form):
    name = forms.CharField(
        label="名称", max_length=50, error_messages={"required": "名称を入力してください。"}
    )
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=2_147_483_647)
    is_active = forms.BooleanField(
        label="使用中",
        required=False,
        help_text="外すと新しい地域課題シートで選べなくなります。付いている課題はそのままです。",
    )
    loaded_at = VersionField()
