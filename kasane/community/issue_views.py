"""地域課題 and 取組: the list of issues, the 地域課題シート (also raised from a meeting's agenda
item), an issue's page with its status, the projects and the resources they created. Every
page asks `kasane.access.community` first (readers read every area's; keepers keep their
areas'; a referrer writes sheets and reads their own; 404 for everyone else) and is audited;
writes go through `issues`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.models import User
from kasane.audit.services import audit_standalone
from kasane.cases.models import Case
from kasane.community import issue_selectors as selectors
from kasane.community import issues
from kasane.community.issue_forms import (
    IssueEditForm,
    IssueFilterForm,
    IssueForm,
    MoveForm,
)
from kasane.community.models import CommunityIssue, IssueStatus
from kasane.core.errors import DomainError, StaleEdit, version_of
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.meetings.models import AgendaItem
from kasane.organizations.models import Area, AreaKind
from kasane.participation.models import UnmetNeed
from kasane.participation.selectors import home_area, widen


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _audit_view(request: AuthenticatedHttpRequest, issue: CommunityIssue, page: str) -> None:
    audit_standalone(
        actor=request.user, action="community.issue_view", target=issue, details={"page": page}
    )


def _needs_for(user: User) -> QuerySet[UnmetNeed] | None:
    """The unmet needs a keeper may cite (their areas', the newest); None for a referrer, who
    cites none."""
    code = access.kept_area_code(user)
    if code is None:
        return None
    needs = UnmetNeed.objects.select_related("area").order_by("-recorded_on", "-pk")
    if code:
        needs = needs.filter(area_code__startswith=code)
    newest = list(needs.values_list("pk", flat=True)[: selectors.UNMET_NEED_LIMIT])
    return needs.filter(pk__in=newest)


def issue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """地域課題: every area's for readers; a referrer's own sheets."""
    access.issues_for_user(request.user)
    filters = read_filters(request, IssueFilterForm)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_write": access.may_write_issue(request.user),
        "may_read_all": access.may_read_community(request.user),
    }
    if filters.values is not None:
        page = keyset_page(
            request, selectors.issue_list(request.user, filters.values), selectors.ISSUE_ORDER
        )
        audit_standalone(
            actor=request.user,
            action="community.issue_list",
            details={"criteria": selectors.criteria(filters.values), **page.for_audit},
        )
        context["page"] = page
    return render(request, "community/issues_list.html", context)


def _sphere_of(case: Case) -> Area | None:
    """The 圏域 of the case's main person or household (where an issue from it defaults to)."""
    return widen(home_area(case.main_person, case), AreaKind.SPHERE)


def issue_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 地域課題シート; with `?agenda_item=` raised from a meeting's agenda item (機能Ⅲ)."""
    areas = access.areas_for_issue(request.user)
    item: AgendaItem | None = None
    initial: dict[str, Any] = {}
    if request.GET.get("agenda_item", "").isdigit():
        item = access.issue_agenda_item(request.user, int(request.GET["agenda_item"]))
        initial["area"] = _sphere_of(item.case) if item.case else None
    elif "agenda_item" in request.GET:
        return redirect("community:issue_create")
    form = IssueForm(
        _posted(request),
        areas=areas,
        from_meeting=item is not None,
        unmet_needs=_needs_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                issue = issues.issue_raise(
                    actor=request.user,
                    agenda_item=item,
                    raised_by=data.pop("raised_by", ""),
                    unmet_needs=list(data.pop("unmet_needs", None) or []),
                    **data,
                )
                submission.url = reverse("community:issue", args=[issue.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("community:issue_list"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"地域課題「{issue.title}」を提起しました。")
            return redirect(submission.url)
    context = {"form": form, "meeting": item.meeting if item else None}
    return render(request, "community/issues_form.html", context)


def issue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_for_user(request.user, pk)
    return _issue_page(request, issue)


def _issue_page(
    request: AuthenticatedHttpRequest, issue: CommunityIssue, move_form: MoveForm | None = None
) -> HttpResponse:
    _audit_view(request, issue, "issue")
    context = {
        "issue": issue,
        **selectors.issue_page(request.user, issue),
        "move_form": move_form or MoveForm(initial={"occurred_on": timezone.localdate()}),
        "next_statuses": [
            (status, IssueStatus(status).label)
            for status in IssueStatus.values
            if status in issues.ALLOWED_MOVES[issue.status]
        ],
    }
    return render(request, "community/issues_detail.html", context)


def issue_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_for_user_rw(request.user, pk)
    initial: dict[str, Any] = {name: getattr(issue, name) for name in issues.ISSUE_FIELDS}
    initial.update(
        unmet_needs=list(issue.unmet_needs.all()), loaded_at=version_of(issue.updated_at)
    )
    needs = selectors.unmet_needs_for(issue.area)
    form = IssueEditForm(_posted(request), initial=initial, unmet_needs=needs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            issues.issue_update(
                actor=request.user,
                issue=issue,
                unmet_needs=list(data.pop("unmet_needs")),
                **data,
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:issue", pk=issue.pk)
    _audit_view(request, issue, "edit")
    return render(request, "community/issues_edit.html", {"form": form, "issue": issue})


@require_POST
def issue_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    issue = access.issue_for_user_rw(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            issues.issue_move(actor=request.user, issue=issue, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            label = IssueStatus(form.cleaned_data["to_status"]).label
            messages.success(request, f"「{label}」にしました。")
            return redirect("community:issue", pk=issue.pk)
    return _issue_page(request, issue, move_form=form)
