from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.roles import Role
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.pagination import paginate, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.organizations import services
from kasane.organizations.forms import AreaForm, OrganizationFilterForm, OrganizationForm
from kasane.organizations.models import AreaKind


def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = access.organizations_for_admin(request.user)
    filters = read_filters(request, OrganizationFilterForm)
    context: dict[str, object] = {**filters.context(), "query": query_without_page(request)}
    if filters.values is not None:
        if query := filters.values.get("q"):
            organizations = organizations.filter(
                Q(name__icontains=query) | Q(kana__icontains=query) | Q(short_name__icontains=query)
            )
        if kind := filters.values.get("kind"):
            organizations = organizations.filter(kind=kind)
        context["page"] = paginate(request, organizations)
    template = (
        "organizations/_organization_table.html"
        if request.htmx
        else "organizations/organization_list.html"
    )
    return render(request, template, context)


def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    form = OrganizationForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        listed = reverse("organizations:organization_list")
        try:
            with submitted_once(request.user, form) as submission:
                organization = services.organization_create(actor=request.user, **form.cleaned_data)
                submission.url = listed
        except AlreadySubmitted as earlier:
            return earlier.response(request, listed)
        messages.success(request, f"「{organization.name}」を登録しました。")
        return redirect(listed)
    return render(request, "organizations/organization_form.html", {"form": form})


def organization_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access.organization_for_user_rw(request.user, pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"「{organization.name}」を保存しました。")
            return redirect("organizations:organization_list")
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization},
    )


def area_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas = list(access.areas_for_admin(request.user).order_by("sort_order", "code"))
    return render(request, "organizations/area_list.html", {"rows": _area_tree(areas)})


def _area_tree(areas: list) -> list[tuple[int, object]]:
    """Depth-first rows (level, area) from one flat list: no query per level."""
    children: dict[int | None, list] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    rows: list[tuple[int, object]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for area in children.get(parent_id, []):
            rows.append((depth, area))
            walk(area.pk, depth + 1)

    walk(None, 0)
    return rows


def area_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    initial = {
        "is_active": True,
        "kind": request.GET.get("kind", AreaKind.TOWN),
        "parent": request.GET.get("parent"),
    }
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        listed = reverse("organizations:area_list")
        try:
            with submitted_once(request.user, form) as submission:
                area = services.area_create(actor=request.user, **form.cleaned_data)
                submission.url = listed
        except AlreadySubmitted as earlier:
            return earlier.response(request, listed)
        except DomainError as error:
            form.add_error("parent", error.message)
        else:
            messages.success(request, f"地域「{area.name}」を登録しました。")
            return redirect(listed)
    return render(request, "organizations/area_form.html", {"form": form})


def area_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = access.area_for_user_rw(request.user, pk)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        try:
            services.area_update(actor=request.user, area=area, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error("parent", error.message)
        else:
            messages.success(request, f"地域「{area.name}」を保存しました。")
            return redirect("organizations:area_list")
    return render(request, "organizations/area_form.html", {"form": form, "area": area})
