"""The form of the register of meeting bodies (会議体)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from kasane.core.forms import ModelMultipleChoiceField, VersionedForm, field_of
from kasane.core.submissions import SubmittedOnce
from kasane.meetings.models import MeetingBody, Target
from kasane.meetings.services import BODY_FIELDS
from kasane.organizations.models import Organization


def _organizations(body: MeetingBody | None, *, members: bool) -> Q:
    """Active organisations, and the inactive ones the body already names, so that editing
    does not silently drop them."""
    active = Q(is_active=True)
    if body is None or body.pk is None:
        return active
    if members:
        return active | Q(pk__in=body.members.values("pk"))
    return active | Q(pk=body.convener_id)


class BodyForm(SubmittedOnce, VersionedForm):
    targets = forms.MultipleChoiceField(
        label="対象者",
        choices=Target.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "対象者を一つ以上選んでください。"},
    )
    members = ModelMultipleChoiceField(
        label="構成機関",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="重なっている会議体を見つけるのに使います。",
    )

    class Meta:
        model = MeetingBody
        fields = list(BODY_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {
                "required": "名称を入力してください。",
                "unique": "同じ名称の会議体が既に登録されています。",
            },
            "convener": {"required": "主催する機関を選んでください。"},
        }
        help_texts = {
            "kind": "支援会議は本人の同意なしにケースを扱えます（参加者の誓約が必要）。"
            "ほかの種類は同意のあるケースだけです。",
            "legal_basis": "例: 社会福祉法第106条の6、市の要綱",
            "is_active": "使わなくなった会議体は外します（記録は残ります）。",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.instance
        convener = field_of(self, "convener", forms.ModelChoiceField)
        convener.queryset = Organization.objects.filter(
            _organizations(body, members=False)
        ).order_by("kind", "kana", "name")
        convener.empty_label = "選んでください"
        field_of(self, "members", forms.ModelChoiceField).queryset = Organization.objects.filter(
            _organizations(body, members=True)
        ).order_by("kind", "kana", "name")
        if body.pk:
            self.initial.setdefault("members", list(body.members.values_list("pk", flat=True)))
