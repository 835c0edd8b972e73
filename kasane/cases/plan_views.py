"""The whole-household assessment (each save a new version) and the support plan (draft →
approved → superseded; every version kept and comparable). Every page that shows either is
audited; two workers saving from the same version cannot overwrite each other silently."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases import plan_selectors as selectors
from kasane.cases import services
from kasane.cases.consent import plan_consent_offer
from kasane.cases.models import Case, PlanStatus, SupportPlan
from kasane.cases.plan_forms import (
    ADD_ROWS,
    PLAN_ITEMS_MAX,
    ApproveForm,
    AssessmentForm,
    BasePlanItemFormSet,
    EntryForm,
    PlanForm,
    PlanItemFormSet,
    item_initial,
)
from kasane.core.confirm import confirmation_page, is_confirmed
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
    page = selectors.assessment_page(request.user, case, int_param(request.GET.get("version")))
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
    everyone = services.household_people(case)
    # Members not shared with the user get no form; the save keeps their entries as they were.
    shown = access.people_shown_to(request.user, [person.pk for person in everyone])
    people = [person for person in everyone if person.pk in shown]
    relations = selectors.relations_of(case, people)
    codes = selectors.issue_choices(latest)
    entries = {entry.person_id: entry for entry in latest.entries.all()} if latest else {}
    # The first version starts from what intake already recorded, so nobody types it again.
    prefill = selectors.intake_prefill(case) if latest is None else None
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, latest=latest)
    members = [
        EntryForm(
            data,
            person=person,
            relation=relations.get(person.pk, ""),
            codes=codes,
            entry=entries.get(person.pk),
            prefill=prefill if prefill and prefill.person_id == person.pk else None,
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
        details={
            "page": "edit",
            "version": latest.version if latest else None,
            "consultation": prefill.consultation.pk if prefill else None,
        },
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "form": form,
        "members": members,
        "member_errors": any(member.errors for member in members),
        "latest": latest,
        "withheld_count": len(everyone) - len(people),
        "prefill": prefill if prefill and prefill.person_id in {p.pk for p in people} else None,
    }
    return render(request, "cases/assessment_form.html", context)


# --- Plan -------------------------------------------------------------------------------------


def plan_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new version: the editor opens prefilled from the approved plan (or empty for the
    first); nothing is created until the user saves."""
    case = access.case_for_user_rw(request.user, pk)
    draft = case.plans.filter(status=PlanStatus.DRAFT).first()
    if draft is not None:
        messages.info(request, "下書きの支援プランが既にあります。そちらを編集してください。")
        return redirect("cases:plan_edit", pk=case.pk, plan_pk=draft.pk)
    approved = case.plans.filter(status=PlanStatus.APPROVED).first()
    if _wants_rows(request):
        form, items = _with_more_rows(request, case, services.plan_base(case), approved)
    else:
        form, items = _plan_forms(request, case, services.plan_base(case), approved)
    if request.method == "POST" and not _wants_rows(request) and _valid(form, items):
        try:
            plan = services.plan_create(
                actor=request.user, case=case, items=items.items(), **form.values()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"支援プランの第{plan.version}版を下書きとして保存しました。")
            return _offer_consent_or_show(request, plan)
    audit_standalone(
        actor=request.user,
        action="case.plan_view",
        target=case,
        details={"page": "new", "from": approved.version if approved else None},
    )
    context = {"case": case, "plan": None, "form": form, "items": items}
    return render(request, "cases/plan_form.html", context)


def _plan_forms(
    request: AuthenticatedHttpRequest,
    case: Case,
    plan: SupportPlan,
    items_of: SupportPlan | None,
    data: QueryDict | None = None,
) -> tuple[PlanForm, BasePlanItemFormSet]:
    """The plan's form and its items' formset, bound to the post (or `data`)."""
    if data is None and request.method == "POST":
        data = request.POST
    form = PlanForm(data, instance=plan)
    items = PlanItemFormSet(
        data,
        prefix="items",
        initial=item_initial(items_of) if items_of else [],
        form_kwargs={"choices": selectors.item_choices(case, items_of)},
    )
    return form, items


def _valid(form: PlanForm, items: BasePlanItemFormSet) -> bool:
    return all([form.is_valid(), items.is_valid()])


def _wants_rows(request: AuthenticatedHttpRequest) -> bool:
    return request.method == "POST" and "add_rows" in request.POST


def _with_more_rows(
    request: AuthenticatedHttpRequest,
    case: Case,
    plan: SupportPlan,
    items_of: SupportPlan | None,
) -> tuple[PlanForm, BasePlanItemFormSet]:
    """「項目を追加」 without JavaScript: the same input again with more empty rows, nothing
    saved (up to PLAN_ITEMS_MAX rows)."""
    data = request.POST.copy()
    total = int_param(data.get("items-TOTAL_FORMS")) or 0
    data["items-TOTAL_FORMS"] = str(min(max(total, 0) + ADD_ROWS, PLAN_ITEMS_MAX))
    return _plan_forms(request, case, plan, items_of, data)


def plan_item_row(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """「項目を追加」 with htmx: one more empty item row, and the formset's new row count."""
    case = access.case_for_user_rw(request.user, pk)
    index = int_param(request.GET.get("items-TOTAL_FORMS"))
    if index is None or not 0 <= index < PLAN_ITEMS_MAX:
        return HttpResponse(status=204)  # the editor already has as many rows as a plan may
    plan_pk = int_param(request.GET.get("plan"))
    plan = _plan(case, plan_pk) if plan_pk is not None else None
    formset = PlanItemFormSet(
        prefix="items", form_kwargs={"choices": selectors.item_choices(case, plan)}
    )
    row = formset.empty_form
    row.prefix = formset.add_prefix(index)
    context = {"item": row, "number": index + 1, "total": index + 1, "added": True}
    return render(request, "cases/_plan_item_row.html", context)


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
    if _wants_rows(request):
        form, items = _with_more_rows(request, case, plan, plan)
    else:
        form, items = _plan_forms(request, case, plan, plan)
    if request.method == "POST" and not _wants_rows(request) and _valid(form, items):
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
            plan.refresh_from_db()
            return _offer_consent_or_show(request, plan)
    audit_standalone(
        actor=request.user,
        action="case.plan_view",
        target=case,
        details={"page": "edit", "version": plan.version},
        people=services.case_people(case),
    )
    context = {"case": case, "plan": plan, "form": form, "items": items}
    return render(request, "cases/plan_form.html", context)


def _offer_consent_or_show(request: AuthenticatedHttpRequest, plan: SupportPlan) -> HttpResponse:
    """After a save: a plan that records consent the person has not on record goes on to the
    consent form (one confirmation), else to the plan."""
    offer = plan_consent_offer(request.user, plan)
    if offer is not None:
        messages.info(request, offer.message)
        if offer.url:
            return redirect(offer.url)
    return redirect("cases:plan", pk=plan.case_id, plan_pk=plan.pk)


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
    approved_on = form.cleaned_data["approved_on"]
    if not is_confirmed(request):
        try:
            services.check_approval(plan=plan, approved_on=approved_on)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("cases:plan", pk=case.pk, plan_pk=plan.pk)
        return confirmation_page(
            request,
            title=f"ケース番号 {case.pk} の支援プラン第{plan.version}版を承認する",
            consequences=[
                "承認した版は変更できません。直すときは、新しい版を作って承認を受けます。",
                "これまで承認済みの版があれば、その版は「改定済」になります。",
            ],
            button="承認する",
            back=reverse("cases:plan", args=[case.pk, plan.pk]),
        )
    try:
        services.plan_approve(actor=request.user, plan=plan, approved_on=approved_on)
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
