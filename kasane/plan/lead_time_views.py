"""Where people wait (lead times): the year's page — per program, each measure's count, median,
quartiles and share over a limit the user chooses, and the records still waiting — and the
drill-down list of a measure's records, and the page's numbers as Excel (counts only: a password
is offered, never required). Coordinators and admins (404 for everyone else); the list follows
the record rules of its kind, so admins, who see no case content, get the numbers and a sentence
instead."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core import xlsx
from kasane.core.filters import read_fiscal_year, refuse_export
from kasane.core.http import int_param
from kasane.core.japanese import fiscal_year_label
from kasane.core.pagination import query_without_page
from kasane.plan import lead_times
from kasane.plan.lead_time_excel import lead_times_xlsx
from kasane.plan.lead_times import MEASURES, Measure
from kasane.plan.views import counts_export

MAX_LIMIT = 3650


def _limit(request: HttpRequest, measure: Measure) -> int:
    """The limit of `?limit_<code>=` (whole days, up to ten years), else the measure's default."""
    value = int_param(request.GET.get(f"limit_{measure.code}"))
    return value if value is not None and value <= MAX_LIMIT else measure.default_limit


def _limits(request: HttpRequest) -> dict[str, int]:
    return {measure.code: _limit(request, measure) for measure in MEASURES}


def lead_time_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.plan_keeper(request.user)
    year, context = read_fiscal_year(request)
    if year is not None:
        rows = lead_times.overview(year, _limits(request))
        programs = [
            (program, [row for row in rows if row.measure.program == program])
            for program in lead_times.PROGRAMS
        ]
        context |= {
            "year": year,
            "year_label": fiscal_year_label(year),
            "programs": programs,
            "rows": rows,
            "limits": "&".join(f"limit_{row.measure.code}={row.limit}" for row in rows),
            "chart_width": lead_times.CHART_WIDTH,
            "chart_left": lead_times.CHART_LEFT,
            "chart_right": lead_times.CHART_RIGHT,
        }
    return render(request, "plan/lead_times.html", context)


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def lead_time_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page's numbers (its year and limits, from the query string) and the definitions as
    Excel; a GET, or a refused password, shows the password form."""
    access.plan_keeper(request.user)
    year, _context = read_fiscal_year(request)
    if year is None:
        return refuse_export(request, "plans:lead_times")
    limits = _limits(request)
    return counts_export(
        request,
        year,
        page="plans:lead_times",
        what="待ち時間",
        action="plan.lead_times_export",
        filename="lead-times",
        build=lambda: lead_times_xlsx(
            lead_times.overview(year, limits), year_label=fiscal_year_label(year)
        ),
        details={"limits": limits},
    )


def lead_time_records(request: AuthenticatedHttpRequest, measure: str) -> HttpResponse:
    """A measure's records of the year that the user may see: the longest first, or only those
    over the limit (`over=1`), or those still waiting (`waiting=1`)."""
    access.plan_keeper(request.user)
    chosen = lead_times.BY_CODE.get(measure)
    if chosen is None:
        raise Http404
    year, context = read_fiscal_year(request)
    if year is None:
        return render(request, "plan/lead_time_records.html", context | {"measure": chosen})
    limit = _limit(request, chosen)
    over, waiting = request.GET.get("over") == "1", request.GET.get("waiting") == "1"
    found = lead_times.timings(chosen, year)
    wanted = lead_times.listed(found, limit, over=over, waiting=waiting)
    context |= {
        "measure": chosen,
        "year": year,
        "year_label": fiscal_year_label(year),
        "limit": limit,
        "over": over,
        "waiting": waiting,
        "summary": lead_times.summarise(found, limit),
        "total": len(wanted),
        "page": None,
        "query": query_without_page(request),
    }
    try:
        readable = chosen.readable(request.user)
    except Http404:
        return render(request, "plan/lead_time_records.html", context)
    context |= _page(request, chosen, readable, wanted, year)
    return render(request, "plan/lead_time_records.html", context)


def _page(
    request: AuthenticatedHttpRequest,
    measure: Measure,
    readable: Any,
    wanted: list[lead_times.Timing],
    year: int,
) -> dict[str, Any]:
    """One page of the records the user may see, audited with the people it shows."""
    measured = measure.records(year).values("pk")
    visible = set(readable.filter(pk__in=measured).values_list("pk", flat=True))
    shown = [timing for timing in wanted if timing.pk in visible]
    page = Paginator(shown, settings.KASANE_PAGE_SIZE).get_page(request.GET.get("page"))
    records = readable.in_bulk([timing.pk for timing in page.object_list])
    lines = [(timing, measure.row(records[timing.pk])) for timing in page.object_list]
    audit_standalone(
        actor=request.user,
        action="plan.lead_time_records",
        details={
            "measure": measure.code,
            "fiscal_year": year,
            "page": page.number,
            "shown": len(lines),
        },
        people=[measure.person(records[timing.pk]) for timing in page.object_list],
    )
    return {"page": page, "lines": lines, "visible_total": len(shown)}
