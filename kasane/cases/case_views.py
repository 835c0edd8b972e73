"""支援ケース: the list and its Excel export (built in `exports.py`), opening a case (from a
consultation, a referral or a person), the case page, changing it, moving its status, the team
and the progress notes. Every page that shows a case is audited; records come only from
`kasane.access`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.cases import exports, sections, selectors, services
from kasane.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseOpenForm,
    NoteForm,
    TeamAddForm,
    TeamLeaveForm,
    TransitionForm,
)
from kasane.cases.models import Case, CaseStatus
from kasane.core import xlsx
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import Filters, read_filters, refuse_export
from kasane.core.forms import errors_to_messages, first_error
from kasane.core.http import int_param
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.intake.models import Consultation, Referral
from kasane.people.consent import ConsentMissing, consent_record_links
from kasane.people.models import Household, Person
from kasane.people.selectors import households_of

# Steps that end a case (中断, 対象外): asked once more before they are taken.
ENDING_STEPS = (CaseStatus.SUSPENDED, CaseStatus.NOT_ELIGIBLE)
# The case list's order (selectors.case_list's), which its keyset pages follow.
CASE_LIST_ORDER = ("-updated_at", "-pk")


def _filters(request: AuthenticatedHttpRequest) -> tuple[Filters, selectors.CaseFilters | None]:
    filters = read_filters(request, CaseFilterForm, user=request.user)
    if filters.values is None:
        return filters, None
    return filters, selectors.CaseFilters(**{k: v for k, v in filters.values.items() if v})


# --- The list and its export ------------------------------------------------------------------


def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.cases_for_user(request.user)  # 404 for roles without case work
    filters, case_filters = _filters(request)
    context = {
        **filters.context(),
        "query": query_without_page(request),
        "may_open": access.may_record_consultation(request.user),
    }
    if case_filters is not None:
        cases = selectors.case_list(request.user, case_filters)
        page = keyset_page(request, cases, CASE_LIST_ORDER)
        audit_standalone(
            actor=request.user,
            action="case.list",
            details={**case_filters.for_audit(), **page.for_audit},
            people=[case.main_person_id for case in page.object_list],
        )
        context["page"] = page
    return render(request, "cases/case_list.html", context)


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def case_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered list as an Excel file: visible cases only, 閲覧制限 always masked; an
    invalid filter exports nothing (back to the list, which says what to correct). A GET, or
    a refused password, shows the password form; the file comes from its POST."""
    access.cases_for_user(request.user)
    _form, case_filters = _filters(request)
    if case_filters is None:
        return refuse_export(request, "cases:list")
    password = xlsx.export_password_form(request, personal=True)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title="支援ケースの一覧を Excel で出力",
            back_to="cases:list",
            back_label="支援ケースの一覧に戻る",
        )
    export = exports.cases_export(selectors.case_list(request.user, case_filters))
    audit_standalone(
        actor=request.user,
        action="case.export",
        details={
            **case_filters.for_audit(),
            "rows": export.rows,
            "total": export.total,
            **password.for_audit(),
        },
        people=export.people,
    )
    return xlsx.xlsx_response(
        export.content,
        filename=f"cases-{timezone.localdate():%Y%m%d}.xlsx",
        password=password.file_password,
    )


# --- Opening a case ---------------------------------------------------------------------------


def _source(
    request: AuthenticatedHttpRequest,
) -> tuple[Consultation | None, Referral | None, Person | None]:
    """Where the case is opened from: ?consultation=, ?referral= or ?person=; 404 when the user
    may not see it."""
    user = request.user
    if (pk := int_param(request.GET.get("consultation"))) is not None:
        consultation = access.consultation_for_user(user, pk)
        person = (
            access.person_for_user(user, consultation.person_id) if consultation.person_id else None
        )
        return consultation, None, person
    if (pk := int_param(request.GET.get("referral"))) is not None:
        referral = access.referral_for_user_rw(user, pk)
        person = access.person_for_user(user, referral.person_id) if referral.person_id else None
        return None, referral, person
    if (pk := int_param(request.GET.get("person"))) is not None:
        return None, None, access.person_for_user(user, pk)
    raise Http404


def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_record_consultation(request.user):
        raise Http404
    consultation, referral, person = _source(request)
    if person is None:
        messages.error(request, "本人の記録と結び付けてから、ケースを開いてください。")
        if consultation is not None:
            return redirect("consultations:detail", pk=consultation.pk)
        if referral is not None:
            return redirect("referrals:detail", pk=referral.pk)
        raise Http404
    households = households_of(request.user, person)
    form = CaseOpenForm(
        request.POST or None,
        actor=request.user,
        households=households,
        initial=_initial(consultation, referral, households),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                case = services.case_open(
                    actor=request.user,
                    main_person=person,
                    household=data["household"],
                    programs=data["programs"],
                    lead_organization=data["lead_organization"],
                    lead_worker=data["lead_worker"],
                    summary=data["summary"],
                    opened_on=data["opened_on"],
                    consultation=consultation,
                    referral=referral,
                )
                submission.url = reverse("cases:detail", args=[case.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("cases:list"))
        except DomainError as error:
            form.add_error(None, error.message)
            _consent_links(request, error)
        else:
            messages.success(request, "ケースを開きました（受付）。次はスクリーニングです。")
            return redirect(submission.url)
    _audit_source(request, consultation, referral, person)
    context = {
        "form": form,
        "person": person,
        "consultation": consultation,
        "referral": referral,
        "open_cases": list(selectors.open_cases_of(request.user, person)),
    }
    return render(request, "cases/case_form.html", context)


def _initial(
    consultation: Consultation | None,
    referral: Referral | None,
    households: QuerySet[Household],
) -> dict[str, Any]:
    """The summary starts from the consultation's 主訴 or the referral's reason; the household
    from the consultation's, or the person's only one."""
    if consultation is not None:
        return {"summary": consultation.summary, "household": consultation.household_id}
    initial: dict[str, Any] = {"summary": referral.reason} if referral is not None else {}
    if len(households) == 1:
        initial["household"] = households[0].pk
    return initial


def _audit_source(
    request: AuthenticatedHttpRequest,
    consultation: Consultation | None,
    referral: Referral | None,
    person: Person,
) -> None:
    """The form shows what the source says and whom it is about."""
    details = {"page": "case_create"}
    if consultation is not None:
        audit_standalone(
            actor=request.user, action="consultation.view", target=consultation, details=details
        )
    if referral is not None:
        audit_standalone(
            actor=request.user, action="referral.view", target=referral, details=details
        )
    audit_standalone(actor=request.user, action="person.view", target=person, details=details)


# --- The case page ----------------------------------------------------------------------------


def _case_page(request: AuthenticatedHttpRequest, case: Case, **forms: Any) -> HttpResponse:
    """The case page; a refused form is passed in bound, to show its errors and keep the
    input."""
    audit_standalone(
        actor=request.user,
        action="case.view",
        target=case,
        details={"page": "detail"},
        people=services.case_people(case),
    )
    context = selectors.case_page_context(
        request.user, case, notes_number=_number(request.GET.get("notes_page"))
    )
    context["case_sections"] = sections.sections_for(request.user, case)
    if context["may_work"]:
        refused = forms.get("transition_form")
        context["steps"] = [
            (
                CaseStatus(status),
                refused
                if refused is not None and refused.data.get("to_status") == status
                else TransitionForm.for_step(status),
            )
            for status in context["next_steps"]
        ]
        context["team_form"] = forms.get("team_form") or TeamAddForm()
        context["leave_form"] = TeamLeaveForm()
        context["note_form"] = forms.get("note_form") or NoteForm()
    return render(request, "cases/case_detail.html", context)


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, access.case_for_user(request.user, pk))


def case_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    initial = {
        "programs": case.programs,
        "summary": case.summary,
        "follow_up_on": case.follow_up_on,
        "loaded_at": case.updated_at.isoformat(),
    }
    form = CaseEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_update(
                actor=request.user,
                case=case,
                loaded_at=data["loaded_at"],
                programs=sorted(data["programs"]),
                summary=data["summary"],
                follow_up_on=data["follow_up_on"],
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("cases:detail", pk=case.pk)
    audit_standalone(
        actor=request.user,
        action="case.view",
        target=case,
        details={"page": "edit"},
        people=services.case_people(case),
    )
    return render(request, "cases/case_edit.html", {"form": form, "case": case})


# --- Status, team and notes (POST only, from the case page) ---------------------------------


@require_POST
def case_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    form = TransitionForm(request.POST, auto_id=f"id_{request.POST.get('to_status', '')}_%s")
    form.keep_fields_for(request.POST.get("to_status", ""))
    if form.is_valid():
        data = form.cleaned_data
        if data["to_status"] in ENDING_STEPS and not is_confirmed(request):
            try:
                services.check_transition(
                    case=case,
                    to_status=data["to_status"],
                    reason=data.get("reason", ""),
                    criteria=data.get("criteria"),
                    referred_to=data.get("referred_to"),
                )
            except DomainError as error:
                form.add_error(None, error.message)
                return _refused(request, case, form, transition_form=form)
            label = CaseStatus(data["to_status"]).label
            return confirmation_page(
                request,
                title=f"ケース番号 {case.pk} を「{label}」にする",
                consequences=[
                    f"「{label}」にしたケースは、元に戻せません。"
                    "支援経過やプランはそれ以降記録できません。",
                    "支援を再開するときは、新しくケースを開きます。",
                ],
                button=f"「{label}」にする",
                back=reverse("cases:detail", args=[case.pk]) + "#status",
            )
        try:
            transition = services.case_transition(
                actor=request.user,
                case=case,
                to_status=data["to_status"],
                occurred_on=data.get("occurred_on"),
                reason=data.get("reason", ""),
                criteria=data.get("criteria"),
                referred_to=data.get("referred_to"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"「{transition.get_to_status_display()}」にしました。")
            return redirect("cases:detail", pk=case.pk)
    return _refused(request, case, form, transition_form=form)


@require_POST
def team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    form = TeamAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        back = reverse("cases:detail", args=[case.pk]) + "#team"
        try:
            with submitted_once(request.user, form) as submission:
                member = services.team_add(
                    actor=request.user,
                    case=case,
                    organization=data["organization"],
                    role=data["role"],
                    worker=data["worker"],
                    joined_on=data["joined_on"],
                )
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
            _consent_links(request, error)
        else:
            messages.success(
                request,
                f"{member.organization.name}が{member.get_role_display()}として加わりました。",
            )
            return redirect(back)
    return _refused(request, case, form, team_form=form)


@require_POST
def team_leave(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    member = get_object_or_404(case.team.select_related("organization"), pk=member_pk)
    form = TeamLeaveForm(request.POST)
    if not form.is_valid():
        return _back_with_errors(request, case, form)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"{member.organization.name}がケース番号 {case.pk} のチームを離れる",
            consequences=[
                f"{member.organization.name}の職員は、このケースと世帯の記録を見られなくなります。",
                "戻るときは、同意か支援会議の決定にもとづいて、もう一度チームに加えます。",
            ],
            button="離脱を記録する",
            back=reverse("cases:detail", args=[case.pk]) + "#team",
        )
    try:
        services.team_leave(actor=request.user, member=member, left_on=form.cleaned_data["left_on"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("cases:detail", args=[case.pk]) + "#team")
    messages.success(request, f"{member.organization.name}がチームを離れたことを記録しました。")
    if not access.may_see_case(request.user, case.pk):
        # The user's own organisation left: the case is no longer theirs to see.
        return redirect("cases:list")
    return redirect(reverse("cases:detail", args=[case.pk]) + "#team")


@require_POST
def note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        back = reverse("cases:detail", args=[case.pk]) + "#notes"
        try:
            with submitted_once(request.user, form) as submission:
                services.note_add(actor=request.user, case=case, **form.cleaned_data)
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "支援経過を記録しました。")
            return redirect(back)
    return _refused(request, case, form, note_form=form)


@require_POST
def note_done(request: AuthenticatedHttpRequest, pk: int, note_pk: int) -> HttpResponse:
    case = access.case_for_user_rw(request.user, pk)
    note = get_object_or_404(access.notes_for_user(request.user, case), pk=note_pk)
    try:
        services.note_action_done(actor=request.user, note=note)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"次の対応「{note.next_action}」を済みにしました。")
    if request.POST.get("next") == "home":
        return redirect("front:home")
    return redirect(reverse("cases:detail", args=[case.pk]) + "#notes")


def _consent_links(request: AuthenticatedHttpRequest, error: DomainError) -> None:
    """A refusal for lack of consent says where the consent is recorded."""
    if isinstance(error, ConsentMissing):
        messages.info(request, consent_record_links(request.user, error))


def _refused(
    request: AuthenticatedHttpRequest, case: Case, form: Any, **forms: Any
) -> HttpResponse:
    """A refused write: the case page again, with the form's errors next to it and the input
    kept; the rule that refused it (e.g. consent) is also the page's message."""
    messages.error(request, first_error(form, fields=False))
    return _case_page(request, case, **forms)


def _back_with_errors(request: AuthenticatedHttpRequest, case: Case, form: Any) -> HttpResponse:
    errors_to_messages(request, form)
    return redirect(reverse("cases:detail", args=[case.pk]) + "#team")


@require_POST
def referral_attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The receiver of a つなぎ attaches it to this case (the person already has one)."""
    case = access.case_for_user_rw(request.user, pk)
    referral_pk = int_param(request.POST.get("referral"))
    if referral_pk is None:
        raise Http404
    referral = access.referral_for_user_rw(request.user, referral_pk)
    try:
        services.case_attach_referral(actor=request.user, case=case, referral=referral)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("referrals:detail", pk=referral.pk)
    messages.success(
        request,
        f"つなぎ（番号 {referral.pk}）を{case.title}（ケース番号 {case.pk}）に結び付けました。",
    )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#case-heading")
