"""Forms of the 成果目標: an indicator (a count from the catalogue, or a manual figure with its
definition), a year's target, a year's manual figure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.plan.catalogue import ENTRIES
from kasane.plan.models import ImplementationPlan, Indicator

MANUAL = ("", "（一覧にない：年度ごとに手入力する）")


def year_choices(indicator: Indicator) -> list[tuple[int, str]]:
    """The plan's years, or around this year when the indicator has no plan."""
    if indicator.plan is not None:
        years = indicator.plan.years
    else:
        this_year = fiscal_year(timezone.localdate())
        years = list(range(this_year - 4, this_year + 2))
    return [(year, fiscal_year_label(year)) for year in years]


class IndicatorForm(forms.Form):
    plan = forms.ModelChoiceField(
        label="実施計画", queryset=ImplementationPlan.objects.all(), required=False
    )
    label = forms.CharField(label="成果目標", max_length=200)
    code = forms.ChoiceField(label="実績の数え方", required=False)
    unit = forms.CharField(label="単位", max_length=10, initial="件")
    definition = forms.CharField(
        label="定義（手入力のとき）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="一覧から数え方を選んだときは、その定義がそのまま使われます。",
    )
    order = forms.IntegerField(label="並び順", min_value=0, max_value=999, initial=0)

    def __init__(self, *args: Any, indicator: Indicator | None = None, **kwargs: Any) -> None:
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "plan": indicator.plan_id,
                    "label": indicator.label,
                    "code": indicator.code,
                    "unit": indicator.unit,
                    "definition": indicator.definition,
                    "order": indicator.order,
                },
            )
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [MANUAL]
        groups: dict[str, list[tuple[str, str]]] = {}
        for entry in ENTRIES:
            groups.setdefault(entry.program, []).append((entry.code, entry.label))
        choices += list(groups.items())
        self.fields["code"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not (data.get("definition") or "").strip():
            self.add_error(
                "definition",
                "一覧から数え方を選ばないときは、手入力する実績の定義を書いてください。",
            )
        return data


class YearValueForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)
    value = forms.IntegerField(label="値", min_value=0, max_value=10_000_000)

    def __init__(self, *args: Any, indicator: Indicator, value_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = year_choices(indicator)  # type: ignore[attr-defined]
        self.fields["value"].label = value_label


class FigureForm(YearValueForm):
    note = forms.CharField(label="根拠・メモ", max_length=300, required=False)
