from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.models import User
from kasane.audit.forms import AuditSearchForm, UnusualWeekForm
from kasane.audit.selectors import AUDIT_ORDER, audit_events_filtered, latest_seal_check
from kasane.audit.services import audit_standalone
from kasane.audit.unusual import (
    CATEGORIES,
    UnusualAccess,
    last_full_week,
    unusual_access,
    week_starting,
)
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


def unusual(request: AuthenticatedHttpRequest) -> HttpResponse:
    """週次の不審なアクセス: per user, the counts of each category in one week, each linking to
    the audit search of exactly those rows. Opening it is itself recorded."""
    access.audit_events_for_user(request.user)
    form = UnusualWeekForm(request.GET or None)
    day = form.cleaned_data.get("week") if form.is_valid() else None
    first, last = week_starting(day) if day else last_full_week()
    report = unusual_access(first, last)
    audit_standalone(
        actor=request.user,
        action="audit.unusual_access",
        details={"week": first.isoformat(), "shown": len(report.users)},
    )
    context = {
        "form": form,
        "report": report,
        "categories": CATEGORIES,
        "rows": _rows(report),
        "totals": [
            (label, report.totals[category], _search_url(report, category))
            for category, label in CATEGORIES.items()
        ],
        "previous": first - dt.timedelta(days=7),
        "next": first + dt.timedelta(days=7) if last < timezone.localdate() else None,
        "settings": {
            "factor": settings.KASANE_UNUSUAL_VIEWS_FACTOR,
            "minimum": settings.KASANE_UNUSUAL_VIEWS_MIN,
            "start": settings.KASANE_WORK_START_HOUR,
            "end": settings.KASANE_WORK_END_HOUR,
            "failed": settings.KASANE_UNUSUAL_FAILED_LOGINS,
        },
    }
    return render(request, "audit/unusual.html", context)


def _search_url(report: UnusualAccess, category: str, username: str = "") -> str:
    query = {
        "category": category,
        "date_from": report.first.isoformat(),
        "date_to": report.last.isoformat(),
    }
    if username:
        query["user"] = username
    return f"{reverse('audit:search')}?{urlencode(query)}"


def _rows(report: UnusualAccess) -> list[dict[str, Any]]:
    """Each flagged user with their name and organisation (one query) and, per category, the
    count, whether it is flagged and the link to its rows."""
    users = User.objects.filter(username__in=[row.username for row in report.users])
    known = {user.username: user for user in users.select_related("organization")}
    return [
        {
            "row": row,
            "user": known.get(row.username),
            "cells": [
                (
                    row.count(category),
                    category in row.flags,
                    _search_url(report, category, row.username),
                )
                for category in CATEGORIES
            ],
        }
        for row in report.users
    ]
