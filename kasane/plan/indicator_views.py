"""成果目標: the list (this year's target vs actual), an indicator's page (target vs actual by
year, the monthly trend as a table and an SVG bar chart), its forms, and the drill-down list of
the records behind an actual. Coordinators and admins (404 for everyone else); the list behind
an actual follows the record rules of its kind, so admins, who see no case content, get the
number without the list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError
from kasane.core.http import int_param
from kasane.core.japanese import fiscal_year_label
from kasane.core.pagination import paginate, query_without_page
from kasane.plan import indicator_selectors as selectors
from kasane.plan import indicator_services as services
from kasane.plan.catalogue import month_spans, year_span
from kasane.plan.indicator_forms import FigureForm, IndicatorForm, YearValueForm
from kasane.plan.models import Indicator
from kasane.plan.views import form_page


def indicator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    indicators = access.indicators_for_user(request.user).prefetch_related("targets", "figures")
    year = selectors.this_year()
    counted: dict[str, int] = {}  # one count per catalogue entry, however many indicators use it
    rows = []
    for indicator in indicators:
        targets = {t.fiscal_year: t.value for t in indicator.targets.all()}
        entry = selectors.entry_of(indicator)
        if entry is not None:
            if entry.code not in counted:
                counted[entry.code] = entry.count(year_span(year))
            actual: int | None = counted[entry.code]
        else:
            figures = {f.fiscal_year: f.value for f in indicator.figures.all()}
            actual = figures.get(year)
        rows.append((indicator, entry, targets.get(year), actual))
    context = {"rows": rows, "year_label": fiscal_year_label(year)}
    return render(request, "plan/indicator_list.html", context)


def _indicator_page(request: AuthenticatedHttpRequest, indicator: Indicator | None) -> HttpResponse:
    form = IndicatorForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "成果目標を保存しました。")
            return redirect("plans:indicator", pk=saved.pk)
    back = reverse("plans:indicator", args=[indicator.pk]) if indicator else None
    return form_page(
        request,
        form,
        title="成果目標を変更する" if indicator else "成果目標を登録する",
        back=back or reverse("plans:indicators"),
        back_label=indicator.label if indicator else "成果目標",
    )


def indicator_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.plan_keeper(request.user)
    return _indicator_page(request, None)


def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _indicator_page(request, access.indicator_for_user(request.user, pk))


def _chosen_year(request: AuthenticatedHttpRequest, indicator: Indicator) -> int:
    year = int_param(request.GET.get("year"))
    current = selectors.this_year()
    years = selectors.years_of(indicator)
    return year if year in years and year <= current else min(current, years[-1])


def indicator_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = access.indicator_for_user(request.user, pk)
    entry = selectors.entry_of(indicator)
    year = _chosen_year(request, indicator)
    bars = selectors.monthly(entry, year) if entry else []
    context = {
        "indicator": indicator,
        "entry": entry,
        "rows": selectors.year_rows(indicator),
        "year": year,
        "year_label": fiscal_year_label(year),
        "bars": bars,
        "breakdowns": [(b, entry.breakdown(b, year_span(year))) for b in entry.breakdowns]
        if entry
        else [],
        "chart_width": selectors.CHART_GAP + 12 * (selectors.CHART_BAR + selectors.CHART_GAP),
        "chart_height": selectors.CHART_HEIGHT + 40,
        "baseline": selectors.CHART_HEIGHT + 10,
        "figures": indicator.figures.select_related("entered_by") if not entry else [],
    }
    return render(request, "plan/indicator_detail.html", context)


def _year_value(request: AuthenticatedHttpRequest, pk: int, *, manual: bool) -> HttpResponse:
    indicator = access.indicator_for_user(request.user, pk)
    if manual and not indicator.is_manual:
        raise Http404
    form_class = FigureForm if manual else YearValueForm
    form = form_class(
        request.POST or None,
        indicator=indicator,
        value_label="実績値" if manual else "目標値",
        initial={"fiscal_year": selectors.this_year()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if manual:
                services.figure_set(actor=request.user, indicator=indicator, **form.cleaned_data)
            else:
                services.target_set(actor=request.user, indicator=indicator, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "実績値を記録しました。" if manual else "目標値を記録しました。"
            )
            return redirect("plans:indicator", pk=indicator.pk)
    return form_page(
        request,
        form,
        title=f"{indicator.label}：{'実績値の入力' if manual else '目標値の記録'}",
        back=reverse("plans:indicator", args=[indicator.pk]),
        back_label=indicator.label,
    )


def indicator_target(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _year_value(request, pk, manual=False)


def indicator_figure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _year_value(request, pk, manual=True)


def indicator_records(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The records behind an actual (a year, or a month of it) that the user may see."""
    indicator = access.indicator_for_user(request.user, pk)
    entry = selectors.entry_of(indicator)
    if entry is None:
        raise Http404
    year = _chosen_year(request, indicator)
    month = int_param(request.GET.get("month"))
    spans = {first.month: (first, last) for first, last in month_spans(year)}
    span = spans[month] if month in spans else year_span(year)
    group = request.GET.get("group", "")
    group_label = entry.group_label(span, group)
    group = group if group_label else ""
    context = {
        "indicator": indicator,
        "entry": entry,
        "year": year,
        "year_label": fiscal_year_label(year),
        "month": month if month in spans else None,
        "group_label": group_label,
        "total": entry.total(entry.of_group(span, group)),
        "listed": entry.of_group(span, group).count() if entry.measure else None,
        "page": None,
        "query": query_without_page(request),
    }
    try:
        visible = entry.visible(request.user, span, group)
    except Http404:
        return render(request, "plan/indicator_records.html", context)
    page = paginate(request, visible)
    audit_standalone(
        actor=request.user,
        action="plan.indicator_records",
        target=indicator,
        details={
            "code": entry.code,
            "fiscal_year": year,
            "month": context["month"],
            "group": group,
            "page": page.number,
            "shown": len(page.object_list),
        },
        people=[entry.person(record) for record in page.object_list],
    )
    context["page"] = page
    context["rows"] = [entry.row(record) for record in page.object_list]
    return render(request, "plan/indicator_records.html", context)
