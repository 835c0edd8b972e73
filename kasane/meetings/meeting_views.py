"""会議: the list, scheduling, the meeting page (ground rules, participants and their pledges,
the agenda), and the coordinator's changes to them. Records come only from `kasane.access`;
what a participant sees of the agenda's cases is `access.content_access`. Every page is
audited with the meeting as the reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.forms import first_error
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.meetings import selectors, services
from kasane.meetings.forms import (
    AgendaForm,
    CancelForm,
    ConfirmForm,
    MeetingFilterForm,
    MeetingForm,
    ParticipantForm,
    PledgeForm,
    SignPledgeForm,
    TargetAgendaForm,
)
from kasane.meetings.models import Meeting, MeetingKind, MeetingParticipant, PledgeText
from kasane.meetings.rules import takes_targets
from kasane.people.consent import ConsentMissing, consent_record_links


def pledge_text_choices() -> list[tuple[int, str]]:
    """The pledge text versions, newest first, read once for all the pledge forms of a page."""
    return [(text.pk, text.version) for text in PledgeText.objects.all()]


def meeting_reason(meeting: Meeting) -> str:
    """The reason every view of a meeting's content is recorded with."""
    return f"会議「{meeting.title}」（会議番号 {meeting.pk}）"


def _reads_all(request: AuthenticatedHttpRequest) -> bool:
    return access.oversees_meetings(request.user)


# --- The list ---------------------------------------------------------------------------------


def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = access.meetings_for_user(request.user)
    filters = read_filters(request, MeetingFilterForm, user=request.user)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_manage": access.may_manage_meetings(request.user),
        "reads_all": _reads_all(request),
    }
    if filters.values is not None:
        chosen = context["filters"] = selectors.MeetingFilters(**filters.values)
        listed = selectors.meeting_list(meetings, chosen)
        context["page"] = keyset_page(request, listed, selectors.meeting_order(chosen))
        audit_standalone(actor=request.user, action="meeting.list", details=chosen.for_audit())
    return render(request, "meetings/meeting_list.html", context)


# --- Scheduling -------------------------------------------------------------------------------


def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_manage_meetings(request.user):
        raise Http404
    kind = request.GET.get("kind", MeetingKind.SUPPORT)
    initial = {
        "kind": kind if kind in MeetingKind.values else MeetingKind.SUPPORT,
        "convener": request.user.organization_id,
        "duration_minutes": 60,
        "starts_time": "14:00",
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                meeting = services.meeting_schedule(actor=request.user, **form.values())
                submission.url = reverse("meetings:detail", args=[meeting.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("meetings:list"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "会議を予定しました。参加者と議題を加えてください。")
            return redirect(submission.url)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                loaded_at=form.cleaned_data["loaded_at"],
                **form.values(),
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@require_POST
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, "中止の理由を入力してください。")
    elif not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"{meeting.title}を中止する",
            consequences=["中止した会議は、元に戻せません。開くときは、新しく予定します。"],
            button="中止にする",
            back=reverse("meetings:detail", args=[meeting.pk]),
        )
    else:
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "会議を中止にしました。")
    return redirect("meetings:detail", pk=meeting.pk)


# --- The meeting page -------------------------------------------------------------------------


def _meeting_page(
    request: AuthenticatedHttpRequest, meeting: Meeting, **forms: Any
) -> HttpResponse:
    reads_all = _reads_all(request)
    manages = access.may_manage_meetings(request.user)
    content = access.content_access(request.user, meeting, manages=reads_all)
    audit_standalone(
        actor=request.user,
        action="meeting.view",
        target=meeting,
        reason=meeting_reason(meeting),
        details={"content": content.allowed, "why_not": content.reason},
        people=selectors.agenda_people(meeting) if content.allowed else (),
    )
    show_people = content.allowed or reads_all
    participants = selectors.participants_with_pledges(meeting) if show_people else []
    context: dict[str, Any] = {
        "meeting": meeting,
        "content": content,
        "manages": manages,
        "reads_all": reads_all,
        "item_count": meeting.items.count(),
        "items": selectors.agenda(meeting) if content.allowed else [],
        "participants": participants,
        "ground_rules": selectors.GROUND_RULES if meeting.needs_pledge else (),
        "window_ends": meeting.guest_window_ends(),
        "has_started": meeting.has_started(),
        "is_open": not (meeting.is_confirmed or meeting.is_cancelled),
        # 機能Ⅲ: an agenda item's case may give a 地域課題 (raised on the community pages).
        "raises_issues": access.may_keep_community(request.user),
    }
    if manages and context["is_open"]:
        unpledged = [p for p in participants if p.pledge is None]
        texts = pledge_text_choices()
        search = _agenda_search(request, meeting)
        found = search.cases if search else []
        context.update(
            participant_form=forms.get("participant_form")
            or ParticipantForm(candidates=selectors.team_candidates(meeting)),
            agenda_form=forms.get("agenda_form") or AgendaForm(meeting=meeting, found=found),
            agenda_search=search,
            pledge_forms={p.pk: PledgeForm(prefix=f"p{p.pk}", texts=texts) for p in unpledged},
            cancel_form=CancelForm(),
            confirm_form=ConfirmForm(),
        )
        if forms.get("pledge_form") is not None:
            context["pledge_forms"][forms["pledge_participant"]] = forms["pledge_form"]
        if takes_targets(meeting.kind):
            offered = selectors.agenda_target_choices(request.user, meeting)
            context["target_form"] = forms.get("target_form") or TargetAgendaForm(offered=offered)
    return render(request, "meetings/meeting_detail.html", context)


def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, access.meeting_for_user(request.user, pk))


def _refused(
    request: AuthenticatedHttpRequest, meeting: Meeting, form: Any, **forms: Any
) -> HttpResponse:
    """A refused write: the meeting page again with the form's errors and the input kept."""
    messages.error(request, first_error(form))
    return _meeting_page(request, meeting, **forms)


# --- Participants and pledges -----------------------------------------------------------------


@require_POST
def participant_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    form = ParticipantForm(request.POST, candidates=selectors.team_candidates(meeting))
    if form.is_valid():
        data = form.cleaned_data
        back = reverse("meetings:detail", args=[meeting.pk]) + "#participants"
        try:
            with submitted_once(request.user, form) as submission:
                added = services.participants_add(
                    actor=request.user,
                    meeting=meeting,
                    users=form.team_users(),
                    user=data["user"],
                    name=data["name"],
                    organization_name=data["organization_name"],
                    role=data["role"],
                )
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            names = "、".join(f"{participant.display_name}さん" for participant in added)
            messages.success(request, f"{names}を参加者に加えました。")
            return redirect(back)
    return _refused(request, meeting, form, participant_form=form)


def _participant(meeting: Meeting, pk: int) -> MeetingParticipant:
    return get_object_or_404(meeting.participants.select_related("user"), pk=pk)


@require_POST
def participant_remove(
    request: AuthenticatedHttpRequest, pk: int, participant_pk: int
) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    participant = _participant(meeting, participant_pk)
    try:
        services.participant_remove(actor=request.user, participant=participant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{participant.display_name}さんを参加者から外しました。")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#participants")


@require_POST
def pledge_record(request: AuthenticatedHttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """A pledge signed on paper, recorded by the coordinator."""
    meeting = access.meeting_for_user_rw(request.user, pk)
    participant = _participant(meeting, participant_pk)
    form = PledgeForm(request.POST, prefix=f"p{participant.pk}", texts=pledge_text_choices())
    if form.is_valid():
        data = form.cleaned_data
        back = reverse("meetings:detail", args=[meeting.pk]) + "#participants"
        try:
            with submitted_once(request.user, form) as submission:
                services.pledge_record(
                    actor=request.user,
                    participant=participant,
                    signed_on=data["signed_on"],
                    text=PledgeText.objects.get(pk=data["text"]),
                    for_period=data["for_period"],
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                )
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{participant.display_name}さんの誓約を記録しました。")
            return redirect(back)
    return _refused(request, meeting, form, pledge_form=form, pledge_participant=participant.pk)


def pledge_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A participant pledges in Kasane: the text, a checkbox, the date of today."""
    meeting = access.meeting_for_user(request.user, pk)
    participant = meeting.participants.filter(user=request.user).first()
    if participant is None or not meeting.needs_pledge:
        raise Http404
    try:
        text = services.current_pledge_text()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("meetings:detail", pk=meeting.pk)
    pledged = access.has_pledge(participant, meeting)
    form = SignPledgeForm(request.POST or None)
    if request.method == "POST" and not pledged and form.is_valid():
        try:
            services.pledge_record(
                actor=request.user,
                participant=participant,
                signed_on=timezone.localdate(),
                text=text,
                signed_online=True,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "誓約を記録しました。")
            return redirect("meetings:detail", pk=meeting.pk)
    context = {"meeting": meeting, "text": text, "form": form, "pledged": pledged}
    return render(request, "meetings/pledge_sign.html", context)


# --- The agenda -------------------------------------------------------------------------------


def _agenda_search(
    request: AuthenticatedHttpRequest, meeting: Meeting
) -> selectors.AgendaSearch | None:
    """The cases a name typed in 議題を加える finds; the names shown are recorded as a search
    of the case list."""
    text = request.GET.get("agenda_q", "").strip()[:50]
    if not text:
        return None
    search = selectors.agenda_case_search(request.user, meeting, text)
    audit_standalone(
        actor=request.user,
        action="case.list",
        reason=meeting_reason(meeting),
        details={
            "criteria": ["name"],
            "via": "meeting_agenda",
            "meeting": meeting.pk,
            "shown": len(search.cases),
        },
        people=[case.main_person_id for case in search.cases],
    )
    return search


def agenda_cases(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cases found for 議題を加える, as the name is typed (htmx); the meeting page itself
    answers the same search without JavaScript."""
    meeting = access.meeting_for_user_rw(request.user, pk)
    search = _agenda_search(request, meeting)
    form = AgendaForm(meeting=meeting, found=search.cases if search else [])
    context = {"agenda_search": search, "agenda_form": form}
    return render(request, "meetings/_agenda_cases.html", context)


@require_POST
def agenda_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put a case on the agenda, from the meeting page (by its number) or from the case page
    (`next=case` returns there)."""
    meeting = access.meeting_for_user_rw(request.user, pk)
    form = AgendaForm(request.POST, meeting=meeting)
    case = None
    if form.is_valid():
        data = form.cleaned_data
        case = access.cases_for_user(request.user).filter(pk=data["case_number"]).first()
        if case is None:
            form.add_error("case_number", "そのケース番号のケースは見つかりません。")
        else:
            back = reverse("meetings:detail", args=[meeting.pk]) + "#agenda"
            if request.POST.get("next") == "case":
                back = reverse("cases:detail", args=[case.pk]) + "#meetings"
            try:
                with submitted_once(request.user, form) as submission:
                    services.agenda_add(
                        actor=request.user,
                        meeting=meeting,
                        case=case,
                        purpose=data["purpose"],
                        briefing=data["briefing"],
                    )
                    submission.url = back
            except AlreadySubmitted as earlier:
                return earlier.response(request, back)
            except DomainError as error:
                form.add_error(None, error.message)
                if isinstance(error, ConsentMissing):
                    messages.info(request, consent_record_links(request.user, error))
            else:
                messages.success(request, f"{case.title}を{meeting.title}の議題に加えました。")
                return redirect(back)
    if request.POST.get("next") == "case" and case is not None:
        messages.error(request, first_error(form))
        return redirect(reverse("cases:detail", args=[case.pk]) + "#meetings")
    if case is not None and form.cleaned_data.get("case"):
        form.offer([case])  # keep the case chosen from the search on the page
    return _refused(request, meeting, form, agenda_form=form)


@require_POST
def agenda_add_target(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put an outreach target with no case on a 支援会議's agenda, from the meeting page or from
    the target's page (`next=target` returns there). The target is one the user may see."""
    meeting = access.meeting_for_user_rw(request.user, pk)
    offered = selectors.agenda_target_choices(request.user, meeting)
    form = TargetAgendaForm(request.POST, offered=offered)
    from_target = request.POST.get("next") == "target"
    target = None
    if form.is_valid():
        number = form.cleaned_data["target_number"]
        target = access.outreach_targets_for_user(request.user).filter(pk=number).first()
        if target is None:
            form.add_error("target_number", "その番号のアウトリーチ対象は見つかりません。")
        else:
            back = reverse("meetings:detail", args=[meeting.pk]) + "#agenda"
            if from_target:
                back = reverse("outreach:detail", args=[target.pk]) + "#meetings"
            try:
                with submitted_once(request.user, form) as submission:
                    services.agenda_add_target(
                        actor=request.user,
                        meeting=meeting,
                        target=target,
                        briefing=form.cleaned_data["briefing"],
                    )
                    submission.url = back
            except AlreadySubmitted as earlier:
                return earlier.response(request, back)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"{target.name_label}を{meeting.title}の議題に加えました。"
                )
                return redirect(back)
    if from_target and target is not None:
        messages.error(request, first_error(form))
        return redirect(reverse("outreach:detail", args=[target.pk]) + "#meetings")
    return _refused(request, meeting, form, target_form=form)


@require_POST
def agenda_remove(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.meeting_for_user_rw(request.user, pk)
    item = get_object_or_404(
        meeting.items.select_related(
            "case__household", "case__main_person", *selectors.TARGET_RELATED
        ),
        pk=item_pk,
    )
    try:
        services.agenda_remove(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{item.title}を議題から外しました。")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
