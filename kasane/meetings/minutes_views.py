"""An agenda item: the summary of its case — or of its outreach target, at a 支援会議 — for the
participants (read-only, within the rules of `access.content_access`), and its minutes: the
discussion summary and the structured decisions, recorded by the coordinator and applied to
the cases and targets on confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases.services import case_people
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError, StaleEdit, required
from kasane.core.forms import first_error
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.meetings import selectors, services
from kasane.meetings.forms import ConfirmForm, DecisionForm, MinutesForm
from kasane.meetings.meeting_views import meeting_reason
from kasane.meetings.models import AgendaItem, Decision, DecisionKind, Meeting
from kasane.meetings.rules import decisions_for


def _summary(request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem) -> dict:
    """The item's summary, its view audited with the meeting as the reason: the case's, or
    the outreach target's."""
    details = {"meeting": meeting.pk, "item": item.pk}
    if item.outreach_target is not None:
        target = item.outreach_target
        audit_standalone(
            actor=request.user,
            action="meeting.target_view",
            target=target,
            reason=meeting_reason(meeting),
            details=details,
            people=[target.person_id],
        )
        return selectors.target_summary(meeting, target)
    case = required(item.case, "議題のケース")
    audit_standalone(
        actor=request.user,
        action="meeting.case_view",
        target=case,
        reason=meeting_reason(meeting),
        details=details,
        people=case_people(case),
    )
    return selectors.case_summary(request.user, meeting, case)


def _item_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, **forms: Any
) -> HttpResponse:
    summary = _summary(request, meeting, item)
    manages = access.may_manage_meetings(request.user)
    records = (
        manages and meeting.has_started() and not (meeting.is_confirmed or meeting.is_cancelled)
    )
    context: dict[str, Any] = {
        **summary,
        "meeting": meeting,
        "item": item,
        "decisions": list(
            item.decisions.select_related(
                "plan", "organization", "worker", "handback_organization", "referred_to"
            )
        ),
        "manages": manages,
        "reads_all": access.oversees_meetings(request.user),
        "records": records,
        "window_ends": meeting.guest_window_ends(),
    }
    if records:
        allowed = decisions_for(meeting.kind, target=item.is_target)
        bound = forms.get("decision_form")
        context["minutes_form"] = forms.get("minutes_form") or MinutesForm(
            initial={"discussion": item.discussion, "loaded_at": item.updated_at.isoformat()}
        )
        context["decision_forms"] = [
            (
                kind,
                bound
                if bound is not None and bound.data.get("kind") == kind
                else DecisionForm(initial={"kind": kind}, auto_id=f"id_{kind}_%s"),
            )
            for kind in allowed
        ]
        context["decision_labels"] = dict(DecisionKind.choices)
    return render(request, "meetings/item_detail.html", context)


def _item(request: AuthenticatedHttpRequest, pk: int, item_pk: int, *, rw: bool = False) -> tuple:
    if rw:
        meeting = access.meeting_for_user_rw(request.user, pk)
    else:
        meeting = access.meeting_for_user(request.user, pk)
    return meeting, access.agenda_item_for_user(request.user, meeting, item_pk)


def item_detail(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item(request, pk, item_pk)
    return _item_page(request, meeting, item)


def _refused(
    request: AuthenticatedHttpRequest, meeting: Meeting, item: AgendaItem, form: Any, **forms: Any
):
    messages.error(request, first_error(form))
    return _item_page(request, meeting, item, **forms)


@require_POST
def minutes_save(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item(request, pk, item_pk, rw=True)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                actor=request.user,
                item=item,
                discussion=form.cleaned_data["discussion"],
                loaded_at=form.cleaned_data["loaded_at"],
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "議事の要旨を保存しました。")
            return redirect(reverse("meetings:item", args=[meeting.pk, item.pk]) + "#minutes")
    return _refused(request, meeting, item, form, minutes_form=form)


@require_POST
def decision_add(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting, item = _item(request, pk, item_pk, rw=True)
    kind = request.POST.get("kind", "")
    form = DecisionForm(request.POST, auto_id=f"id_{kind}_%s")
    if form.is_valid():
        data = dict(form.cleaned_data)
        kind = data.pop("kind")
        plan_pk = data.pop("plan")
        if kind == DecisionKind.PLAN_APPROVED:
            case = item.case
            data["plan"] = case.plans.filter(pk=plan_pk).first() if case and plan_pk else None
        back = reverse("meetings:item", args=[meeting.pk, item.pk]) + "#decisions"
        try:
            with submitted_once(request.user, form) as submission:
                data.pop("submission_key")
                services.decision_add(actor=request.user, item=item, kind=kind, **data)
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"「{DecisionKind(kind).label}」を記録しました。")
            return redirect(back)
    return _refused(request, meeting, item, form, decision_form=form)


@require_POST
def decision_remove(request: AuthenticatedHttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    decision = get_object_or_404(
        Decision.objects.select_related("item"), pk=decision_pk, item__meeting=meeting
    )
    back = reverse("meetings:item", args=[meeting.pk, decision.item_id]) + "#decisions"
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"決定「{decision.get_kind_display()}」を取り消す",
            consequences=["記録した決定を議事録から外します。残すには、もう一度記録します。"],
            button="取り消す",
            back=back,
        )
    try:
        services.decision_remove(actor=request.user, decision=decision)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"「{decision.get_kind_display()}」を取り消しました。")
    return redirect(reverse("meetings:item", args=[meeting.pk, decision.item_id]) + "#decisions")


@require_POST
def minutes_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    form = ConfirmForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    if not is_confirmed(request):
        count = Decision.objects.filter(item__meeting=meeting).count()
        return confirmation_page(
            request,
            title=f"{meeting.title}の議事録を確定する",
            consequences=[
                f"{count}件の決定を、各ケースとアウトリーチ対象に反映します"
                "（プランの承認、状態、チーム、支援経過、対象の担当と次回の接触予定日）。",
                "確定した議事録と決定は、あとから変更できません。",
            ],
            button="議事録を確定して決定を反映する",
            back=reverse("meetings:detail", args=[meeting.pk]) + "#minutes",
        )
    try:
        decisions = services.minutes_confirm(actor=request.user, meeting=meeting, summary=summary)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        where = "ケース・アウトリーチ対象" if any(d.item.is_target for d in decisions) else "ケース"
        messages.success(
            request, f"議事録を確定し、{len(decisions)}件の決定を{where}に反映しました。"
        )
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")
