from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from kasane.accounts.models import User
from kasane.core.filters import FilterForm
from kasane.core.forms import (
    JapaneseDateField,
    ModelMultipleChoiceField,
    VersionedForm,
    clean_furigana,
    field_of,
)
from kasane.core.submissions import SubmittedOnce
from kasane.intake.models import (
    Consultation,
    ConsulterRelation,
    IssueCode,
    Outcome,
    ReferralConsent,
    ReferralKind,
    ReferralOutcome,
    ReferralStatus,
    Route,
    Urgency,
    UrgentSign,
)
from kasane.organizations.models import Organization
from kasane.people.models import Household

URGENT_HELP = (
    "どれかに当てはまれば緊急として扱い、"
    "確認されるまでコーディネーターと受付機関のホームに表示されます。"
)


class IssueChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: IssueCode) -> str:
        return obj.name


class ConsultationForm(SubmittedOnce, VersionedForm):
    """相談受付. The person and household come from the page (chosen before the form)."""

    received_on = JapaneseDateField(label="受付日")
    received_time = forms.TimeField(
        label="受付時刻", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    household = forms.ModelChoiceField(
        label="世帯",
        queryset=Household.objects.none(),
        required=False,
        empty_label="世帯を選ばない",
    )
    issues = IssueChoiceField(
        label="相談内容（課題）",
        queryset=IssueCode.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices choices--columns"}),
        required=False,
        help_text="当てはまるものすべてに印を付けてください。",
    )
    main_issue = forms.ModelChoiceField(
        label="主な課題",
        queryset=IssueCode.objects.none(),
        required=False,
        empty_label="選ばない",
        help_text="印を付けた項目から一つ選びます。一つだけ印を付けたときはそれが主な課題になります。",
    )
    urgent_signs = forms.MultipleChoiceField(
        label="緊急のサイン",
        choices=UrgentSign.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=URGENT_HELP,
    )
    worker = forms.ModelChoiceField(
        label="受付者", queryset=User.objects.none(), required=False, empty_label="自分"
    )
    pass_to = forms.ModelChoiceField(
        label="つなぎ先の機関",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="選んでください",
        help_text="「他機関へつなぐ」ときに選びます。保存するとつなぎ先に届き、その後の状況をこの相談受付から確かめられます。",
    )

    class Meta:
        model = Consultation
        fields = [
            "route",
            "consulter_relation",
            "consulter_name",
            "summary",
            "urgency",
            "consent",
            "outcome",
            "outcome_note",
        ]
        widgets = {
            "route": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "consent": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"consulter_name": "本人以外からの相談のとき。匿名でもかまいません。"}

    field_order = [
        "received_on",
        "received_time",
        "worker",
        "route",
        "consulter_relation",
        "consulter_name",
        "household",
        "summary",
        "issues",
        "main_issue",
        "urgent_signs",
        "urgency",
        "consent",
        "outcome",
        "pass_to",
        "outcome_note",
    ]

    def __init__(self, *args: Any, actor: User, households=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: Consultation = self.instance
        codes = IssueCode.objects.filter(is_active=True)
        if instance.pk:
            # Items switched off since stay on the consultations that used them.
            used = instance.issues.values("code_id")
            codes = IssueCode.objects.filter(is_active=True) | IssueCode.objects.filter(pk__in=used)
        field_of(self, "issues", forms.ModelChoiceField).queryset = codes
        field_of(self, "main_issue", forms.ModelChoiceField).queryset = codes
        worker = field_of(self, "worker", forms.ModelChoiceField)
        worker.queryset = User.objects.filter(
            organization_id=actor.organization_id, is_active=True
        ).order_by("full_name", "pk")
        # A per-form label, as Django allows; the stubs only know the method.
        worker.label_from_instance = lambda user: user.full_name  # type: ignore[method-assign,assignment]
        field_of(
            self, "pass_to", forms.ModelChoiceField
        ).queryset = Organization.objects.active().exclude(pk=actor.organization_id)
        field_of(self, "consulter_relation", forms.ChoiceField).choices = ConsulterRelation.choices
        if households is not None:
            field_of(self, "household", forms.ModelChoiceField).queryset = households
        else:
            del self.fields["household"]
        if instance.pk:
            local = timezone.localtime(instance.received_at)
            self.initial.update(
                received_on=local.date(),
                received_time=local.time().replace(second=0, microsecond=0),
                worker=instance.worker_id,
                issues=[item.code_id for item in instance.issues.all()],
                main_issue=next(
                    (item.code_id for item in instance.issues.all() if item.is_main), None
                ),
                urgent_signs=instance.urgent_signs,
            )
            # The outcome was acted on (a referral may have gone out): it stays.
            for name in ("outcome", "pass_to", "worker"):
                del self.fields[name]
        else:
            now = timezone.localtime()
            self.initial.setdefault("received_on", now.date())
            self.initial.setdefault("received_time", now.time().replace(second=0, microsecond=0))
            self.initial.setdefault("worker", actor.pk)
            self.initial.setdefault("urgency", Urgency.NORMAL)

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        day, time = data.get("received_on"), data.get("received_time")
        if day and time:
            received = timezone.make_aware(dt.datetime.combine(day, time))
            if received > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("received_on", "受付日時が未来です。")
            data["received_at"] = received
        issues = list(data.get("issues") or [])
        main = data.get("main_issue")
        if main is not None and main not in issues:
            self.add_error("main_issue", "主な課題は、印を付けた項目から選んでください。")
        if data.get("outcome") == Outcome.TO_AGENCY and not data.get("pass_to"):
            self.add_error("pass_to", "「他機関へつなぐ」ときは、つなぎ先の機関を選んでください。")
        if data.get("urgent_signs"):
            data["urgency"] = Urgency.URGENT
        return data


class ConsultationFilterForm(FilterForm):
    date_from = JapaneseDateField(label="受付日（から）", required=False, help_text="")
    date_to = JapaneseDateField(label="受付日（まで）", required=False, help_text="")
    route = forms.ChoiceField(
        label="相談経路", choices=[("", "すべて"), *Route.choices], required=False
    )
    outcome = forms.ChoiceField(
        label="対応", choices=[("", "すべて"), *Outcome.choices], required=False
    )
    issue = forms.ModelChoiceField(
        label="課題", queryset=IssueCode.objects.all(), required=False, empty_label="すべて"
    )
    urgent_only = forms.BooleanField(label="緊急のみ", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            # Not an empty list: the dates are the wrong way round.
            self.add_error("date_to", "「まで」の日付が「から」の日付より前です。")
        return data


class SheetForm(SubmittedOnce, forms.Form):
    """つなぐシート: short enough to fill in on a phone in under a minute. Its one-time key
    also goes with the sheet (`sheet_submit` gives the one sheet back for a repeated key)."""

    subject_name = forms.CharField(
        label="本人の氏名", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    subject_kana = forms.CharField(
        label="フリガナ",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    subject_contact = forms.CharField(
        label="連絡先または住所",
        max_length=200,
        help_text="電話番号か住所。わからなければ「不明」と書いてください。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label="気づいたこと",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="例: 市税の滞納が続き、訪問しても応答がない。",
    )
    consent = forms.ChoiceField(
        label="相談窓口から本人に連絡することへの同意",
        choices=ReferralConsent.choices,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label="緊急度",
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
        help_text="命や安全にかかわるおそれがあるときは「緊急」を選び、電話でも連絡してください。",
    )

    def clean_subject_name(self) -> str:
        return " ".join(self.cleaned_data["subject_name"].split())

    def clean_subject_kana(self) -> str:
        return clean_furigana(self.cleaned_data["subject_kana"])


class InboxFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="状態",
        choices=[("open", "未完了"), ("", "すべて"), *ReferralStatus.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label="種類", choices=[("", "すべて"), *ReferralKind.choices], required=False
    )
    overdue_only = forms.BooleanField(label="受理期限を過ぎたもののみ", required=False)
    all_receivers = forms.BooleanField(label="ほかの機関あての分も表示", required=False)


# The sender's list: its tabs, one per status (and 未完了).
STATUS_FILTERS = [("", "すべて"), ("open", "未完了"), *ReferralStatus.choices]


class SentFilterForm(FilterForm):
    status = forms.ChoiceField(label="状態", choices=STATUS_FILTERS, required=False)


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(
        label="結果", choices=ReferralOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="メモ（受け手の記録。送り元には結果だけが伝わります）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="差戻しの理由（送り元に伝わります）",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
