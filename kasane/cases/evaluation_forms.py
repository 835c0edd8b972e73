"""The 評価 form: the evaluation of the approved plan as a whole, and one small form per plan
item (prefixed with the item's number) for its attainment and comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Attainment, ClosingReason, EvaluationDecision, PlanItem
from kasane.core.forms import JapaneseDateField, field_of
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Organization

ENDING_DECISIONS = (EvaluationDecision.CLOSE, EvaluationDecision.SUSPEND)


class EvaluationForm(SubmittedOnce, forms.Form):
    evaluated_on = JapaneseDateField(label="評価日")
    goal_attainment = forms.ChoiceField(
        label="本人の目標の達成度", choices=Attainment.choices, widget=forms.RadioSelect
    )
    changes = forms.CharField(
        label="本人・世帯の変化", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    decision = forms.ChoiceField(
        label="判断", choices=EvaluationDecision.choices, widget=forms.RadioSelect
    )
    closing_reason = forms.ChoiceField(
        label="終結・中断の理由",
        choices=[("", "選んでください"), *ClosingReason.choices],
        required=False,
        help_text="「終結」「中断」のときに選びます。",
    )
    handback_organization = forms.ModelChoiceField(
        label="今後の主担当になる機関",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="選んでください",
        help_text="「つなぎ戻し」で終結するときに選びます。保存すると、この機関につなぎ戻しが届きます。",
    )
    reason = forms.CharField(
        label="判断の理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    follow_up_on = JapaneseDateField(label="フォローアップ予定日", required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A referral is never sent to one's own organisation.
        field_of(
            self, "handback_organization", forms.ModelChoiceField
        ).queryset = Organization.objects.active().exclude(pk=actor.organization_id)
        self.initial.setdefault("evaluated_on", timezone.localdate())

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        decision, closing = data.get("decision"), data.get("closing_reason")
        if decision in ENDING_DECISIONS and not closing:
            self.add_error("closing_reason", "「終結」「中断」のときは理由を選んでください。")
        if decision == EvaluationDecision.REPLAN:
            data["closing_reason"] = ""
        handback = decision == EvaluationDecision.CLOSE and closing == ClosingReason.HANDBACK
        if handback and not data.get("handback_organization"):
            self.add_error(
                "handback_organization",
                "つなぎ戻しでは、今後の主担当になる機関を選んでください。",
            )
        if not handback:
            data["handback_organization"] = None
        evaluated_on = data.get("evaluated_on")
        if evaluated_on and evaluated_on > timezone.localdate():
            self.add_error("evaluated_on", "評価日が未来の日付です。")
        return data


class EvaluationItemForm(forms.Form):
    """How far one item of the plan was reached."""

    attainment = forms.ChoiceField(
        label="達成度", choices=Attainment.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="所見", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, data: Any = None, *, plan_item: PlanItem, **kwargs: Any) -> None:
        super().__init__(data, prefix=f"item-{plan_item.pk}", **kwargs)
        self.plan_item = plan_item
