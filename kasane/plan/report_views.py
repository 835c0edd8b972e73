"""国への報告: a fiscal year's figures per program with their definitions, and their Excel in
the city's layout (`report_layout`). Coordinators and admins only (404 for everyone else); the
figures are counts, no personal data, so a password is offered for the Excel, never required.
The page and the export are audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core import xlsx
from kasane.core.filters import read_fiscal_year, refuse_export
from kasane.core.japanese import fiscal_year_label
from kasane.plan.report_layout import LayoutError, load_layout, report_xlsx
from kasane.plan.state_report import state_report
from kasane.plan.views import counts_export


def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.plan_keeper(request.user)
    year, context = read_fiscal_year(request)
    if year is not None:
        audit_standalone(actor=request.user, action="plan.report", details={"fiscal_year": year})
        figures = state_report(year)
        context |= {"year": year, "year_label": fiscal_year_label(year), "report": figures}
    return render(request, "plan/report.html", context)


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def report_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's figures in the layout's template, and the 定義 sheet; a GET, or a refused
    password, shows the password form. A layout in error exports nothing and says why."""
    access.plan_keeper(request.user)
    year, _context = read_fiscal_year(request)
    if year is None:
        return refuse_export(request, "plans:report")
    try:
        layout = load_layout()
    except LayoutError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(f"{reverse('plans:report')}?year={year}")
    return counts_export(
        request,
        year,
        page="plans:report",
        what="国への報告",
        action="plan.report_export",
        filename="state-report",
        build=lambda: report_xlsx(state_report(year), layout, made_on=timezone.localdate()),
        details={"layout": str(layout.directory)},
    )
