"""Printouts (PDF, A4): the one-page case summary, アセスメントシート, 支援プラン
(プラン兼利用申込書 with the person's signature box), 評価シート and 支援経過記録.

Each is for those who may see the case (404 for everyone else), never unmasks a restricted
address or phone (the `contact` filter prints 「（閲覧制限）」), shows notes only as
`access.notes_for_user` allows, and is audited as case.print with the form and version."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases.models import (
    Assessment,
    AssessmentEntry,
    Attainment,
    Case,
    EvaluationDecision,
    PlanStatus,
    SupportPlan,
)
from kasane.cases.services import case_people
from kasane.core import pdf
from kasane.intake.models import IssueCode
from kasane.people import contact
from kasane.people.models import Household, Person

SUMMARY_NOTES = 5


def _printout(
    request: AuthenticatedHttpRequest,
    case: Case,
    form: str,
    context: dict[str, Any],
    *,
    filename: str,
    details: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render the form's template to PDF, then record what was printed."""
    context = {
        **context,
        "case": case,
        "main_person": case.main_person,
        "household": _household(request, case),
        "home_restricted": contact.home_masked(case.main_person),
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
    try:
        content = pdf.render_pdf(
            f"cases/print/{form}.html", context, frame=_frame(case), request=request
        )
    except pdf.PdfUnavailable as error:
        return pdf.unavailable_response(
            request,
            error,
            back_url=reverse("cases:detail", args=[case.pk]),
            back_label="ケースの画面に戻る",
        )
    audit_standalone(
        actor=request.user,
        action="case.print",
        target=case,
        details={"form": form, **(details or {})},
        people=case_people(case),
    )
    return pdf.pdf_response(content, filename=f"case-{case.pk}-{filename}.pdf")


def _frame(case: Case) -> pdf.PrintFrame:
    return pdf.PrintFrame(
        subject=f"ケース番号 {case.pk}",
        header=f"ケース番号 {case.pk}　{case.title}",
        mark="個人情報・取扱注意",
        footer_mark="非公開・取扱注意",
    )


def _household(request: AuthenticatedHttpRequest, case: Case) -> Household | None:
    """Through the access getter, so it says whether a member is restricted (masking)."""
    if case.household_id is None:
        return None
    return access.household_for_user(request.user, case.household_id)


def _members(request: AuthenticatedHttpRequest, case: Case) -> list[tuple[Person, str, bool]]:
    """The current household members with their 続柄 (the main person first), each marked
    withheld when their record is not shared with the user (printed as 「同意のない世帯員」)."""
    if case.household is None:
        rows = [(case.main_person, "本人")]
    else:
        members = case.household.members.filter(left_on__isnull=True).select_related("person")
        rows = [(member.person, member.relation_display) for member in members]
        rows.sort(key=lambda row: row[0].pk != case.main_person_id)
    shown = access.people_shown_to(request.user, [person.pk for person, _ in rows])
    return [(person, relation, person.pk not in shown) for person, relation in rows]


def _current_plan(case: Case) -> SupportPlan | None:
    """The approved plan, or else the newest version (a draft)."""
    plans = case.plans.select_related("approved_by")
    return plans.filter(status=PlanStatus.APPROVED).first() or plans.first()


def _plan_items(plan: SupportPlan | None) -> list:
    return list(plan.items.select_related("organization", "worker")) if plan else []


def print_summary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    plan = _current_plan(case)
    notes = access.notes_for_user(request.user, case)[:SUMMARY_NOTES]
    context = {
        "members": _members(request, case),
        "team": case.team.filter(left_on__isnull=True).select_related("organization", "worker"),
        "plan": plan,
        "items": _plan_items(plan),
        "notes": notes,
        "latest_assessment": case.assessments.first(),
    }
    return _printout(request, case, "summary", context, filename="summary")


def _assessment(case: Case, version: str) -> Assessment:
    assessments = case.assessments.select_related("created_by")
    if version:
        if not version.isdigit():
            raise Http404
        return get_object_or_404(assessments, version=int(version))
    assessment = assessments.first()
    if assessment is None:
        raise Http404
    return assessment


def _checklist(entry: AssessmentEntry, codes: list[IssueCode]) -> list[tuple[IssueCode, bool]]:
    checked = {code.pk for code in entry.issues.all()}
    return [(code, code.pk in checked) for code in codes]


def print_assessment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    assessment = _assessment(case, request.GET.get("version", ""))
    entries = list(assessment.entries.select_related("person").prefetch_related("issues"))
    used = {code.pk for entry in entries for code in entry.issues.all()}
    # The checklist as on the national form: every item in use, marked where it applies.
    codes = list(IssueCode.objects.filter(Q(is_active=True) | Q(pk__in=used)))
    relations = {person.pk: relation for person, relation, _ in _members(request, case)}
    shown = access.people_shown_to(request.user, [entry.person_id for entry in entries])
    sheets = [
        {
            "entry": entry,
            "relation": relations.get(entry.person_id, ""),
            "checklist": _checklist(entry, codes),
            "withheld": entry.person_id not in shown,
        }
        for entry in entries
    ]
    context = {"assessment": assessment, "sheets": sheets}
    return _printout(
        request,
        case,
        "assessment",
        context,
        filename=f"assessment-v{assessment.version}",
        details={"version": assessment.version},
    )


def print_plan(request: AuthenticatedHttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    plan = get_object_or_404(case.plans.select_related("approved_by", "created_by"), pk=plan_pk)
    context = {"plan": plan, "items": _plan_items(plan)}
    return _printout(
        request,
        case,
        "plan",
        context,
        filename=f"plan-v{plan.version}",
        details={"plan": plan.pk, "version": plan.version},
    )


def print_evaluation(
    request: AuthenticatedHttpRequest, pk: int, evaluation_pk: int
) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    evaluation = get_object_or_404(
        case.evaluations.select_related(
            "plan", "handback_organization", "handback_referral", "created_by"
        ),
        pk=evaluation_pk,
    )
    context = {
        "evaluation": evaluation,
        "items": evaluation.items.select_related("plan_item__organization", "plan_item__worker"),
        "attainments": Attainment.choices,
        "decisions": EvaluationDecision.choices,
    }
    return _printout(
        request,
        case,
        "evaluation",
        context,
        filename=f"evaluation-{evaluation.pk}",
        details={"evaluation": evaluation.pk, "plan_version": evaluation.plan.version},
    )


def print_notes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user(request.user, pk)
    notes = list(access.notes_for_user(request.user, case).order_by("written_on", "pk"))
    return _printout(
        request,
        case,
        "notes",
        {"notes": notes},
        filename="notes",
        details={"notes": len(notes)},
    )
