from __future__ import annotations

from django import forms

from kasane.core.forms import KeepsVersion, VersionField
from kasane.core.submissions import SubmittedOnce
from kasane.intake.models import IssueCode


class IssueCodeForm(SubmittedOnce, forms.Form):
    """The issue checklist item an admin adds or edits. A plain form, not a ModelForm: the
    duplicate-name rule is the service's, and the record is changed only by the service."""

    name = forms.CharField(
        label="名称",
        max_length=IssueCode._meta.get_field("name").max_length,
        error_messages={
            "required": "名称を入力してください。",
            "max_length": "名称は%(limit_value)d文字以内で入力してください。",
        },
    )
    sort_order = forms.IntegerField(
        label="表示順",
        min_value=0,
        max_value=2_147_483_647,  # what the column holds on every database
        help_text="小さい数ほど上に並びます。間に入れやすいよう10刻みにしています。",
        error_messages={
            "required": "表示順を数字で入力してください。",
            "invalid": "表示順は数字で入力してください。",
            "min_value": "表示順は0以上の数字で入力してください。",
            "max_value": "表示順は%(limit_value)s以下の数字で入力してください。",
        },
    )


class IssueCodeEditForm(KeepsVersion, IssueCodeForm):
    loaded_at = VersionField()

    def creates(self) -> bool:
        return False

    is_active = forms.BooleanField(
        label="使用中",
        required=False,
        help_text=(
            "印を外すと使用停止になり、新しい相談受付では選べなくなります。"
            "これまでの相談受付に付いている項目は、そのまま残ります。"
        ),
    )
