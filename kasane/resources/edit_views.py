"""Keeping the directory: a new service (its organisation, first place and schedule on one
page), editing, 確認した, 休止・廃止 and reopening, places and schedules, organisations with
their partner agreement. For participation coordinators, community workers, coordinators and
admins (`access.service_for_user_rw` and friends: 404 for everyone else); writes go through
`services`, which audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError, StaleEdit, version_of
from kasane.core.pagination import paginate
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.resources import selectors, services
from kasane.resources.forms import (
    CloseForm,
    LocationForm,
    OrganizationEditForm,
    OrganizationForm,
    PlaceAddForm,
    PlaceForm,
    ServiceEditForm,
    ServiceForm,
)
from kasane.resources.models import ResourceOrganization, Service


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _service_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.SERVICE_FIELDS if name in data}


def _place(form: PlaceForm) -> services.PlaceInput | None:
    if not form.has_place():
        return None
    return services.PlaceInput(
        location=form.cleaned_data.get("location"),
        location_values=form.location_values(),
        schedule_values=form.schedule_values(),
    )


def _organization_of(actor: User, data: dict[str, Any]) -> ResourceOrganization:
    if data.get("organization") is not None:
        return data["organization"]
    return services.organization_create(
        actor=actor, name=data["organization_name"], kana=data.get("organization_kana") or ""
    )


def create_from_forms(actor: User, form: ServiceForm, place_form: PlaceForm) -> Service:
    """The new service of a valid `ServiceForm` and `PlaceForm` (its organisation created
    when new). Also used by the apps that start a resource from their own pages (a 取組)."""
    data = form.cleaned_data
    return services.service_create(
        actor=actor,
        organization=_organization_of(actor, data),
        categories=list(data["categories"]),
        place=_place(place_form),
        **_service_values(data),
    )


def service_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One page: the organisation (chosen or new), the service, and its first place and
    schedule — what a coordinator needs to register a resource heard about on a visit."""
    access.resource_editor(request.user)
    form = ServiceForm(_posted(request))
    place_form = PlaceForm(_posted(request), prefix="place")
    if request.method == "POST" and form.is_valid() and place_form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                service = create_from_forms(request.user, form, place_form)
                submission.url = reverse("resources:detail", args=[service.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("resources:directory"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"社会資源「{service.name}」を登録しました。")
            return redirect(submission.url)
    return render(request, "resources/service_form.html", {"form": form, "place_form": place_form})


def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    initial = {name: getattr(service, name) for name in services.SERVICE_FIELDS}
    initial.update(
        categories=selectors.categories_of(service), loaded_at=version_of(service.updated_at)
    )
    form = ServiceEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.service_update(
                actor=request.user,
                service=service,
                loaded_at=data["loaded_at"],
                categories=list(data["categories"]),
                **_service_values(data),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("resources:detail", pk=service.pk)
    audit_standalone(
        actor=request.user, action="resource.view", target=service, details={"page": "edit"}
    )
    return render(request, "resources/service_edit.html", {"form": form, "service": service})


@require_POST
def service_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    try:
        services.service_check(actor=request.user, service=service)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "確認した日を今日にしました。")
    return redirect(_back(request, service))


def _back(request: AuthenticatedHttpRequest, service: Service) -> str:
    """The stale list when the button was pressed there, else the service's page."""
    if request.POST.get("next") == "stale":
        return reverse("resources:stale")
    return reverse("resources:detail", args=[service.pk])


def service_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    form = CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.service_close(actor=request.user, service=service, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{service.get_status_display()}にしました。記録は残ります。")
            return redirect("resources:detail", pk=service.pk)
    return render(request, "resources/service_close.html", {"form": form, "service": service})


@require_POST
def service_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    try:
        services.service_reopen(actor=request.user, service=service)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "運営中に戻しました。")
    return redirect("resources:detail", pk=service.pk)


def place_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    form = PlaceAddForm(_posted(request), organization=service.organization)
    if request.method == "POST" and form.is_valid():
        place = _place(form)
        try:
            with submitted_once(request.user, form) as submission:
                if place is None:  # the form refuses it; a guard for the type checker
                    raise DomainError("場所を選ぶか、新しい場所を入力してください。")
                services.place_add(actor=request.user, service=service, place=place)
                submission.url = reverse("resources:detail", args=[service.pk]) + "#places"
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("resources:detail", args=[service.pk]))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "場所・日程を加えました。")
            return redirect(submission.url)
    return render(request, "resources/place_form.html", {"form": form, "service": service})


@require_POST
def schedule_remove(request: AuthenticatedHttpRequest, pk: int, schedule_pk: int) -> HttpResponse:
    service = access.service_for_user_rw(request.user, pk)
    schedule = access.schedule_for_user_rw(request.user, service, schedule_pk)
    try:
        services.schedule_remove(actor=request.user, service=service, schedule=schedule)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "日程を削除しました。")
    return redirect(reverse("resources:detail", args=[service.pk]) + "#places")


def location_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    location = access.location_for_user_rw(request.user, pk)
    initial = {
        name: getattr(location, name)
        for name in ("name", "postal_code", "address", "area", "access")
    }
    initial["loaded_at"] = version_of(location.updated_at)
    form = LocationForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(actor=request.user, location=location, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "場所を保存しました。")
            return redirect("resources:organization", pk=location.organization_id)
    return render(request, "resources/location_form.html", {"form": form, "location": location})


def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisations, partners (協力事業者) first when asked (?partner=1)."""
    organizations = access.resource_organizations_for_user(request.user).order_by(
        "kana", "name", "pk"
    )
    partners_only = request.GET.get("partner") == "1"
    if partners_only:
        organizations = organizations.filter(is_partner=True)
    context = {
        "page": paginate(request, organizations),
        "partners_only": partners_only,
        "partner_count": selectors.partners(request.user).count(),
        "may_edit": access.may_edit_resources(request.user),
    }
    audit_standalone(actor=request.user, action="resource.list", details={"list": "organizations"})
    return render(request, "resources/organization_list.html", context)


def organization_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access.resource_organization_for_user(request.user, pk)
    context = {
        "organization": organization,
        "services": organization.services.order_by("kana", "pk"),
        "locations": organization.locations.select_related("area").order_by("name", "pk"),
        "may_edit": access.may_edit_resources(request.user),
    }
    audit_standalone(actor=request.user, action="resource.view", target=organization)
    return render(request, "resources/organization_detail.html", context)


def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.resource_editor(request.user)
    form = OrganizationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.ORGANIZATION_FIELDS}
        try:
            with submitted_once(request.user, form) as submission:
                organization = services.organization_create(actor=request.user, **values)
                submission.url = reverse("resources:organization", args=[organization.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("resources:organizations"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"運営団体「{organization.name}」を登録しました。")
            return redirect(submission.url)
    return render(request, "resources/organization_form.html", {"form": form})


def organization_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access.resource_organization_for_user_rw(request.user, pk)
    initial: dict[str, Any] = {
        name: getattr(organization, name) for name in services.ORGANIZATION_FIELDS
    }
    initial["loaded_at"] = version_of(organization.updated_at)
    form = OrganizationEditForm(_posted(request), initial=initial)
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
            messages.success(request, "運営団体を保存しました。")
            return redirect("resources:organization", pk=organization.pk)
    context = {"form": form, "organization": organization}
    return render(request, "resources/organization_form.html", context)
