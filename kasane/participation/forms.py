"""The forms of 参加支援: a person's wishes, the matching filters (phone first), a match's
stage and notes, a follow-up, and an unmet need."""

from __future__ import annotations

from typing import Any

from django import forms

from kasane.core.filters import FilterForm
from kasane.core.forms import JapaneseDateField, field_of
from kasane.organizations.models import Area
from kasane.participation.models import (
    WEEKDAY_CHOICES,
    AgeBand,
    EndReason,
    FollowUpKind,
    Stage,
    WishTag,
)
from kasane.resources.models import ServiceCategory

SHORT = {"rows": 2}


class ProfileForm(forms.Form):
    wishes = forms.CharField(
        label="本人の希望（本人の言葉で）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例：「家以外の居場所に行ってみたい」",
    )
    wish_tags = forms.MultipleChoiceField(
        label="希望", choices=WishTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    days = forms.MultipleChoiceField(
        label="参加できる曜日",
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times = forms.CharField(label="参加できる時間帯", max_length=200, required=False)
    transport = forms.CharField(label="移動手段", max_length=200, required=False)
    health = forms.CharField(label="健康面で配慮すること", max_length=200, required=False)
    money = forms.CharField(label="費用について", max_length=200, required=False)


SCOPES = [("district", "地区"), ("sphere", "圏域"), ("city", "市内すべて")]


class ProposalFilterForm(FilterForm):
    """The matching page's filters. Empty category: the categories the wishes look for; empty
    day: the days the person can go."""

    category = forms.ModelChoiceField(
        label="種類",
        queryset=ServiceCategory.objects.none(),
        required=False,
        empty_label="希望に合う種類",
    )
    weekday = forms.ChoiceField(
        label="曜日", choices=[("", "参加できる曜日"), *WEEKDAY_CHOICES], required=False
    )
    scope = forms.ChoiceField(label="地域", choices=SCOPES, required=False, initial="sphere")
    accepting = forms.BooleanField(
        label="今、新しい人を受け入れているものだけ", required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "category", forms.ModelChoiceField
        ).queryset = ServiceCategory.objects.filter(is_active=True)


STAGE_FILTERS = [("open", "終了していないもの"), *Stage.choices, ("all", "すべて")]


class MatchFilterForm(FilterForm):
    stage = forms.ChoiceField(label="段階", choices=STAGE_FILTERS, required=False, initial="open")
    due = forms.BooleanField(label="フォローアップの時期が来ているものだけ", required=False)


class ProposeForm(forms.Form):
    service = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    contact_name = forms.CharField(label="受け入れ先の担当者", max_length=100, required=False)


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label="次の段階", choices=Stage.choices)
    on = JapaneseDateField(label="日付")
    end_reason = forms.ChoiceField(
        label="終了の理由（終了のとき）",
        choices=[("", "―"), *EndReason.choices],
        required=False,
    )
    reason = forms.CharField(
        label="戻す理由（前の段階に戻すとき）",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs=SHORT),
    )


class MatchNotesForm(forms.Form):
    contact_name = forms.CharField(label="受け入れ先の担当者", max_length=100, required=False)
    notes = forms.CharField(
        label="メモ", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label="時期", choices=FollowUpKind.choices)
    done_on = JapaneseDateField(label="実施日")
    still_attending = forms.TypedChoiceField(
        label="参加を続けているか",
        choices=[("yes", "続けている"), ("no", "続けていない")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="メモ", max_length=2000, required=False, widget=forms.Textarea(attrs=SHORT)
    )


class UnmetNeedForm(forms.Form):
    theme = forms.ChoiceField(label="求めていたこと", choices=WishTag.choices)
    category = forms.ModelChoiceField(
        label="社会資源の種類",
        queryset=ServiceCategory.objects.none(),
        required=False,
        empty_label="―",
    )
    area = forms.ModelChoiceField(label="地域（圏域・地区）", queryset=Area.objects.none())
    age_band = forms.ChoiceField(label="対象（年代）", choices=AgeBand.choices)
    note = forms.CharField(
        label="どんな場があればよいか（個人名は書かない）",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs=SHORT),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "category", forms.ModelChoiceField
        ).queryset = ServiceCategory.objects.filter(is_active=True)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active().exclude(
            kind="town"
        )
