"""Forms of the case itself: the list's filters, opening a case, changing it, moving its
status, the team and the progress notes. The services check the domain's rules; these only
parse and offer the choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.cases.models import (
    CaseProgram,
    CaseStatus,
    NoteMethod,
    ScreeningCriterion,
    TeamRole,
)
from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    VersionedPlainForm,
    field_of,
)
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Organization
from kasane.people.models import Household


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        organization = obj.organization
        return f"{obj.full_name}（{organization.short_name or organization.name}）"


def case_workers(organization_id: int | None = None) -> QuerySet[User]:
    workers = (
        User.objects.filter(is_active=True, role_assignments__role__in=access.CASE_STAFF_ROLES)
        .select_related("organization")
        .distinct()
        .order_by("organization__kind", "organization__kana", "full_name", "pk")
    )
    return workers if organization_id is None else workers.filter(organization_id=organization_id)


PROGRAM_FIELD: dict[str, Any] = {
    "label": "事業",
    "choices": CaseProgram.choices,
    "widget": forms.CheckboxSelectMultiple,
    "help_text": "当てはまるものすべてに印を付けてください。",
    "error_messages": {"required": "ケースの事業を一つ以上選んでください。"},
}


class CaseFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="状態",
        choices=[("", "すべて"), ("active", "進行中（終了していないもの）"), *CaseStatus.choices],
        required=False,
    )
    program = forms.ChoiceField(
        label="事業", choices=[("", "すべて"), *CaseProgram.choices], required=False
    )
    organization = forms.ModelChoiceField(
        label="チームの機関",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="すべて",
    )
    name = forms.CharField(label="本人・世帯の名前", max_length=50, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if access.person_scope(user) is None:
            field_of(
                self, "organization", forms.ModelChoiceField
            ).queryset = Organization.objects.active()
        else:
            del self.fields["organization"]  # the user sees its own organisation's cases only


class CaseOpenForm(SubmittedOnce, forms.Form):
    """Opening a case. The main person comes from the page (the consultation, referral or
    person it is opened from)."""

    opened_on = JapaneseDateField(label="受付日")
    household = forms.ModelChoiceField(
        label="世帯",
        queryset=Household.objects.none(),
        required=False,
        empty_label="世帯を選ばない（本人のみのケース）",
        help_text="世帯を中心に支援します。本人の今の世帯から選びます。",
    )
    programs = forms.MultipleChoiceField(**PROGRAM_FIELD)
    lead_organization = forms.ModelChoiceField(
        label="主担当の機関", queryset=Organization.objects.none(), empty_label=None
    )
    lead_worker = WorkerChoiceField(
        label="主担当の担当者",
        queryset=User.objects.none(),
        required=False,
        empty_label="あとで決める",
        help_text="主担当の機関の職員から選びます。",
    )
    summary = forms.CharField(
        label="概要", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(
        self, *args: Any, actor: User, households: QuerySet[Household], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "household", forms.ModelChoiceField).queryset = households
        organization = field_of(self, "lead_organization", forms.ModelChoiceField)
        worker = field_of(self, "lead_worker", forms.ModelChoiceField)
        if access.has_role(actor, Role.COORDINATOR):
            organization.queryset = Organization.objects.active()
            worker.queryset = case_workers()
        else:
            # A worker opens a case for their own organisation; the coordinator can hand the
            # 主担当 to another one (opening it for someone else would lock the opener out).
            own = Organization.objects.filter(pk=actor.organization_id)
            organization.queryset = own
            worker.queryset = case_workers(actor.organization_id)
        self.initial.setdefault("opened_on", timezone.localdate())
        self.initial.setdefault("lead_organization", actor.organization_id)
        self.initial.setdefault("lead_worker", actor.pk)
        self.initial.setdefault("programs", [CaseProgram.COORDINATION])


class CaseEditForm(VersionedPlainForm):
    programs = forms.MultipleChoiceField(**PROGRAM_FIELD)
    summary = forms.CharField(
        label="概要", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    follow_up_on = JapaneseDateField(label="フォローアップ予定日", required=False)


class TransitionForm(forms.Form):
    """One step along the status path. Which steps are allowed is the service's rule (it
    refuses the others with a message); the page offers only those."""

    to_status = forms.ChoiceField(choices=CaseStatus.choices, widget=forms.HiddenInput)
    occurred_on = JapaneseDateField(label="日付", required=False, help_text="空欄なら今日")
    reason = forms.CharField(
        label="理由・メモ",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    criteria = forms.MultipleChoiceField(
        label="スクリーニングで当てはまった判断",
        choices=ScreeningCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    referred_to = forms.ModelChoiceField(
        label="つなぎ先の機関",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="なし",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "referred_to", forms.ModelChoiceField
        ).queryset = Organization.objects.active()

    @classmethod
    def for_step(cls, to_status: str) -> TransitionForm:
        """The form offered for one next step: only the fields that step uses."""
        form = cls(initial={"to_status": to_status}, auto_id=f"id_{to_status}_%s")
        form.keep_fields_for(to_status)
        return form

    def keep_fields_for(self, to_status: str) -> None:
        if to_status != CaseStatus.DECIDED:
            del self.fields["criteria"]
        if to_status != CaseStatus.NOT_ELIGIBLE:
            del self.fields["referred_to"]
        if to_status in (CaseStatus.NOT_ELIGIBLE, CaseStatus.SUSPENDED):
            self.fields["reason"].label = "理由"
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "理由を入力してください。"


class TeamAddForm(SubmittedOnce, forms.Form):
    organization = forms.ModelChoiceField(
        label="機関", queryset=Organization.objects.none(), empty_label="選んでください"
    )
    role = forms.ChoiceField(label="役割", choices=TeamRole.choices, initial=TeamRole.AGENCY)
    worker = WorkerChoiceField(
        label="担当者",
        queryset=User.objects.none(),
        required=False,
        empty_label="あとで決める",
        help_text="その機関の職員から選びます。",
    )
    joined_on = JapaneseDateField(label="参加日", required=False, help_text="空欄なら今日")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(
            self, "organization", forms.ModelChoiceField
        ).queryset = Organization.objects.active()
        field_of(self, "worker", forms.ModelChoiceField).queryset = case_workers()


class TeamLeaveForm(forms.Form):
    left_on = JapaneseDateField(label="離脱日", required=False, help_text="空欄なら今日")


class NoteForm(SubmittedOnce, forms.Form):
    """支援経過: short enough to write on a phone right after a visit."""

    written_on = JapaneseDateField(label="日付")
    method = forms.ChoiceField(label="方法", choices=NoteMethod.choices, widget=forms.RadioSelect)
    content = forms.CharField(
        label="内容",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "内容を入力してください。"},
    )
    next_action = forms.CharField(
        label="次の対応", max_length=200, required=False, help_text="例: 来週、同行して受診する"
    )
    next_action_on = JapaneseDateField(label="次の対応の予定日", required=False)
    is_sensitive = forms.BooleanField(
        label="機微な記録にする（自機関とコーディネーターだけが読めます）", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("written_on", timezone.localdate())

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("next_action_on") and not (data.get("next_action") or "").strip():
            self.add_error(
                "next_action", "次の対応の予定日を入れたときは、次の対応も入力してください。"
            )
        return data
