"""The dashboard: one page, the variant of the user's role (`access.dashboard_variant`; `?view=`
chooses among several), for a fiscal year (`?year=`). Counts only, no record is listed, so
nothing is audited here; the lists behind a number are the indicator pages' (audited there)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.access import DashboardVariant
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.models import User
from kasane.core.filters import read_fiscal_year
from kasane.core.japanese import fiscal_year_label, fiscal_year_range
from kasane.dashboard import selectors
from kasane.plan.indicator_selectors import CHART_BAR, CHART_GAP, CHART_HEIGHT

VARIANT_LABELS = {
    DashboardVariant.CITY: "市全体",
    DashboardVariant.TOTALS: "市全体の件数",
    DashboardVariant.ORGANIZATION: "自機関の実績",
    DashboardVariant.COMMUNITY: "地域づくり",
}


def _city(user: User, year: int, *, drill_down: bool) -> dict[str, Any]:
    indicators = selectors.indicators_by_code()
    trends = selectors.trends(year, indicators)
    programs = selectors.city_programs(year, indicators, trends)
    counted = {figure.entry.code: figure.value for p in programs for figure in p.figures}
    progress = selectors.progress(year, counted)
    return {
        "programs": programs,
        "progress": progress,
        "progress_chart": selectors.progress_chart(progress),
        "trends": trends,
        "drill_down": drill_down,
        "month_chart": {
            "width": CHART_GAP + 12 * (CHART_BAR + CHART_GAP),
            "height": CHART_HEIGHT + 40,
            "baseline": CHART_HEIGHT + 10,
        },
    }


def _organization(user: User, year: int) -> dict[str, Any]:
    return {
        "programs": selectors.visible_programs(user, year),
        "workload": selectors.workload(user),
        "organization": user.organization,
    }


def _community(user: User, year: int) -> dict[str, Any]:
    return {"community": selectors.community_dashboard(user, year)}


def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    variant = access.dashboard_variant(request.user, request.GET.get("view"))
    year, context = read_fiscal_year(request)
    context |= {
        "variant": variant.value,
        "variants": [
            (choice.value, VARIANT_LABELS[choice])
            for choice in access.dashboard_variants(request.user)
        ],
    }
    if year is not None:
        user = request.user
        first, last = fiscal_year_range(year)
        context |= {
            "year": year,
            "year_label": fiscal_year_label(year),
            "first": first,
            "last": last,
        }
        if variant == DashboardVariant.CITY:
            context |= _city(user, year, drill_down=True)
        elif variant == DashboardVariant.TOTALS:
            context |= _city(user, year, drill_down=False)
        elif variant == DashboardVariant.ORGANIZATION:
            context |= _organization(user, year)
        else:
            context |= _community(user, year)
    return render(request, "dashboard/home.html", context)
