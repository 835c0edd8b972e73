"""Forms of the implementation plan; fiscal years are chosen by their 和暦 label."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.organizations.models import Organization
from kasane.plan.models import ImplementationPlan, ProgressStatus


def _year_choices(around: int, before: int = 5, after: int = 10) -> list[tuple[int, str]]:
    return [(year, fiscal_year_label(year)) for year in range(around - before, around + after + 1)]


class PlanForm(forms.Form):
    title = forms.CharField(label="計画の名称", max_length=200)
    first_year = forms.TypedChoiceField(label="計画期間の初年度", coerce=int)
    last_year = forms.TypedChoiceField(label="計画期間の最終年度", coerce=int)
    note = forms.CharField(label="概要", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, plan: ImplementationPlan | None = None, **kwargs: Any) -> None:
        if plan is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": plan.title,
                    "first_year": plan.first_year,
                    "last_year": plan.last_year,
                    "note": plan.note,
                },
            )
        super().__init__(*args, **kwargs)
        this_year = fiscal_year(timezone.localdate())
        choices = _year_choices(this_year)
        if plan is not None:  # an older plan keeps its years on offer
            known = {year for year, _ in choices}
            choices = sorted(
                {*choices, *((y, fiscal_year_label(y)) for y in plan.years if y not in known)}
            )
        for name in ("first_year", "last_year"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", "最終年度は初年度と同じか、それより後にしてください。")
        return data


class ProjectForm(forms.Form):
    order = forms.IntegerField(label="番号", min_value=1, max_value=99)
    title = forms.CharField(label="プロジェクト名", max_length=200)
    aim = forms.CharField(label="ねらい", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InitiativeForm(forms.Form):
    """The 取組 and one milestone field per fiscal year of the plan (`milestone_2025`…)."""

    order = forms.IntegerField(label="番号（1＝ア、2＝イ…）", min_value=1, max_value=99)
    title = forms.CharField(label="取組", max_length=300)
    lead_organization = forms.ModelChoiceField(
        label="中心となる機関",
        queryset=Organization.objects.filter(is_active=True).order_by("kana"),
        required=False,
        empty_label="（機関を選ばない）",
    )
    lead_text = forms.CharField(
        label="中心となる取組主体（その他）",
        max_length=200,
        required=False,
        help_text="会議体や担当職員など、機関の一覧にない取組主体。",
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"milestone_{year}"] = forms.CharField(
                label=f"{fiscal_year_label(year)}の目標・予定", max_length=300, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("lead_organization") and not data.get("lead_text", "").strip():
            self.add_error("lead_text", "中心となる機関を選ぶか、取組主体を入力してください。")
        return data

    @property
    def milestones(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(f"milestone_{year}", "") for year in self.years}


class ProgressForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)
    status = forms.ChoiceField(
        label="進捗", choices=ProgressStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="実績・見直しの内容",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [  # type: ignore[attr-defined]
            (year, fiscal_year_label(year)) for year in years
        ]
        this_year = fiscal_year(timezone.localdate())
        if "fiscal_year" not in self.initial:
            self.initial["fiscal_year"] = this_year if this_year in years else years[-1]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ProgressStatus.REVISED and not data.get("note", "").strip():
            self.add_error("note", "見直しの場合は、見直しの内容を入力してください。")
        return data
