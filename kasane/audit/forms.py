from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from kasane.audit.actions import ACTIONS, OBJECT_TYPES
from kasane.audit.unusual import CATEGORIES
from kasane.core.forms import CHECK_INPUT, JapaneseDateField
from kasane.core.japanese import wareki
from kasane.organizations.models import Organization

# Every search reads a bounded period of the trail (ten million rows at city scale): the last
# 30 days unless the auditor chooses, and at most a year.
DEFAULT_DAYS = 30


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


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
    # The weekly unusual access links each count here (`kasane.audit.unusual`).
    category = forms.ChoiceField(
        label="不審なアクセスの区分",
        choices=[("", "すべて"), *CATEGORIES.items()],
        required=False,
    )
    date_from = JapaneseDateField(
        label="期間（から）", required=False, help_text="空欄なら、終わりの日までの30日間"
    )
    date_to = JapaneseDateField(label="期間（まで）", required=False, help_text="空欄なら今日")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if "date_from" not in self.errors and "date_to" not in self.errors:
            start, end = self._period(start, end)
            if start > end:
                self.add_error("date_to", "終わりの日付は始まりの日付以降にしてください。")
            elif end > _a_year_after(start):
                self.add_error("date_from", "期間は1年以内にしてください。")
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", "対象IDで絞り込むときは対象の種類も選んでください。")
        return data

    def _period(self, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
        """The period searched: what the auditor typed, the rest filled in (up to today, 30
        days long) and shown in the form, so the page says which period it lists."""
        end = end or timezone.localdate()
        start = start or end - dt.timedelta(days=DEFAULT_DAYS - 1)
        self.cleaned_data.update(date_from=start, date_to=end)
        shown = dict(self.data.items())  # the filters are one value each
        self.data = {**shown, "date_from": wareki(start), "date_to": wareki(end)}
        return start, end

    def describe(self) -> dict[str, str]:
        """The filters used, as plain strings, for the audit row of the search itself."""
        return {
            name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")
        }


class UnusualWeekForm(forms.Form):
    """The week of the unusual-access list: the Monday–Sunday week holding the day typed, the
    last full week when empty."""

    error_summary = CHECK_INPUT
    week = JapaneseDateField(
        label="週（この日を含む月曜日から日曜日）",
        required=False,
        help_text="空欄なら先週。例: 令和7年4月7日",
    )

    def clean_week(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("week")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("今日までの日付を入れてください。")
        return day
