"""The whole-household assessment (each save a new version) and the support plan (draft →
approved → superseded; every version kept and comparable). Every page that shows either is
audited; two workers saving from the same version cannot overwrite each other silently."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases import plan_selectors as selectors
from kasane.cases import services
from kasane.cases.models import Case, PlanStatus, SupportPlan
from kasane.cases.plan_forms import (
    ApproveForm,
    AssessmentForm,
    EntryForm,
    PlanForm,
    PlanItemFormSet,
    item_initial,
)
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.forms import first_error
from kasane.core.http import int_param


def _plan(case: Case, plan_pk: int) -> SupportPlan:
    plan = selectors.plan_of_case(case, plan_pk)
    if plan is None:
        raise Http404
    return plan


# --- Assessment -------------------------------------------------------------------------------


def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    page = selectors.assessment_page(case, int_param(request.GET.get("version")))
    if page is None:
        raise Http404
    version = page.assessment.version if page.assessment else None
    audit_standalone(
        actor=request.user,
        action="case.assessment_view",
        target=case,
        details={"version": version},
        people=services.case_people(case),
    )
    context = {"case": case, "page": page, "may_work": access.may_work_on_case(request.user, case)}
    return render(request, "cases/assessment_detail.html", context)


def assessment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    latest = selectors.latest_assessment(case)
    people = services.household_people(case)
    relations = selectors.relations_of(case, people)
    codes = selectors.issue_choices(latest)
    entries = {entry.person_id: entry for entry in latest.entries.all()} if latest else {}
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, latest=latest)
    members = [
        EntryForm(
            data,
            person=person,
            relation=relations.get(person.pk, ""),
            codes=codes,
            entry=entries.get(person.pk),
        )
        for person in people
    ]
    if data is not None and all([form.is_valid(), *(member.is_valid() for member in members)]):
        try:
            services.assessment_save(
                actor=request.user,
                case=case,
                based_on=form.cleaned_data["based_on"],
                assessed_on=form.cleaned_data["assessed_on"],
                household_view=form.cleaned_data["household_view"].strip(),
                worker_view=form.cleaned_data["worker_view"].strip(),
                urgency=form.cleaned_data["urgency"],
                entries=[member.entry() for member in members],
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "アセスメントを新しい版として保存しました。")
            return redirect("cases:assessment", pk=case.pk)
    audit_standalone(  # the form shows the latest version
        actor=request.user,
        action="case.assessment_view",
        target=case,
        details={"page": "edit", "version": latest.version if latest else None},
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "form": form,
        "members": members,
        "member_errors": any(member.errors for member in members),
        "latest": latest,
    }
    return render(request, "cases/assessment_form.html", context)


# --- Plan -------------------------------------------------------------------------------------


@require_POST
def plan_draft(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    try:
        plan = services.plan_draft(actor=request.user, case=case)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", pk=case.pk)
    messages.success(request, f"支援プランの第{plan.version}版を下書きとして作りました。")
    return redirect("cases:plan_edit", pk=case.pk, plan_pk=plan.pk)


def plan_detail(request: AuthenticatedHttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    plan = _plan(case, plan_pk)
    audit_standalone(
        actor=request.user,
        action="case.plan_view",
        target=case,
        details={"version": plan.version},
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "page": selectors.plan_page(case, plan),
        "may_work": access.may_work_on_case(request.user, case),
        "may_approve": access.may_approve_plan(request.user),
        "approve_form": ApproveForm(initial={"approved_on": timezone.localdate()}),
    }
    return render(request, "cases/plan_detail.html", context)


def plan_edit(request: AuthenticatedHttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    plan = _plan(case, plan_pk)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, "承認済みのプランは変更できません。新しい版を作ってください。")
        return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan)
    items = PlanItemFormSet(
        data,
        prefix="items",
        initial=item_initial(plan),
        form_kwargs={"choices": selectors.item_choices(case, plan)},
    )
    if data is not None and all([form.is_valid(), items.is_valid()]):
        try:
            services.plan_save(
                actor=request.user,
                plan=plan,
                loaded_at=form.cleaned_data["loaded_at"],
                items=items.items(),
                **form.values(),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "支援プランの下書きを保存しました。")
            return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
    audit_standalone(
        actor=request.user,
        action="case.plan_view",
        target=case,
        details={"page": "edit", "version": plan.version},
        people=services.case_people(case),
    )
    context = {"case": case, "plan": plan, "form": form, "items": items}
    return render(request, "cases/plan_form.html", context)


@require_POST
def plan_approve(request: AuthenticatedHttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    if not access.may_approve_plan(request.user):
        raise Http404
    plan = _plan(case, plan_pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
    try:
        services.plan_approve(
            actor=request.user, plan=plan, approved_on=form.cleaned_data["approved_on"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"支援プランの第{plan.version}版を承認しました。")
    return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)


def plan_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    a, b = int_param(request.GET.get("a")), int_param(request.GET.get("b"))
    pair = selectors.plans_to_compare(case, a, b)
    if pair is None and a is not None and b is not None and a != b:
        raise Http404  # not versions of this case's plan
    diff = None
    if pair is not None:
        diff = selectors.plan_diff(
            selectors.plan_snapshot(pair[0]), selectors.plan_snapshot(pair[1])
        )
    audit_standalone(
        actor=request.user,
        action="case.plan_view",
        target=case,
        details={"page": "compare", "versions": [plan.version for plan in pair or ()]},
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "pair": pair,
        "diff": diff,
        "versions": list(case.plans.only("pk", "case_id", "version", "status")),
    }
    return render(request, "cases/plan_compare.html", context)
