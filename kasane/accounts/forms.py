from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.core.filters import FilterForm
from kasane.core.forms import CHECK_INPUT, VersionedPlainForm
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import Organization


class LoginForm(AuthenticationForm):
    error_summary = CHECK_INPUT  # a refused sign-in saves nothing that could be lost
    error_messages = {
        "invalid_login": "ユーザー名またはパスワードが正しくありません。",
        "inactive": "このアカウントは無効です。管理者に連絡してください。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ユーザー名"
        self.fields["password"].label = "パスワード"


def _organization_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="所属機関",
        queryset=Organization.objects.active(),
        empty_label="選んでください",
    )


def _roles_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="役割",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="複数選べます。",
        error_messages={"required": "役割を1つ以上選んでください。"},
    )


class UserCreateForm(SubmittedOnce, forms.Form):
    username = forms.CharField(
        label="ユーザー名",
        max_length=30,
        help_text="半角の英字・数字と . _ - で3〜30文字（例: tanaka.h）",
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9._-]{3,30}\Z",
                "ユーザー名は半角の英字・数字と . _ - で、3〜30文字で入力してください。",
            )
        ],
        error_messages={"max_length": "ユーザー名は30文字以内で入力してください。"},
    )
    full_name = forms.CharField(label="氏名", max_length=100)
    organization = _organization_field()
    roles = _roles_field()
    email = forms.EmailField(label="メールアドレス", required=False)
    password = forms.CharField(
        label="初期パスワード",
        widget=forms.PasswordInput(render_value=False),
        help_text="10文字以上。本人に安全な方法で伝え、初回ログイン後に変更してもらってください。",
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username.field.run_validators(username)
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("このユーザー名は既に使われています。")
        return username


class UserEditForm(VersionedPlainForm):
    full_name = forms.CharField(label="氏名", max_length=100)
    organization = _organization_field()
    roles = _roles_field()
    email = forms.EmailField(label="メールアドレス", required=False)
    is_active = forms.BooleanField(label="有効（ログインできる）", required=False)


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label="新しいパスワード", widget=forms.PasswordInput, help_text="10文字以上。"
    )


class UserFilterForm(FilterForm):
    q = forms.CharField(label="ユーザー名・氏名", required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label="所属機関",
        queryset=Organization.objects.order_by("kind", "kana", "name"),
        required=False,
        empty_label="すべて",
    )
    role = forms.ChoiceField(label="役割", choices=[("", "すべて"), *Role.choices], required=False)
    active = forms.ChoiceField(
        label="状態", choices=[("", "すべて"), ("1", "有効"), ("0", "無効")], required=False
    )


class SecondStepForm(forms.Form):
    """The second step of a login: a code from the authenticator app or a backup code."""

    error_summary = CHECK_INPUT
    code = forms.CharField(
        label="確認コード",
        max_length=30,
        help_text="認証アプリに表示されている6桁の数字。スマートフォンが手元にないときは、"
        "バックアップコード（8文字）を1つ入力できます。",
        error_messages={"required": "確認コードを入力してください。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class AppCodeForm(forms.Form):
    """A code from the authenticator app (to confirm an enrolment, or renew backup codes)."""

    code = forms.CharField(
        label="認証アプリに表示されている6桁の数字",
        max_length=30,
        error_messages={"required": "確認コードを入力してください。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
