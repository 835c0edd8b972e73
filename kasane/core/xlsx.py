"""Excel downloads, each protectable with a password the user types (issue 19).

Every Excel export answers through the same three pieces:

- `ExportPasswordForm` (the password and its confirmation), rendered by the partial
  `core/_export_password.html`, in a fold on the list (`{% excel_export %}`, tag library
  `exports`) and on the page `core/export_password.html` that a GET of the export, or a refused
  password, shows;
- `password_page(...)`: that page, with the form's messages;
- `xlsx_response(content, filename=..., password=...)`: the download, encrypted (ECMA-376 agile
  encryption, AES-256, which Excel and LibreOffice open by asking for the password) when a
  password was given.

An export view reads `form = export_password_form(request, personal=...)`; unless
`form.is_valid()` it answers `password_page(...)`, and otherwise it builds the workbook, audits
with `**form.for_audit()` (`{"protected": true/false}`) and answers
`xlsx_response(content, filename=..., password=form.file_password)`.

`KASANE_EXPORT_PASSWORD_REQUIRED` makes the password required for the exports of personal
data (`personal=True`). The password travels only in a POST body — never in a URL, which
proxies, server logs and the browser's history keep —, is marked sensitive for Django's error
reports (`sensitive_post_parameters(*PASSWORD_FIELDS)` on every export view) and is never
stored, logged or audited.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.views.decorators.debug import sensitive_variables
from msoffcrypto.format.ooxml import OOXMLFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
PASSWORD_FIELDS = ("password", "password_confirm")

PASSWORD_MISSING = (
    "パスワードを入力してください。個人情報を含む Excel は、パスワードで保護して出力します。"
)
PASSWORD_TOO_SHORT = f"パスワードは{PASSWORD_MIN_LENGTH}文字以上にしてください。"
PASSWORD_TOO_LONG = f"パスワードは{PASSWORD_MAX_LENGTH}文字以内にしてください。"
PASSWORD_MISMATCH = "確認のパスワードが一致しません。同じパスワードをもう一度入力してください。"
NOT_EXPORTED = "パスワードを確認してください。まだ出力していません。"


class ExportPasswordForm(forms.Form):
    """The password of one download; empty means unprotected unless `required`."""

    error_summary = NOT_EXPORTED

    password = forms.CharField(
        label="Excel のパスワード",
        required=False,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"required": PASSWORD_MISSING, "max_length": PASSWORD_TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="Excel のパスワード（確認）",
        required=False,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        error_messages={"max_length": PASSWORD_TOO_LONG},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, required: bool, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "export_%s")
        super().__init__(*args, **kwargs)
        # Required: the 必須 mark, and PASSWORD_MISSING for an empty password. The confirmation
        # is checked in clean(), so that an empty form gets one message, not two.
        self.fields["password"].required = required
        self.fields["password"].help_text = (
            f"{PASSWORD_MIN_LENGTH}文字以上。Excel で開くときに必要です。Kasane には残らないので、"
            "忘れると開けません。受け取る人には、ファイルとは別の方法で伝えてください。"
            + ("" if required else "空欄なら保護せずに出力します。")
        )

    def clean_password(self) -> str:
        password: str = self.cleaned_data.get("password") or ""
        if password and len(password) < PASSWORD_MIN_LENGTH:
            raise forms.ValidationError(PASSWORD_TOO_SHORT, code="password_too_short")
        return password

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password and cleaned.get("password_confirm", "") != password:
            self.add_error("password_confirm", PASSWORD_MISMATCH)
        return cleaned

    @property
    def file_password(self) -> str:
        """The password typed ("" when none); read only after `is_valid()`."""
        return str(self.cleaned_data.get("password") or "")

    def for_audit(self) -> dict[str, bool]:
        """What the audit row records: whether the file was protected, never the password."""
        return {"protected": bool(self.file_password)}


def password_required(*, personal: bool) -> bool:
    """Whether a download must be protected: exports of personal data, where the setting says
    so (on by default in production). An export without personal data (the directory of
    社会資源, the year's counts of 地域づくり) may be protected, never must."""
    return personal and settings.KASANE_EXPORT_PASSWORD_REQUIRED


def export_password_form(request: HttpRequest, *, personal: bool) -> ExportPasswordForm:
    """The form of an export view: bound to the POST, unbound on a GET (which shows the page)."""
    data = request.POST if request.method == "POST" else None
    return ExportPasswordForm(data, required=password_required(personal=personal))


def password_page(
    request: HttpRequest,
    form: ExportPasswordForm,
    *,
    title: str,
    back_to: str,
    back_label: str,
) -> HttpResponse:
    """The export's own page: the password form posting to the same URL (its query string,
    the list's filters, kept), and a way back to `back_to` (a URL name) with the same query.
    A refused password answers 400 with the form's messages; nothing was exported."""
    query = request.GET.urlencode()
    context = {
        "title": title,
        "export_form": form,
        "export_action": request.path + (f"?{query}" if query else ""),
        "back_url": resolve_url(back_to) + (f"?{query}" if query else ""),
        "back_label": back_label,
    }
    return render(
        request, "core/export_password.html", context, status=400 if form.is_bound else 200
    )


@sensitive_variables("password")
def encrypt(content: bytes, password: str) -> bytes:
    """The workbook encrypted with `password` (a file Excel opens only with it)."""
    output = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, output)
    return output.getvalue()


@sensitive_variables("password")
def xlsx_response(content: bytes, *, filename: str, password: str = "") -> HttpResponse:
    """The download of a workbook's bytes (`openpyxl`'s `Workbook.save` to a BytesIO),
    encrypted when `password` is given."""
    body = encrypt(content, password) if password else content
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
