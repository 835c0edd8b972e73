"""参加支援: a case's participation page (its people's wishes and matches), the wishes form,
the matching page (the resources that fit, phone first), a match's page with its stage,
notes and follow-ups, and the unmet-need form. Every page asks `kasane.access` first (the
case's team and coordinators read; participation coordinators on the team and
coordinators record; 404 for everyone else) and is audited; writes go through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone, criteria_used
from kasane.cases.models import Case
from kasane.cases.services import case_people, household_people
from kasane.core.errors import DomainError
from kasane.core.filters import read_filters
from kasane.core.pagination import keyset_page, query_without_page
from kasane.participation import selectors, services
from kasane.participation.forms import (
    FollowUpForm,
    MatchFilterForm,
    MatchNotesForm,
    MoveForm,
    ProfileForm,
    ProposalFilterForm,
    ProposeForm,
    UnmetNeedForm,
)
from kasane.participation.models import ParticipationProfile, Stage
from kasane.people.models import Person
from kasane.resources.models import ServiceCategory


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _person_of(case: Case, person_pk: int) -> Person:
    for person in household_people(case):
        if person.pk == person_pk:
            return person
    raise Http404


def _audit_view(request: AuthenticatedHttpRequest, case: Case, page: str) -> None:
    audit_standalone(
        actor=request.user,
        action="participation.view",
        target=case,
        details={"page": page},
        people=case_people(case),
    )


def match_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """参加支援: the matches of the cases the user may see (404 for roles without case data)."""
    access.matches_for_user(request.user)
    filters = read_filters(request, MatchFilterForm)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_see_figures": access.may_see_participation_figures(request.user),
    }
    if filters.values is not None:
        matches = selectors.match_list(request.user, filters.values)
        page = keyset_page(request, matches, selectors.LIST_ORDER)
        selectors.mark_rows(list(page))
        audit_standalone(
            actor=request.user,
            action="participation.list",
            details={"criteria": criteria_used(filters.values), **page.for_audit},
            people=[match.person_id for match in page],
        )
        context["page"] = page
    return render(request, "participation/match_list.html", context)


def case_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.participation_case_for_user(request.user, pk)
    found = selectors.case_participation(request.user, case)
    _audit_view(request, case, "case")
    return render(request, "participation/case_page.html", {"case": case, "card": found})


def profile_edit(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    case = access.participation_case_for_user_rw(request.user, pk)
    person = _person_of(case, person_pk)
    profile = ParticipationProfile.objects.filter(case=case, person=person).first()
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS} if profile else {}
    form = ProfileForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(actor=request.user, case=case, person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "希望を保存しました。")
            return redirect("participation:case", pk=case.pk)
    _audit_view(request, case, "wishes")
    context = {"case": case, "person": person, "form": form}
    return render(request, "participation/profile_form.html", context)


def _proposal_filters(
    values: dict[str, Any], profile: ParticipationProfile | None
) -> tuple[list[ServiceCategory], list[str]]:
    """The categories and days to search: the form's choice, else what the wishes say."""
    if values.get("category") is not None:
        categories = [values["category"]]
    else:
        codes = profile.category_codes if profile else []
        categories = list(ServiceCategory.objects.filter(code__in=codes)) if codes else []
    if values.get("weekday"):
        weekdays = [values["weekday"]]
    else:
        weekdays = [str(day) for day in (profile.days if profile else [])]
    return categories, weekdays


def proposals(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """The matching page: the resources that fit the person; 「提案する」 records a match."""
    case = access.participation_case_for_user_rw(request.user, pk)
    person = _person_of(case, person_pk)
    if request.method == "POST":
        return _propose(request, case, person)
    profile = ParticipationProfile.objects.filter(case=case, person=person).first()
    filters = read_filters(request, ProposalFilterForm)
    context: dict[str, Any] = {**filters.context(), "case": case, "person": person}
    context["profile"] = profile
    if filters.values is not None:
        categories, weekdays = _proposal_filters(filters.values, profile)
        area = selectors.home_area(person, case)
        scope = filters.values.get("scope") or "sphere"
        found = selectors.proposals(
            request.user,
            categories=categories,
            weekdays=weekdays,
            area=None if scope == "city" else selectors.widen(area, scope),
            age=selectors.years_of(person),
            accepting=bool(filters.values.get("accepting")),
        )
        context["services"] = selectors.mark_matched(
            list(found[: selectors.PROPOSAL_LIMIT]), case, person
        )
        context["categories"] = categories
        context["weekdays"] = weekdays
    audit_standalone(
        actor=request.user,
        action="participation.proposals",
        target=case,
        details={"person": person.pk, "shown": [s.pk for s in context.get("services", [])]},
        people=[person.pk],
    )
    return render(request, "participation/proposals.html", context)


def _propose(request: AuthenticatedHttpRequest, case: Case, person: Person) -> HttpResponse:
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提案する社会資源を選んでください。")
        return redirect("participation:proposals", pk=case.pk, person_pk=person.pk)
    service = get_object_or_404(
        access.services_for_user(request.user), pk=form.cleaned_data["service"]
    )
    try:
        match = services.match_create(
            actor=request.user,
            case=case,
            person=person,
            service=service,
            contact_name=form.cleaned_data["contact_name"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("participation:proposals", pk=case.pk, person_pk=person.pk)
    messages.success(request, f"「{service.name}」を提案として記録しました。")
    return redirect("participation:match", pk=match.pk)


def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user(request.user, pk)
    return _match_page(request, match)


def _match_page(request: AuthenticatedHttpRequest, match: Any, **forms: Any) -> HttpResponse:
    audit_standalone(actor=request.user, action="participation.match_view", target=match)
    today = timezone.localdate()
    context = {
        "page": selectors.match_page(match),
        "match": match,
        "may_record": access.may_record_participation(request.user, match.case),
        "move_form": forms.get("move_form") or MoveForm(initial={"on": today}),
        "notes_form": forms.get("notes_form")
        or MatchNotesForm(initial={"contact_name": match.contact_name, "notes": match.notes}),
        "follow_up_form": forms.get("follow_up_form")
        or FollowUpForm(initial={"done_on": today, "kind": getattr(match, "due_kind", "")}),
        "stages": Stage,
    }
    return render(request, "participation/match_detail.html", context)


@require_POST
def match_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user_rw(request.user, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.match_move(actor=request.user, match=match, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"「{Stage(form.cleaned_data['to_stage']).label}」にしました。"
            )
            return redirect("participation:match", pk=match.pk)
    return _match_page(request, match, move_form=form)


@require_POST
def match_notes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user_rw(request.user, pk)
    form = MatchNotesForm(request.POST)
    if form.is_valid():
        services.match_update(actor=request.user, match=match, **form.cleaned_data)
        messages.success(request, "保存しました。")
        return redirect("participation:match", pk=match.pk)
    return _match_page(request, match, notes_form=form)


@require_POST
def follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = access.match_for_user_rw(request.user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_record(actor=request.user, match=match, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "フォローアップを記録しました。")
            return redirect("participation:match", pk=match.pk)
    return _match_page(request, match, follow_up_form=form)


def unmet_need(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """足りない社会資源: recorded from a case, kept without it."""
    case = access.participation_case_for_user_rw(request.user, pk)
    area = selectors.widen(selectors.home_area(case.main_person, case), "sphere")
    form = UnmetNeedForm(_posted(request), initial={"area": area})
    if request.method == "POST" and form.is_valid():
        try:
            services.unmet_need_record(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "足りない社会資源として記録しました（個人は記録されません）。"
            )
            return redirect("participation:case", pk=case.pk)
    _audit_view(request, case, "unmet_need")
    return render(request, "participation/unmet_need_form.html", {"case": case, "form": form})
