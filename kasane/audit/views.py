from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.forms import AuditSearchForm
from kasane.audit.selectors import AUDIT_ORDER, audit_events_filtered, latest_seal_check
from kasane.audit.services import audit_standalone
from kasane.core.pagination import keyset_page, query_without_page


def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The auditor's search, over a period (the last 30 days unless the auditor chooses, at
    most a year: `AuditSearchForm`). Each search is itself recorded, with its filters."""
    events = access.audit_events_for_user(request.user)
    form = AuditSearchForm(request.GET)  # bound even when empty: it fills in the period
    filters = form.cleaned_data if form.is_valid() else {}
    if not form.is_valid():
        events = events.none()
    page = keyset_page(request, audit_events_filtered(events, filters), AUDIT_ORDER)
    audit_standalone(
        actor=request.user, action="audit.search", details=form.describe() if filters else {}
    )
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "seal_check": latest_seal_check(),
    }
    template = "audit/_event_table.html" if request.htmx else "audit/search.html"
    return render(request, template, context)
