"""The forms of the watch list: the filters, registering a target, an attempt (under a minute
on a phone), correcting the stage, the assignments, a review (見直し) and closing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.core.filters import FilterForm
from kasane.core.forms import JapaneseDateField, VersionedPlainForm, field_of
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Area, Organization
from kasane.outreach.models import (
    STAGE_PATH,
    Aim,
    CloseReason,
    Decision,
    Method,
    Result,
    Risk,
    Safety,
    Source,
)

# What the list shows by stage: open targets by default.
STAGE_FILTERS = [
    ("open", "見守り中（終了以外）"),
    *((stage.value, stage.label) for stage in STAGE_PATH),
    ("closed", "終了"),
    ("all", "すべて"),
]
DUE_FILTERS = [
    ("", "指定しない"),
    ("overdue", "予定日を過ぎた"),
    ("today", "今日まで（過ぎたものを含む）"),
    ("week", "今週中（過ぎたものを含む）"),
    ("review", "今月見直し・段階が6か月動いていない"),
]

SORTS = [("next", "次回予定日順"), ("area", "町丁目順")]


class TargetFilterForm(FilterForm):
    scope = forms.ChoiceField(
        label="担当",
        choices=[("mine", "自機関の担当"), ("all", "すべての機関")],
        required=False,
    )
    stage = forms.ChoiceField(label="段階", choices=STAGE_FILTERS, required=False, initial="open")
    due = forms.ChoiceField(label="予定日", choices=DUE_FILTERS, required=False)
    worker = forms.ModelChoiceField(
        label="担当者", queryset=User.objects.none(), required=False, empty_label="すべて"
    )
    area = forms.ModelChoiceField(
        label="地域", queryset=Area.objects.none(), required=False, empty_label="すべて"
    )
    sort = forms.ChoiceField(label="並び順", choices=SORTS, required=False, initial="next")

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if access.oversees(user):
            self.fields["scope"].initial = "all"
        else:
            del self.fields["scope"]  # a worker sees their own organisation's targets only
        workers = User.objects.filter(
            is_active=True, role_assignments__role__in=access.CASE_STAFF_ROLES
        ).distinct()
        if not access.oversees(user):
            workers = workers.filter(organization_id=user.organization_id)
        field_of(self, "worker", forms.ModelChoiceField).queryset = workers.order_by("pk")
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()


class TargetForm(SubmittedOnce, forms.Form):
    """Putting someone on the watch list. The person (or the つなぎ, the 相談) comes from the
    page; without a person, the area and a description say who."""

    source = forms.ChoiceField(label="把握の経緯", choices=Source.choices, widget=forms.RadioSelect)
    area = forms.ModelChoiceField(
        label="地域",
        queryset=Area.objects.none(),
        required=False,
        empty_label="選ばない",
        help_text="氏名が分からないときは必ず選んでください（町丁目まで選べます）。",
    )
    description = forms.CharField(
        label="対象の様子（氏名が分からないとき）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例: 北町3丁目のアパート2階の高齢男性、氏名不明",
    )
    noticed = forms.CharField(
        label="気づいたこと",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "気づいたことを入力してください。"},
    )
    aims = forms.MultipleChoiceField(
        label="接触の目的",
        choices=Aim.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        required=False,
    )
    risk = forms.ChoiceField(label="リスク", choices=Risk.choices, initial=Risk.MEDIUM)
    next_contact_on = JapaneseDateField(label="次回の接触予定日", required=False)

    def __init__(self, *args: Any, identified: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()
        if identified:
            del self.fields["description"]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if "description" in self.fields and not (
            data.get("area") and (data.get("description") or "").strip()
        ):
            self.add_error(
                None,
                "氏名が分からない対象は、地域（町丁目まで選べます）と対象の様子を入力してください。",
            )
        return data


class AttemptForm(SubmittedOnce, forms.Form):
    """接触の記録: the date and time default to now; everything fits a phone's screen."""

    occurred_on = JapaneseDateField(label="日付", help_text="")
    occurred_time = forms.TimeField(
        label="時刻", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    method = forms.ChoiceField(
        label="方法", choices=Method.choices, widget=forms.RadioSelect, initial=Method.VISIT
    )
    companion = forms.CharField(
        label="同行者（同行訪問のとき）",
        max_length=100,
        required=False,
        help_text="例: 地区担当保健師",
    )
    result = forms.ChoiceField(label="結果", choices=Result.choices, widget=forms.RadioSelect)
    safety = forms.ChoiceField(
        label="安否",
        choices=Safety.choices,
        widget=forms.RadioSelect,
        initial=Safety.NOT_APPLICABLE,
    )
    seen = forms.CharField(
        label="様子（生活状況・リスク）",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.CharField(label="次の手立て", max_length=500, required=False)
    next_contact_on = JapaneseDateField(label="次回の接触予定日", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.initial.setdefault("occurred_on", now.date())
        self.initial.setdefault("occurred_time", now.time().replace(second=0, microsecond=0))

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        day, time = data.get("occurred_on"), data.get("occurred_time")
        if day and time:
            data["occurred_at"] = timezone.make_aware(dt.datetime.combine(day, time))
            if data["occurred_at"] > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("occurred_on", "接触の日時が未来です。")
            elif data.get("next_contact_on") and data["next_contact_on"] < day:
                self.add_error("next_contact_on", "次回の接触予定日が接触の日より前です。")
        return data


class TargetEditForm(VersionedPlainForm):
    """What was noticed, the aims, risk and dates; while not identified, who it is."""

    area = forms.ModelChoiceField(
        label="地域", queryset=Area.objects.none(), required=False, empty_label="選ばない"
    )
    description = forms.CharField(
        label="対象の様子（氏名が分からないとき）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    noticed = forms.CharField(
        label="気づいたこと",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "気づいたことを入力してください。"},
    )
    aims = forms.MultipleChoiceField(
        label="接触の目的",
        choices=Aim.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        required=False,
    )
    risk = forms.ChoiceField(label="リスク", choices=Risk.choices)
    next_contact_on = JapaneseDateField(label="次回の接触予定日", required=False)
    review_on = JapaneseDateField(label="見直し日")

    def __init__(self, *args: Any, identified: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "area", forms.ModelChoiceField).queryset = Area.objects.active()
        if identified:
            del self.fields["description"]


class StageForm(VersionedPlainForm):
    stage = forms.ChoiceField(
        label="段階", choices=[(stage.value, stage.label) for stage in STAGE_PATH]
    )
    reason = forms.CharField(
        label="直す理由",
        max_length=500,
        error_messages={"required": "段階を直す理由を入力してください。"},
    )


class CloseForm(VersionedPlainForm):
    reason = forms.ChoiceField(
        label="終了の理由", choices=CloseReason.choices, widget=forms.RadioSelect
    )


class WorkerChoiceField(forms.ModelChoiceField):
    """A named worker, shown with their organisation (the list spans every organisation)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name}（{obj.organization.name}）"


WORKER_ELSEWHERE = "担当者は、選んだ機関の職員から選んでください。"


class AssignmentForm(forms.Form):
    """An organisation joins the target, with its named worker when known: case-work staff
    (相談支援・アウトリーチ・参加支援) of that organisation only."""

    organization = forms.ModelChoiceField(label="機関", queryset=Organization.objects.none())
    worker = WorkerChoiceField(
        label="担当者",
        queryset=User.objects.none(),
        required=False,
        empty_label="未定（機関だけ加える）",
        help_text="選んだ機関の職員から選びます。",
    )
    role = forms.CharField(
        label="役割", max_length=100, required=False, help_text="例: 地区担当保健師"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "organization", forms.ModelChoiceField
        ).queryset = Organization.objects.active()
        field_of(self, "worker", forms.ModelChoiceField).queryset = (
            User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_WORK_ROLES)
            .select_related("organization")
            .distinct()
            .order_by("organization__name", "pk")
        )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        worker, organization = data.get("worker"), data.get("organization")
        if worker and organization and worker.organization_id != organization.pk:
            self.add_error("worker", WORKER_ELSEWHERE)
        return data


class ReviewForm(SubmittedOnce, forms.Form):
    """見直し on the target page: what was decided, the new plan of approach (続ける), the
    reason (終了) and the next review date (three months on when left empty)."""

    decision = forms.ChoiceField(
        label="決めたこと",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "見直しで決めたことを選んでください。"},
    )
    approach = forms.CharField(
        label="これからの接触の仕方（続けるとき）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 民生委員と一緒に月1回訪問し、ごみ出しの話をきっかけにする",
    )
    close_reason = forms.ChoiceField(
        label="終了の理由（終了するとき）",
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reviewed_on = JapaneseDateField(label="見直した日")
    next_review_on = JapaneseDateField(
        label="次の見直し日",
        required=False,
        help_text="空欄なら3か月後です（終了するときは不要）。例: 令和8年3月1日",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reviewed_on", timezone.localdate())

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        decision, day = data.get("decision"), data.get("reviewed_on")
        if decision == Decision.CONTINUE and not (data.get("approach") or "").strip():
            self.add_error("approach", "続けるときは、これからの接触の仕方を入力してください。")
        if decision == Decision.CLOSE and not data.get("close_reason"):
            self.add_error("close_reason", "終了するときは、終了の理由を選んでください。")
        if day and day > timezone.localdate():
            self.add_error("reviewed_on", "見直した日が未来の日付です。")
        following = data.get("next_review_on")
        if decision != Decision.CLOSE and day and following and following <= day:
            self.add_error(
                "next_review_on", "次の見直し日は、見直した日より後の日付にしてください。"
            )
        return data
