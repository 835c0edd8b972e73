"""取組: the list, a project (from an issue or standalone), its page and edit, and the resources
it created in the directory — registered through the directory's own create flow, or an
existing one linked. Access from `kasane.access.community`; writes through `issues`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community import issue_selectors as selectors
from kasane.community import issues
from kasane.community.issue_forms import (
    LinkResourceForm,
    ProjectEditForm,
    ProjectFilterForm,
    ProjectForm,
)
from kasane.community.models import CommunityIssue, Project
from kasane.core.errors import DomainError, StaleEdit, version_of
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.resources.edit_views import create_from_forms
from kasane.resources.forms import PlaceForm, ServiceForm


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.projects_for_user(request.user)
    filters = read_filters(request, ProjectFilterForm)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_keep": access.may_keep_community(request.user),
    }
    if filters.values is not None:
        projects = selectors.project_list(request.user, filters.values)
        page = keyset_page(request, projects, selectors.PROJECT_ORDER)
        audit_standalone(
            actor=request.user,
            action="community.project_list",
            details={"criteria": selectors.criteria(filters.values), **page.for_audit},
        )
        context["page"] = page
    return render(request, "community/issues_project_list.html", context)


def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """「取組をつくる」: from an issue (`?issue=`, which then moves to 取組中) or standalone."""
    areas = access.areas_kept_by(request.user)
    issue: CommunityIssue | None = None
    if request.GET.get("issue", "").isdigit():
        issue = access.issue_for_user_rw(request.user, int(request.GET["issue"]))
    initial = {"started_on": timezone.localdate(), "area": issue.area if issue else None}
    form = ProjectForm(_posted(request), areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                project = issues.project_create(
                    actor=request.user,
                    issue=issue,
                    organizations=list(data.pop("organizations")),
                    **data,
                )
                submission.url = reverse("community:project", args=[project.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("community:project_list"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"取組「{project.title}」をつくりました。")
            return redirect(submission.url)
    return render(request, "community/issues_project_form.html", {"form": form, "issue": issue})


def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user(request.user, pk)
    audit_standalone(actor=request.user, action="community.project_view", target=project)
    keeps = access.may_keep_community(request.user) and access.keeps_area(
        request.user, project.area
    )
    context = {
        "project": project,
        **selectors.project_page(project),
        "keeps": keeps,
        "link_form": LinkResourceForm(services=access.services_for_user(request.user))
        if keeps
        else None,
        "may_register": keeps and access.may_edit_resources(request.user),
    }
    return render(request, "community/issues_project_detail.html", context)


def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.project_for_user_rw(request.user, pk)
    initial: dict[str, Any] = {name: getattr(project, name) for name in issues.PROJECT_FIELDS}
    initial.update(
        organizations=list(project.organizations.all()), loaded_at=version_of(project.updated_at)
    )
    form = ProjectEditForm(
        _posted(request), areas=access.areas_kept_by(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            issues.project_update(
                actor=request.user,
                project=project,
                organizations=list(data.pop("organizations")),
                **data,
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:project", pk=project.pk)
    context = {"form": form, "project": project}
    return render(request, "community/issues_project_edit.html", context)


def project_resource_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """「社会資源として登録する」: the directory's own new-service form and service; the new
    service is linked to the project in the same transaction."""
    project = access.project_for_user_rw(request.user, pk)
    access.resource_editor(request.user)
    form = ServiceForm(_posted(request))
    place_form = PlaceForm(_posted(request), prefix="place")
    if request.method == "POST" and form.is_valid() and place_form.is_valid():
        try:
            with submitted_once(request.user, form) as submission, transaction.atomic():
                service = create_from_forms(request.user, form, place_form)
                issues.project_link_resource(actor=request.user, project=project, service=service)
                submission.url = reverse("community:project", args=[project.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("community:project", args=[project.pk]))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"社会資源「{service.name}」を登録し、この取組とつなぎました。"
            )
            return redirect(submission.url)
    context = {"form": form, "place_form": place_form, "project": project}
    return render(request, "community/issues_project_resource.html", context)


@require_POST
def project_resource_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project: Project = access.project_for_user_rw(request.user, pk)
    form = LinkResourceForm(request.POST, services=access.services_for_user(request.user))
    if not form.is_valid():
        messages.error(request, "つなぐ社会資源を選んでください。")
        return redirect("community:project", pk=project.pk)
    service = form.cleaned_data["service"]
    try:
        issues.project_link_resource(actor=request.user, project=project, service=service)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"「{service.name}」をこの取組とつなぎました。")
    return redirect("community:project", pk=project.pk)
