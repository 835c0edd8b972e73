"""地域の活動 and 委員会: every community reader reads activities and committees; keepers of an
area record and change them (`kasane.access.community`). Committee members are residents:
their names are shown only to those who keep the committee's area, others see how many there
are. Every page is audited."""

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
    ActivityEditForm,
    ActivityFilterForm,
    ActivityForm,
    CommitteeEditForm,
    CommitteeForm,
    DeleteForm,
    EndForm,
    MemberEditForm,
    MemberForm,
    activity_initial,
)
from kasane.community.models import Activity
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _values(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def _activity_choices(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    code = access.kept_area_code(request.user) or ""
    return {
        "areas": access.areas_kept_by(request.user),
        "services": selectors.services_near(code),
        "committees": selectors.committees_near(access.committees_for_user(request.user), code),
        "projects": selectors.projects_near(code),
    }


def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    activities = access.activities_for_user(request.user)
    filters = read_filters(request, ActivityFilterForm)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_keep": access.may_keep_community(request.user),
    }
    if filters.values is not None:
        rows = selectors.filter_activities(activities, filters.values)
        page = keyset_page(request, rows, selectors.ACTIVITY_ORDER)
        audit_standalone(
            actor=request.user,
            action="community.activity_list",
            details={"criteria": selectors.criteria(filters.values), **page.for_audit},
        )
        context["page"] = page
    return render(request, "community/activities_list.html", context)


def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = access.activity_for_user(request.user, pk)
    audit_standalone(actor=request.user, action="community.activity_view", target=activity)
    context = {
        "activity": activity,
        "organizations": list(activity.organizations.order_by("kind", "kana", "pk")),
        "may_edit": access.keeps_area(request.user, activity.area),
    }
    return render(request, "community/activities_detail.html", context)


def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.community_keeper(request.user)
    initial = {"held_on": timezone.localdate(), "new_participants": 0}
    form = ActivityForm(_posted(request), initial=initial, **_activity_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_record(
                actor=request.user,
                organizations=data["organizations"],
                **_values(data, services.ACTIVITY_FIELDS),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"活動「{activity.title}」を記録しました。")
            return redirect("community:activity", pk=activity.pk)
    return render(request, "community/activities_form.html", {"form": form})


def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = access.activity_for_user_rw(request.user, pk)
    form = ActivityEditForm(
        _posted(request), initial=activity_initial(activity), **_activity_choices(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_update(
                actor=request.user,
                activity=activity,
                loaded_at=data["loaded_at"],
                organizations=data["organizations"],
                **_values(data, services.ACTIVITY_FIELDS),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:activity", pk=activity.pk)
    context = {"form": form, "activity": activity}
    return render(request, "community/activities_form.html", context)


def activity_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity: Activity = access.activity_for_user_rw(request.user, pk)
    form = DeleteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.activity_delete(actor=request.user, activity=activity)
        messages.success(request, f"活動「{activity.title}」を削除しました。")
        return redirect("community:activity_list")
    context = {"form": form, "activity": activity}
    return render(request, "community/activities_delete.html", context)


# --- 委員会 ---


def committee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    committees = selectors.committees_with_counts(access.committees_for_user(request.user))
    rows = list(committees.order_by("-is_active", "area_code", "name"))
    audit_standalone(
        actor=request.user, action="community.committee_list", details={"shown": len(rows)}
    )
    context = {"committees": rows, "may_keep": access.may_keep_community(request.user)}
    return render(request, "community/activities_committee_list.html", context)


def committee_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    committee = access.committee_for_user(request.user, pk)
    see_members = access.may_see_members(request.user, committee)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "committee": committee,
        "counts": selectors.committee_counts(access.committees_for_user(request.user), committee),
        "activities": selectors.recent_activities(committee),
        "may_edit": see_members,
        "end_form": EndForm(initial={"on": today}),
    }
    if see_members:
        context["members"] = selectors.members_of(committee, today)
    audit_standalone(
        actor=request.user,
        action="community.committee_view",
        target=committee,
        details={"members_shown": see_members},
    )
    return render(request, "community/activities_committee_detail.html", context)


def committee_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    areas = access.areas_kept_by(request.user)
    form = CommitteeForm(_posted(request), areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(
                actor=request.user, **_values(form.cleaned_data, services.COMMITTEE_FIELDS)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"「{committee.name}」を登録しました。")
            return redirect("community:committee", pk=committee.pk)
    return render(request, "community/activities_committee_form.html", {"form": form})


def committee_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    committee = access.committee_for_user_rw(request.user, pk)
    initial = {name: getattr(committee, name) for name in services.COMMITTEE_FIELDS}
    initial["loaded_at"] = committee.updated_at.isoformat()
    form = CommitteeEditForm(
        _posted(request), initial=initial, areas=access.areas_kept_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.committee_update(
                actor=request.user,
                committee=committee,
                loaded_at=data["loaded_at"],
                **_values(data, services.COMMITTEE_FIELDS),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:committee", pk=committee.pk)
    context = {"form": form, "committee": committee}
    return render(request, "community/activities_committee_form.html", context)


def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    committee = access.committee_for_user_rw(request.user, pk)
    form = MemberForm(_posted(request), initial={"term_start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(
                actor=request.user,
                committee=committee,
                **_values(form.cleaned_data, services.MEMBER_FIELDS),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "委員を追加しました。")
            return redirect("community:committee", pk=committee.pk)
    context = {"form": form, "committee": committee}
    return render(request, "community/activities_member_form.html", context)


def member_edit(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    committee = access.committee_for_user_rw(request.user, pk)
    member = access.member_for_user_rw(request.user, committee, member_pk)
    initial = {name: getattr(member, name) for name in services.MEMBER_FIELDS}
    initial["loaded_at"] = member.updated_at.isoformat()
    form = MemberEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_update(
                actor=request.user,
                member=member,
                loaded_at=data["loaded_at"],
                **_values(data, services.MEMBER_FIELDS),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("community:committee", pk=committee.pk)
    context = {"form": form, "committee": committee, "member": member}
    return render(request, "community/activities_member_form.html", context)


@require_POST
def member_end(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    committee = access.committee_for_user_rw(request.user, pk)
    member = access.member_for_user_rw(request.user, committee, member_pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "終了日を正しく入力してください（例：令和8年3月31日）。")
        return redirect("community:committee", pk=committee.pk)
    try:
        services.member_end(actor=request.user, member=member, on=form.cleaned_data["on"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{member.name}さんの任期を終えました。")
    return redirect("community:committee", pk=committee.pk)
