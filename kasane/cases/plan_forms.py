"""Forms for the whole-household assessment (one small form per member) and the support plan
(the plan's fields and its items as a formset)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from kasane.cases.models import Assessment, SupportPlan, Urgency
from kasane.cases.plan_selectors import IntakePrefill, ItemChoices
from kasane.cases.services import PLAN_FIELDS
from kasane.core.forms import JapaneseDateField, KeepsVersion, VersionedForm, field_of
from kasane.intake.models import IssueCode
from kasane.people.models import ConsentMethod, Person


def _not_future(value: dt.date | None, message: str) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


def _text(label: str, *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- Assessment -------------------------------------------------------------------------------


class AssessmentForm(KeepsVersion, forms.Form):
    """The household part of the assessment. `based_on` is the version the form was opened
    with (empty for the first)."""

    version_field = "based_on"

    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = JapaneseDateField(label="アセスメント日")
    household_view = _text("世帯全体の状況", rows=4)
    worker_view = _text(
        "支援者の見立て", rows=4, help_text="世帯の課題の関係や、どこから支援するかの見立て。"
    )
    urgency = forms.ChoiceField(label="緊急度", choices=Urgency.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, latest: Assessment | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("assessed_on", timezone.localdate())
        if latest is not None:
            self.initial.setdefault("based_on", latest.version)
            for name in ("household_view", "worker_view", "urgency"):
                self.initial.setdefault(name, getattr(latest, name))

    def clean_assessed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["assessed_on"], "アセスメント日が未来の日付です。")


class EntryForm(forms.Form):
    """What the assessment says about one member; prefixed by the person."""

    issues = forms.TypedMultipleChoiceField(
        label="課題（チェックリスト）",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices choices--columns"}),
    )
    wishes = _text("本人の思い", help_text="本人の言葉のままで書きます。例:「母の世話を続けたい」")
    strengths = _text("強み")
    risks = _text("リスク")
    notes = _text("課題の具体的な内容")

    def __init__(
        self,
        *args: Any,
        person: Person,
        relation: str,
        codes: list[IssueCode],
        entry: Any = None,
        prefill: IntakePrefill | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"person-{person.pk}")
        super().__init__(*args, **kwargs)
        self.person, self.relation = person, relation
        self.codes = {code.pk: code for code in codes}
        field_of(self, "issues", forms.ChoiceField).choices = [
            (code.pk, code.name) for code in codes
        ]
        if entry is not None:
            self.initial.update(
                issues=[code.pk for code in entry.issues.all()],
                wishes=entry.wishes,
                strengths=entry.strengths,
                risks=entry.risks,
                notes=entry.notes,
            )
        elif prefill is not None:
            self.initial.update(
                issues=[pk for pk in prefill.issues if pk in self.codes], notes=prefill.notes
            )

    @property
    def legend(self) -> str:
        return (
            f"{self.person.full_name}（{self.relation}）"
            if self.relation
            else self.person.full_name
        )

    def entry(self) -> dict[str, Any]:
        """The member's entry as `assessment_save` takes it."""
        data = self.cleaned_data
        return {
            "person": self.person,
            "issues": [self.codes[pk] for pk in data["issues"]],
            **{name: data[name].strip() for name in ("wishes", "strengths", "risks", "notes")},
        }


# --- Plan -------------------------------------------------------------------------------------


class PlanForm(VersionedForm):
    monitoring_on = JapaneseDateField(label="モニタリング予定日", required=False)
    consent_on = JapaneseDateField(
        label="本人の同意日",
        required=False,
        help_text="承認には、同意日と方法の記録が必要です。例: 令和7年4月1日、R7.4.1",
    )
    consent_method = forms.ChoiceField(
        label="同意の方法",
        choices=[("", "未記録"), *ConsentMethod.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SupportPlan
        fields = list(PLAN_FIELDS)
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "direction": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "goal": "本人の言葉のままで書きます。下書きでは空でも保存できますが、承認には必要です。"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].required = False  # a draft grows; approval needs the goal

    def clean_goal(self) -> str:
        return self.cleaned_data["goal"].strip()

    def clean_consent_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["consent_on"], "同意日が未来の日付です。")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("consent_on")) != bool(data.get("consent_method")) and not self.errors:
            raise forms.ValidationError("本人の同意は、同意日と方法の両方を記録してください。")
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class PlanItemForm(forms.Form):
    """課題 → 支援内容 → 担当機関・担当者 → 頻度・期間."""

    issue = forms.CharField(label="課題", max_length=200)
    support = forms.CharField(
        label="支援内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    organization = forms.TypedChoiceField(label="担当機関", coerce=int)
    worker = forms.TypedChoiceField(label="担当者", coerce=int, required=False, empty_value=None)
    frequency = forms.CharField(
        label="頻度・期間", max_length=100, required=False, help_text="例: 月1回・6か月"
    )

    def __init__(self, *args: Any, choices: ItemChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        field_of(self, "organization", forms.ChoiceField).choices = choices.organization_choices
        field_of(self, "worker", forms.ChoiceField).choices = choices.worker_choices

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        worker, organization = data.get("worker"), data.get("organization")
        if (
            worker is not None
            and organization is not None
            and self.choices.workers[worker].organization_id != organization
        ):
            self.add_error("worker", "担当者は担当機関の職員から選んでください。")
        return data

    def item(self) -> dict[str, Any]:
        """The item as `plan_save` takes it."""
        data = self.cleaned_data
        worker = data.get("worker")
        return {
            "issue": data["issue"].strip(),
            "support": data["support"].strip(),
            "organization": self.choices.organizations[data["organization"]],
            "worker": self.choices.workers[worker] if worker is not None else None,
            "frequency": data.get("frequency", "").strip(),
        }


class BasePlanItemFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "この項目を削除する"

    def items(self) -> list[dict[str, Any]]:
        """The kept rows, in order; empty extra rows (no cleaned data) are left out."""
        return [
            form.item()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


# A plan's items are a page of rows, not a list without end: a posted count above this is refused
# (validate_max) and never builds more forms than this (absolute_max), whatever
# items-TOTAL_FORMS says, so one request cannot tie up a worker.
PLAN_ITEMS_MAX = 50
# Rows 「項目を追加」 adds at a time without JavaScript (with htmx: one).
ADD_ROWS = 3

# formset_factory returns a subclass of `formset`; the stubs only say BaseFormSet.
PlanItemFormSet = cast(
    "type[BasePlanItemFormSet]",
    forms.formset_factory(
        PlanItemForm,
        formset=BasePlanItemFormSet,
        extra=2,
        can_delete=True,
        max_num=PLAN_ITEMS_MAX,
        absolute_max=PLAN_ITEMS_MAX,
        validate_max=True,
    ),
)


def item_initial(plan: SupportPlan) -> list[dict[str, Any]]:
    return [
        {
            "issue": item.issue,
            "support": item.support,
            "organization": item.organization_id,
            "worker": item.worker_id,
            "frequency": item.frequency,
        }
        for item in plan.items.all()
    ]


class ApproveForm(forms.Form):
    approved_on = JapaneseDateField(label="承認日")

    def clean_approved_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["approved_on"], "承認日が未来の日付です。")
