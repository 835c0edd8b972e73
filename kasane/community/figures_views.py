"""地域づくりの実績 (`figures.community_figures`): every community reader sees the year's figures
(counts of community records, no personal data) and may download them as Excel (a password
may protect the file); referrers, auditors and guests get 404. Every view audited."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community.figures import community_figures
from kasane.community.figures_exports import workbook
from kasane.core import xlsx
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


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def figures_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's figures as Excel (counts, no personal data: a password is offered, never
    required); a GET, or a refused password, shows the password form."""
    access.community_reader(request.user)
    year, _context = read_fiscal_year(request)
    if year is None:
        return refuse_export(request, "community:figures")
    password = xlsx.export_password_form(request, personal=False)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title=f"地域づくりの実績（{fiscal_year_label(year)}）を Excel で書き出す",
            back_to="community:figures",
            back_label="地域づくりの実績に戻る",
        )
    content = workbook(community_figures(year), fiscal_year_label(year))
    audit_standalone(
        actor=request.user,
        action="community.figures_export",
        details={"fiscal_year": year, **password.for_audit()},
    )
    return xlsx.xlsx_response(
        content, filename=f"community-figures-{year}.xlsx", password=password.file_password
    )
