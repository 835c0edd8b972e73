"""地域づくりの実績 (`figures.community_figures`): every community reader sees the year's figures
(counts of community records, no personal data) and may download them as Excel; referrers,
auditors and guests get 404. Every view audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community.figures import community_figures
from kasane.community.figures_exports import XLSX, workbook
from kasane.core.filters import read_fiscal_year, refuse_export
from kasane.core.japanese import fiscal_year_label


def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.community_reader(request.user)
    year, context = read_fiscal_year(request)
    if year is not None:
        audit_standalone(
            actor=request.user, action="community.figures", details={"fiscal_year": year}
        )
        context |= {"year_label": fiscal_year_label(year), "figures": community_figures(year)}
    return render(request, "community/activities_figures.html", context)


def figures_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.community_reader(request.user)
    year, _context = read_fiscal_year(request)
    if year is None:
        return refuse_export(request, "community:figures")
    content = workbook(community_figures(year), fiscal_year_label(year))
    audit_standalone(
        actor=request.user, action="community.figures_export", details={"fiscal_year": year}
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="community-figures-{year}.xlsx"'
    return response
