"""The register of resident helpers (地域の担い手) and their matches. Residents' personal data:
only the keepers of an area read its helpers (`access.helpers_for_user`; 404 for everyone
else, case-work staff included), and every list and page they open is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community import activity_selectors as selectors
from kasane.community import activity_services as services
from kasane.community.activity_forms import (
    WEEKDAY_CHOICES,
    EndForm,
    HelperEditForm,
    HelperFilterForm,
    HelperForm,
    MatchForm,
)
from kasane.community.models import ResidentHelper
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page

DAY_LABELS = dict(WEEKDAY_CHOICES)


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.HELPER_FIELDS if name in data}


def _match_form(request: AuthenticatedHttpRequest, data: QueryDict | None = None) -> MatchForm:
    code = access.kept_area_code(request.user) or ""
    return MatchForm(
        data,
        initial={"started_on": timezone.localdate()},
        services=selectors.services_near(code),
        projects=selectors.projects_near(code),
    )


def helper_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    helpers = access.helpers_for_user(request.user)
    areas = access.areas_kept_by(request.user)
    filters = read_filters(request, HelperFilterForm, areas=areas)
    context: dict[str, Any] = {**filters.context(), "query": query_without_page(request)}
    if filters.values is not None:
        page = keyset_page(
            request, selectors.filter_helpers(helpers, filters.values), selectors.HELPER_ORDER
        )
        audit_standalone(
            actor=request.user,
            action="community.helper_list",
            details={"criteria": selectors.criteria(filters.values), **page.for_audit},
        )
        context |= {"page": page, "day_labels": DAY_LABELS}
    return render(request, "community/activities_helper_list.html", context)


def helper_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    helper = access.helper_for_user_rw(request.user, pk)
    audit_standalone(actor=request.user, action="community.helper_view", target=helper)
    context = {
        "helper": helper,
        "days": [DAY_LABELS[day] for day in helper.days if day in DAY_LABELS],
        "matches": selectors.matches_of(helper),
        "match_form": _match_form(request),
        "end_form": EndForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "community/activities_helper_detail.html", context)


def helper_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas = access.areas_kept_by(request.user)
    form = HelperForm(
        _posted(request), areas=areas, initial={"registered_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        helper = services.helper_register(actor=request.user, **_values(form.cleaned_data))
        messages.success(request, f"{helper.name}さんを登録しました。")
        return redirect("community:helper", pk=helper.pk)
    return render(request, "community/activities_helper_form.html", {"form": form})


def helper_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    helper: ResidentHelper = access.helper_for_user_rw(request.user, pk)
    initial = {name: getattr(helper, name) for name in services.HELPER_FIELDS}
    initial["loaded_at"] = helper.updated_at.isoformat()
    form = HelperEditForm(
        _posted(request), initial=initial, areas=access.areas_kept_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.helper_update(
                actor=request.user, helper=helper, loaded_at=data["loaded_at"], **_values(data)
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:helper", pk=helper.pk)
    audit_standalone(
        actor=request.user,
        action="community.helper_view",
        target=helper,
        details={"page": "edit"},
    )
    context = {"form": form, "helper": helper}
    return render(request, "community/activities_helper_form.html", context)


def helper_match(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    helper = access.helper_for_user_rw(request.user, pk)
    form = _match_form(request, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.helper_match(actor=request.user, helper=helper, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "マッチングを記録しました。")
            return redirect("community:helper", pk=helper.pk)
    context = {"form": form, "helper": helper}
    return render(request, "community/activities_match_form.html", context)


@require_POST
def helper_match_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = access.helper_match_for_user_rw(request.user, pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "終了日を正しく入力してください（例：令和8年3月31日）。")
        return redirect("community:helper", pk=match.helper_id)
    try:
        services.helper_match_end(actor=request.user, match=match, on=form.cleaned_data["on"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "マッチングを終了しました。")
    return redirect("community:helper", pk=match.helper_id)


def candidates_for_service(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who could lend a hand at this place: active helpers of the user's register in the
    place's 圏域, on one of its days."""
    helpers = access.helpers_for_user(request.user)
    service = access.service_for_user(request.user, pk)
    days = selectors.service_days(service, timezone.localdate())
    found = list(selectors.candidates(helpers, selectors.service_area_codes(service), days)[:50])
    audit_standalone(
        actor=request.user,
        action="community.helper_candidates",
        target=service,
        details={"shown": len(found)},
    )
    context = {
        "target": service,
        "target_kind": "社会資源",
        "days": [DAY_LABELS[day] for day in sorted(days)],
        "candidates": found,
        "day_labels": DAY_LABELS,
    }
    return render(request, "community/activities_candidates.html", context)


def candidates_for_project(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    helpers = access.helpers_for_user(request.user)
    project = access.project_for_user(request.user, pk)
    found = list(selectors.candidates(helpers, [project.area.code], set())[:50])
    audit_standalone(
        actor=request.user,
        action="community.helper_candidates",
        details={"project": project.pk, "shown": len(found)},
    )
    context = {
        "target": project,
        "target_kind": "取組",
        "days": [],
        "candidates": found,
        "day_labels": DAY_LABELS,
    }
    return render(request, "community/activities_candidates.html", context)
