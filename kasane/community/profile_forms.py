"""The forms of area profiles: the profile (a new version), an area's figures for a year, and
the statistics import (file, then the signed table to confirm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kasane.community.models import AreaFigures, AreaProfile
from kasane.community.profile_services import FIGURE_FIELDS, check_figures, check_year
from kasane.core.forms import JapaneseDateField, VersionedPlainForm, field_of
from kasane.core.japanese import fiscal_year, fiscal_year_label


class ProfileForm(VersionedPlainForm):
    """A new version of the profile; `loaded_at` is the version it was opened with."""

    strengths = forms.CharField(
        label=AreaProfile._meta.get_field("strengths").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    issues = forms.CharField(
        label=AreaProfile._meta.get_field("issues").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    vision = forms.CharField(
        label=AreaProfile._meta.get_field("vision").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="住民と話し合って合意した、地域の目指す姿。",
    )
    vision_agreed_on = JapaneseDateField(label="ビジョンの合意日", required=False)
    vision_agreed_at = forms.CharField(
        label="合意した場",
        required=False,
        max_length=100,
        help_text="例：東圏域 住民懇談会",
    )


class FiguresForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    as_of = JapaneseDateField(
        label="基準日", required=False, help_text="例：令和8年1月1日（空でも可）"
    )
    population = forms.IntegerField(label="人口", min_value=0, max_value=10_000_000)
    aged_65 = forms.IntegerField(label="65歳以上の人口", min_value=0, max_value=10_000_000)
    aged_75 = forms.IntegerField(label="75歳以上の人口", min_value=0, max_value=10_000_000)
    households = forms.IntegerField(label="世帯数", min_value=0, max_value=10_000_000)
    single_elderly_households = forms.IntegerField(
        label="高齢者単身世帯数", min_value=0, max_value=10_000_000
    )
    children = forms.IntegerField(label="18歳未満の人口", min_value=0, max_value=10_000_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = fiscal_year(timezone.localdate())
        years = [year for year in range(current + 1, current - 10, -1) if not check_year(year)]
        field = field_of(self, "year", forms.TypedChoiceField)
        field.choices = [(year, f"{fiscal_year_label(year)}（{year}年度）") for year in years]
        field.initial = current

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(cleaned.get(name) is not None for name in FIGURE_FIELDS):
            for name, message in check_figures(cleaned):
                self.add_error(name, message)
        return cleaned


def figures_initial(row: AreaFigures | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {name: getattr(row, name) for name in ("year", "as_of", *FIGURE_FIELDS)}


class FiguresUploadForm(forms.Form):
    file = forms.FileField(
        label="取り込むファイル（CSV）",
        help_text="住民基本台帳の町丁目別の統計。UTF-8 か Shift_JIS で保存した CSV。",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class FiguresConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
