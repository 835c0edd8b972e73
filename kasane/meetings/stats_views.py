"""会議の実績: the fiscal year's meetings held by kind, the cases they discussed and their
decisions, as the national reporting counts them (DOMAIN.md §4 "Plan and evaluation"). The
numbers fall out of confirmed minutes; for coordinators, 404 for everyone else."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.filters import read_fiscal_year
from kasane.core.japanese import fiscal_year_label
from kasane.meetings import selectors


def meeting_stats(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.oversees_meetings(request.user):
        raise Http404
    year, context = read_fiscal_year(request)
    if year is not None:
        counts = selectors.year_counts(year)
        audit_standalone(actor=request.user, action="meeting.stats", details={"fiscal_year": year})
        context |= {
            "year": year,
            "year_label": fiscal_year_label(year),
            "counts": counts,
            "total_items": sum(row["items"] for row in counts.rows),
            "total_decisions": sum(n for _label, n in counts.decisions),
        }
    return render(request, "meetings/stats.html", context)
