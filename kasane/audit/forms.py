from __future__ import annotations

import datetime as dt

from django import forms

from kasane.audit.actions import ACTIONS, OBJECT_TYPES
from kasane.core.forms import CHECK_INPUT, JapaneseDateField
from kasane.organizations.models import Organization


class AuditSearchForm(forms.Form):
    error_summary = CHECK_INPUT  # a search saves nothing
    user = forms.CharField(label="ユーザー名", required=False, help_text="完全一致")
    organization = forms.ModelChoiceField(
        label="所属機関",
        queryset=Organization.objects.order_by("kind", "kana", "name"),
        required=False,
        empty_label="すべて",
    )
    action = forms.ChoiceField(
        label="操作", choices=[("", "すべて"), *ACTIONS.items()], required=False
    )
    object_type = forms.ChoiceField(
        label="対象の種類", choices=[("", "すべて"), *OBJECT_TYPES.items()], required=False
    )
    object_id = forms.CharField(label="対象ID", required=False, max_length=64)
    date_from = JapaneseDateField(label="期間（から）", required=False)
    date_to = JapaneseDateField(label="期間（まで）", required=False)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "終わりの日付は始まりの日付以降にしてください。")
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", "対象IDで絞り込むときは対象の種類も選んでください。")
        return data

    def describe(self) -> dict[str, str]:
        """The filters used, as plain strings, for the audit row of the search itself."""
        return {
            name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")
        }
