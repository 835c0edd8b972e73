"""アウトリーチの実績: a fiscal year's figures (`figures.outreach_figures`), for coordinators and
admins (`access.may_see_outreach_figures`), 404 for everyone else; every view audited."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.filters import read_fiscal_year
from kasane.core.japanese import fiscal_year_label
from kasane.outreach.figures import outreach_figures


def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_see_outreach_figures(request.user):
        raise Http404
    year, context = read_fiscal_year(request)
    if year is not None:
        audit_standalone(
            actor=request.user, action="outreach.figures", details={"fiscal_year": year}
        )
        found = outreach_figures(year)
        context |= {
            "year_label": fiscal_year_label(year),
            "figures": found,
            "durations": [
                ("初めて会えるまで", found.to_contact),
                ("相談・支援につながるまで", found.to_connection),
            ],
        }
    return render(request, "outreach/figures.html", context)
