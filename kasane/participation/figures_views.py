"""参加支援の実績: a fiscal year's figures (`figures.participation_figures`), for coordinators
(`access.may_see_participation_figures`), 404 for everyone else; every view
audited."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.filters import read_fiscal_year
from kasane.core.japanese import fiscal_year_label
from kasane.participation.figures import participation_figures


def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_see_participation_figures(request.user):
        raise Http404
    year, context = read_fiscal_year(request)
    if year is not None:
        audit_standalone(
            actor=request.user, action="participation.figures", details={"fiscal_year": year}
        )
        context |= {"year_label": fiscal_year_label(year), "figures": participation_figures(year)}
    return render(request, "participation/figures.html", context)
