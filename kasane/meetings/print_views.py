"""議事録 (PDF, A4): the meeting, its participants with their pledges, and each agenda item with
its discussion and decisions.

Printed papers of a 支援会議 are collected at the end of the meeting, so only coordinators and
admins print; participants read the minutes on screen (404 for everyone else). Every page says
「非公開」; addresses and phones are never printed; printing is audited as meeting.print."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases.models import ScreeningCriterion
from kasane.core import pdf
from kasane.core.errors import required
from kasane.core.japanese import wareki
from kasane.core.templatetags.wareki import wareki_datetime
from kasane.meetings import selectors
from kasane.meetings.meeting_views import meeting_reason
from kasane.meetings.models import Decision, DecisionKind, Meeting

REASONED = (DecisionKind.SCREENING, DecisionKind.CLOSED, DecisionKind.SUSPENDED)


def decision_lines(decision: Decision) -> dict[str, str]:
    """A decision as a reader of the minutes understands it without the screen: one line, and
    the reason (or a note) under it."""
    return {
        "text": f"{decision.get_kind_display()}：{_decision_text(decision)}",
        "reason_label": "理由" if decision.kind in REASONED else "補足",
        "reason": decision.reason,
    }


def _decision_text(decision: Decision) -> str:
    kind = decision.kind
    if kind == DecisionKind.ROLE:
        text = required(decision.organization, "役割を担う機関").name
        if decision.role_label:
            text += f"（{decision.role_label}）"
        if decision.worker is not None:
            text += f" 担当 {decision.worker.full_name}"
        if decision.task:
            text += f" 担うこと：{decision.task}"
        if decision.due_on:
            text += f" 期限：{wareki(decision.due_on)}"
    elif kind == DecisionKind.PLAN_APPROVED:
        text = f"第{required(decision.plan, '承認する支援プラン').version}版"
    elif kind in (DecisionKind.CLOSED, DecisionKind.SUSPENDED):
        text = decision.closing_label
        if decision.handback_organization is not None:
            text += f" つなぎ戻し先（今後の主担当）：{decision.handback_organization.name}"
        if decision.follow_up_on:
            text += f" フォローアップ予定日：{wareki(decision.follow_up_on)}"
    elif kind == DecisionKind.MONITORING:
        text = wareki(decision.monitoring_on)
    elif kind == DecisionKind.NEXT_CONTACT:
        text = wareki(decision.next_contact_on)
    elif decision.eligible:
        criteria = [
            ScreeningCriterion(c).label for c in decision.criteria if c in ScreeningCriterion.values
        ]
        text = f"支援決定（判断：{'、'.join(criteria)}）"
    else:
        text = "対象外"
        if decision.referred_to is not None:
            text += f" つなぎ先：{decision.referred_to.name}"
    return text


def _frame(meeting: Meeting) -> pdf.PrintFrame:
    return pdf.PrintFrame(
        subject=meeting.title,
        header=f"{meeting.title}　{wareki_datetime(meeting.starts_at)}",
        mark="非公開",
        footer_mark="非公開",
    )


def _meeting_for_printing(request: AuthenticatedHttpRequest, pk: int) -> Meeting:
    meeting = access.meeting_for_user(request.user, pk)
    if not access.oversees_meetings(request.user):
        raise Http404
    return meeting


def print_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_printing(request, pk)
    detail_url = reverse("meetings:detail", args=[meeting.pk])
    content_access = access.content_access(request.user, meeting, manages=True)
    if not content_access.allowed:
        # A coordinator sitting at a 支援会議 pledges before reading its cases, printed or not.
        messages.error(request, content_access.message)
        return redirect(detail_url)
    items = selectors.agenda(meeting)
    for item in items:
        item.decision_lines = [decision_lines(d) for d in item.decisions.all()]
    participants = selectors.participants_with_pledges(meeting)
    context = {
        "meeting": meeting,
        "participants": participants,
        "show_pledges": meeting.needs_pledge or any(p.pledge for p in participants),
        "items": items,
        "ground_rules": selectors.GROUND_RULES if meeting.needs_pledge else (),
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
    try:
        content = pdf.render_pdf(
            "meetings/print/minutes.html", context, frame=_frame(meeting), request=request
        )
    except pdf.PdfUnavailable as error:
        return pdf.unavailable_response(
            request, error, back_url=detail_url, back_label="会議の画面に戻る"
        )
    targets = [item.outreach_target_id for item in items if item.is_target]
    audit_standalone(
        actor=request.user,
        action="meeting.print",
        target=meeting,
        reason=meeting_reason(meeting),
        details={
            "confirmed": meeting.is_confirmed,
            "cases": [item.case_id for item in items if item.case_id],
            "participants": len(participants),
            **({"targets": targets} if targets else {}),
        },
        people=selectors.agenda_people(meeting),
    )
    return pdf.pdf_response(content, filename=f"meeting-{meeting.pk}-minutes.pdf")
