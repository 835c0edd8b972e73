"""社会資源: the directory (search and list, phone first), a resource's page, and the list of
resources to check again. Every page asks `kasane.access` first (404 for referrers, auditors
and meeting guests) and is audited like every other list and page; the directory holds no
personal data."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page
from kasane.resources import sections, selectors
from kasane.resources.forms import CloseForm, DirectoryFilterForm, StaleFilterForm


def directory(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.resource_reader(request.user)
    filters = read_filters(request, DirectoryFilterForm)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_edit": access.may_edit_resources(request.user),
        "partner_count": selectors.partners(request.user).count(),
    }
    if filters.values is not None:
        services = selectors.with_rows(selectors.search(request.user, filters.values))
        page = keyset_page(request, services, selectors.LIST_ORDER)
        audit_standalone(
            actor=request.user,
            action="resource.list",
            details={"criteria": selectors.criteria(filters.values), **page.for_audit},
        )
        context["page"] = page
    return render(request, "resources/directory.html", context)


def service_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user(request.user, pk)
    audit_standalone(actor=request.user, action="resource.view", target=service)
    context = {
        "service": service,
        "page": selectors.service_page(service),
        "categories": selectors.categories_of(service),
        "may_edit": access.may_edit_resources(request.user),
        "close_form": CloseForm(initial={"on": timezone.localdate()}),
        "today": timezone.localdate(),
        "stale_months": settings.KASANE_RESOURCE_STALE_MONTHS,
        "resource_sections": sections.sections_for(request.user, service),
    }
    return render(request, "resources/service_detail.html", context)


def stale_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """「確認が必要な社会資源」: by default in the area of the user's organisation."""
    access.resource_reader(request.user)
    area = selectors.user_area(request.user)
    filters = read_filters(request, StaleFilterForm, initial={"area": area})
    context: dict[str, Any] = {**filters.context(), "query": query_without_page(request)}
    if filters.values is not None:
        services = selectors.with_rows(
            selectors.stale_services(request.user, filters.values.get("area"))
        )
        page = keyset_page(request, services, selectors.STALE_ORDER)
        audit_standalone(
            actor=request.user,
            action="resource.list",
            details={
                "list": "stale",
                "criteria": selectors.criteria(filters.values),
                **page.for_audit,
            },
        )
        context["page"] = page
    context["may_edit"] = access.may_edit_resources(request.user)
    context["stale_months"] = settings.KASANE_RESOURCE_STALE_MONTHS
    return render(request, "resources/stale_list.html", context)
