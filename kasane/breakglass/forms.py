from __future__ import annotations

from django import forms

from kasane.breakglass.models import Verdict
from kasane.breakglass.services import REASON_MIN_LENGTH
from kasane.core.forms import JapaneseDateField

WARNING = "閲覧は記録され、監査担当者が確認します"


class BreakGlassRequestForm(forms.Form):
    error_summary = "入力内容を確認してください。閲覧はまだ始まっていません。"
    name = forms.CharField(
        label="氏名（またはフリガナ）",
        max_length=50,
        help_text="姓と名の両方。例: 鈴木 ハナ、スズキ ハナ",
        error_messages={"required": "氏名（またはフリガナ）を入力してください。"},
    )
    birth_date = JapaneseDateField(
        label="生年月日", error_messages={"required": "生年月日を入力してください。"}
    )
    reason = forms.CharField(
        label="理由（今すぐ必要なわけ）",
        max_length=1000,
        min_length=REASON_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例: 夜間に本人の家族から連絡があり、安否確認に向かうため",
        error_messages={
            "required": "理由を書いてください。",
            "min_length": f"理由を{REASON_MIN_LENGTH}文字以上で具体的に書いてください。",
        },
    )
    confirm = forms.BooleanField(
        label=f"{WARNING}。",
        error_messages={"required": f"「{WARNING}」ことを確認して、チェックを入れてください。"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < REASON_MIN_LENGTH:
            raise forms.ValidationError(
                f"理由を{REASON_MIN_LENGTH}文字以上で具体的に書いてください。"
            )
        return reason


class ReviewForm(forms.Form):
    error_summary = "入力内容を確認してください。確認はまだ記録されていません。"
    verdict = forms.ChoiceField(
        label="確認の結果",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "確認の結果（適切・要確認）を選んでください。",
            "invalid_choice": "確認の結果（適切・要確認）を選んでください。",
        },
    )
    note = forms.CharField(
        label="メモ",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="要確認のときは必須です（何を確かめるか）。",
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("verdict") == Verdict.NEEDS_FOLLOW_UP and not data.get("note", "").strip():
            self.add_error("note", "要確認のときは、確認することをメモに書いてください。")
        return data
