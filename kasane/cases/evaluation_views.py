"""評価: recording the evaluation of the approved plan (終結 / 再プラン / 中断, and つなぎ戻し to
the organisation that becomes 主担当) and the evaluation page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases import services
from kasane.cases.evaluation_forms import EvaluationForm, EvaluationItemForm
from kasane.cases.models import (
    Case,
    Evaluation,
    EvaluationDecision,
    PlanStatus,
    SupportPlan,
)
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError
from kasane.core.submissions import AlreadySubmitted, submitted_once

# Decisions that end the case: asked once more before they are recorded.
ENDING_DECISIONS = (EvaluationDecision.CLOSE, EvaluationDecision.SUSPEND)
NOT_EVALUABLE = (
    "評価は、承認済みの支援プランがあり、支援中またはモニタリング中のケースについて記録します。"
)


def _approved_plan(case: Case) -> SupportPlan | None:
    return case.plans.filter(status=PlanStatus.APPROVED).first()


def _recorded_message(evaluation: Evaluation) -> str:
    outcome = f"評価を記録し、ケースを「{evaluation.get_decision_display()}」にしました。"
    if evaluation.handback_referral_id and evaluation.handback_organization is not None:
        return (
            f"{outcome}{evaluation.handback_organization.name}につなぎ戻しを送りました。"
            "受け取った機関のつなぎの一覧に届き、受け止めの状況はこの画面とケースの画面に表示されます。"
        )
    if evaluation.decision == EvaluationDecision.REPLAN:
        return f"{outcome}支援プランの新しい版を作り、承認を受けてください。"
    return outcome


def evaluation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    plan = _approved_plan(case)
    if case.status not in services.EVALUATION_STATUSES or plan is None:
        messages.error(request, NOT_EVALUABLE)
        return redirect("cases:detail", pk=case.pk)
    items = list(plan.items.select_related("organization", "worker"))
    data = request.POST if request.method == "POST" else None
    form = EvaluationForm(data, actor=request.user)
    item_forms = [EvaluationItemForm(data, plan_item=item) for item in items]
    if request.method == "POST":
        valid = [form.is_valid(), *(item_form.is_valid() for item_form in item_forms)]
        ends = form.is_valid() and form.cleaned_data["decision"] in ENDING_DECISIONS
        if all(valid) and ends and not is_confirmed(request):
            decision = EvaluationDecision(form.cleaned_data["decision"]).label
            return confirmation_page(
                request,
                title=f"ケース番号 {case.pk} を評価して「{decision}」にする",
                consequences=[
                    f"ケースは「{decision}」になり、支援経過やプランはそれ以降記録できません"
                    "（フォローアップ予定日だけは変更できます）。",
                    "終結・中断は元に戻せません。支援を再開するときは、新しくケースを開きます。",
                ],
                button=f"評価を記録して「{decision}」にする",
                back=reverse("cases:detail", args=[case.pk]),
            )
        if all(valid):
            try:
                with submitted_once(request.user, form) as submission:
                    evaluation = services.evaluation_record(
                        actor=request.user,
                        case=case,
                        items=[{"plan_item": f.plan_item, **f.cleaned_data} for f in item_forms],
                        **form.cleaned_data,
                    )
                    submission.url = reverse("cases:evaluation", args=[case.pk, evaluation.pk])
            except AlreadySubmitted as earlier:
                return earlier.response(request, reverse("cases:detail", args=[case.pk]))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _recorded_message(evaluation))
                return redirect(submission.url)
    audit_standalone(  # the form shows the plan (again, after a refused save)
        actor=request.user,
        action="case.view",
        target=case,
        details={"page": "evaluation_create", "plan": plan.version},
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "plan": plan,
        "form": form,
        "item_forms": item_forms,
        "has_errors": bool(form.errors) or any(f.errors for f in item_forms),
    }
    return render(request, "cases/evaluation_form.html", context)


def evaluation_detail(
    request: AuthenticatedHttpRequest, pk: int, evaluation_pk: int
) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "plan", "handback_organization", "handback_referral", "created_by"
        ),
        case=case,
        pk=evaluation_pk,
    )
    items = evaluation.items.select_related("plan_item__organization", "plan_item__worker")
    audit_standalone(
        actor=request.user,
        action="case.view",
        target=case,
        details={"page": "evaluation", "evaluation": evaluation.pk},
        people=services.case_people(case),
    )
    context = {
        "case": case,
        "evaluation": evaluation,
        "items": items,
        "may_work": access.may_work_on_case(request.user, case),
    }
    return render(request, "cases/evaluation_detail.html", context)
