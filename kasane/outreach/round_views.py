"""Planning a day's visits: the filtered watch list as an A4 訪問予定表 (PDF) to carry on the
round, and as an Excel file (protected with a password the user types, `core.xlsx`). Both take
the list's filters and order, are for those who may read the list (404 for everyone else),
never unmask a restricted address, are bounded
(`PRINT_LIMIT`, `exports.EXPORT_LIMIT` rows, saying so when more matched) and are audited
with the people they name. An invalid filter prints and exports nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone, criteria_used
from kasane.core import pdf, xlsx
from kasane.core.filters import read_filters, refuse_export
from kasane.core.japanese import wareki
from kasane.outreach import exports, selectors
from kasane.outreach.forms import TargetFilterForm

# The rows a 訪問予定表 holds: a day's round, not the whole list.
PRINT_LIMIT = 200


def _conditions(form: TargetFilterForm, values: dict[str, Any]) -> list[str]:
    """The filters as the sheet states them: 「段階：見守り中（終了以外）」…"""
    shown = []
    for name, value in values.items():
        field = form.fields.get(name)
        if field is None or value in (None, ""):
            continue
        if isinstance(field, forms.ModelChoiceField):
            text = getattr(value, "full_name", None) or str(value)
        else:
            text = str(dict(getattr(field, "choices", [])).get(value, value))
        shown.append(f"{field.label}：{text}")
    return shown


def _audit(
    request: AuthenticatedHttpRequest,
    action: str,
    values: dict[str, Any],
    sheet: Any,
    protected: dict[str, bool] | None = None,
) -> None:
    audit_standalone(
        actor=request.user,
        action=action,
        details={
            "criteria": criteria_used(values),
            "sort": values.get("sort") or "next",
            **sheet.for_audit(),
            **(protected or {}),
        },
        people=sheet.people,
    )


def _sheet(
    request: AuthenticatedHttpRequest, values: dict[str, Any], limit: int
) -> selectors.RoundSheet:
    targets = selectors.target_list(request.user, values)
    return selectors.round_sheet(
        request.user, targets, sort=values.get("sort") or "next", limit=limit
    )


def round_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.outreach_targets_for_user(request.user)  # 404 for those who may not read the list
    filters = read_filters(request, TargetFilterForm, user=request.user)
    if filters.values is None:
        return refuse_export(request, "outreach:list")
    sheet = _sheet(request, filters.values, PRINT_LIMIT)
    today = timezone.localdate()
    context = {
        "sheet": sheet,
        "conditions": _conditions(filters.form, filters.values),
        "limit": PRINT_LIMIT,
        "today": today,
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
    frame = pdf.PrintFrame(
        subject=wareki(today),
        header=f"{wareki(today)}",
        mark="個人情報・取扱注意",
        footer_mark="個人情報・取扱注意　訪問後は回収",
    )
    try:
        content = pdf.render_pdf("outreach/print/round.html", context, frame=frame, request=request)
    except pdf.PdfUnavailable as error:
        query = request.GET.urlencode()
        return pdf.unavailable_response(
            request,
            error,
            back_url=reverse("outreach:list") + (f"?{query}" if query else ""),
            back_label="アウトリーチ対象の一覧に戻る",
        )
    _audit(request, "outreach.print", filters.values, sheet)
    return pdf.pdf_response(content, filename=f"outreach-round-{today:%Y%m%d}.pdf")


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def list_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Excel file of the filtered list; a GET, or a refused password, shows the password
    form, and the file comes from its POST."""
    access.outreach_targets_for_user(request.user)
    filters = read_filters(request, TargetFilterForm, user=request.user)
    if filters.values is None:
        return refuse_export(request, "outreach:list")
    password = xlsx.export_password_form(request, personal=True)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title="アウトリーチ対象の一覧を Excel で出力",
            back_to="outreach:list",
            back_label="アウトリーチ対象の一覧に戻る",
        )
    sheet = _sheet(request, filters.values, exports.EXPORT_LIMIT)
    content = exports.workbook(sheet)
    _audit(request, "outreach.export", filters.values, sheet, protected=password.for_audit())
    return xlsx.xlsx_response(
        content,
        filename=f"outreach-{timezone.localdate():%Y%m%d}.xlsx",
        password=password.file_password,
    )
