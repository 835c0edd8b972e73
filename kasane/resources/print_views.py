"""Printouts of the directory to hand to a resident: one resource on A4, and a filtered list
(at most `PRINT_LIMIT` resources, saying so when more matched). They hold no personal data
but are audited like every printout, for those who may read the directory (404 otherwise).
An invalid filter prints nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core import pdf
from kasane.core.filters import read_filters, refuse_export
from kasane.core.japanese import wareki
from kasane.resources import selectors
from kasane.resources.forms import DirectoryFilterForm

PRINT_LIMIT = 60


def _frame(subject: str) -> pdf.PrintFrame:
    today = wareki(timezone.localdate())
    return pdf.PrintFrame(
        subject=subject,
        header=f"デモ市の社会資源　{today}",
        mark="",
        footer_mark="内容は変わることがあります。お出かけ前にお問い合わせください",
    )


def _render(
    request: AuthenticatedHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    subject: str,
    back: str,
) -> bytes | HttpResponse:
    context = {
        **context,
        "printed_at": timezone.now(),
        "printed_by": request.user,
        "today": timezone.localdate(),
    }
    try:
        return pdf.render_pdf(template, context, frame=_frame(subject), request=request)
    except pdf.PdfUnavailable as error:
        return pdf.unavailable_response(request, error, back_url=back, back_label="社会資源に戻る")


def service_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user(request.user, pk)
    context = {
        "service": service,
        "page": selectors.service_page(service),
        "categories": selectors.categories_of(service),
    }
    back = reverse("resources:detail", args=[service.pk])
    content = _render(
        request, "resources/print/service.html", context, subject=service.name, back=back
    )
    if isinstance(content, HttpResponse):
        return content
    audit_standalone(actor=request.user, action="resource.print", target=service)
    return pdf.pdf_response(content, filename=f"resource-{service.pk}.pdf")


def _conditions(form: DirectoryFilterForm, values: dict[str, Any]) -> list[str]:
    shown = []
    for name, value in values.items():
        field = form.fields.get(name)
        if field is None or value in (None, "", False) or (name == "status" and value == "active"):
            continue
        if isinstance(field, forms.BooleanField):
            text = "はい"
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            text = str(dict(field.choices).get(str(value), value))  # type: ignore[arg-type]
        else:
            text = str(value)
        shown.append(f"{field.label}：{text}")
    return shown


def list_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.resource_reader(request.user)
    filters = read_filters(request, DirectoryFilterForm)
    if filters.values is None:
        return refuse_export(request, "resources:directory")
    services = selectors.with_rows(selectors.search(request.user, filters.values))
    rows = list(services.order_by(*selectors.LIST_ORDER)[: PRINT_LIMIT + 1])
    shown = rows[:PRINT_LIMIT]
    context = {
        "services": shown,
        "is_cut": len(rows) > PRINT_LIMIT,
        "limit": PRINT_LIMIT,
        "conditions": _conditions(filters.form, filters.values),
    }
    query = request.GET.urlencode()
    back = reverse("resources:directory") + (f"?{query}" if query else "")
    content = _render(
        request, "resources/print/list.html", context, subject="社会資源の一覧", back=back
    )
    if isinstance(content, HttpResponse):
        return content
    audit_standalone(
        actor=request.user,
        action="resource.print",
        details={"criteria": selectors.criteria(filters.values), "shown": len(shown)},
    )
    return pdf.pdf_response(content, filename=f"resources-{timezone.localdate():%Y%m%d}.pdf")
