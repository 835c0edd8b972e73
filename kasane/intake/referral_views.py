"""つなぎ: the つなぐシート form, the sender's status list, the receiver's inbox and the
referral page where it is acknowledged, linked to a person, taken on, completed or returned.

The sender only ever sees status and outcome labels (`sent_list`); the content is for the
receiving organisation and coordinators (`kasane.access`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.breakglass.links import break_glass_url
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError
from kasane.core.filters import read_filters
from kasane.core.http import int_param, text_param
from kasane.core.japanese import digits_key
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.templatetags.wareki import wareki_datetime
from kasane.intake import services
from kasane.intake.consent import referral_consent_offer
from kasane.intake.forms import (
    STATUS_FILTERS,
    CompleteForm,
    InboxFilterForm,
    ReturnForm,
    SentFilterForm,
    SheetForm,
)
from kasane.intake.models import Referral
from kasane.intake.selectors import (
    HISTORY_ORDER,
    InboxFilters,
    ack_due_date,
    inbox,
    inbox_order,
    sent_referrals,
    with_overdue,
)
from kasane.people.contact import MASK, visible_on_referral
from kasane.people.search import audit_person_search
from kasane.people.selectors import PersonCriteria, likely_duplicates, search_people


def _receives(user) -> bool:
    return access.has_role(user, *access.CASE_DATA_ROLES)


def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inbox of the user's organisation; those who only send go to their own list."""
    if not _receives(request.user):
        if access.may_send_sheet(request.user):
            return redirect("referrals:sent_list")
        raise Http404
    filters = read_filters(request, InboxFilterForm, initial={"status": "open"})
    context = {
        **filters.context(),
        "query": query_without_page(request),
        "may_widen": access.oversees(request.user),
        "may_act": access.does_case_work(request.user),
        "ack_days": settings.KASANE_ACK_BUSINESS_DAYS,
    }
    if filters.values is not None:
        chosen = InboxFilters(**filters.values)
        page = keyset_page(request, inbox(request.user, chosen), inbox_order(chosen))
        audit_standalone(
            actor=request.user,
            action="referral.inbox",
            details={**chosen.for_audit(), **page.for_audit},
            people=[referral.person_id for referral in page.object_list],
        )
        context["page"] = page
    return render(request, "intake/referral_inbox.html", context)


def sent_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What became of what I (or my organisation) sent: status and outcome labels only."""
    filters = read_filters(request, SentFilterForm)
    context = {
        **filters.context(),
        "status_filters": STATUS_FILTERS,
        "query": query_without_page(request),
        "may_send": access.may_send_sheet(request.user),
    }
    if filters.values is not None:
        status = context["status"] = filters.values.get("status", "")
        page = keyset_page(request, sent_referrals(request.user, status=status), HISTORY_ORDER)
        for referral in page.object_list:
            referral.may_withdraw = access.may_withdraw_referral(request.user, referral)
        audit_standalone(
            actor=request.user,
            action="referral.sent_list",
            details={"status": status, **page.for_audit},
            people=[referral.person_id for referral in page.object_list],
        )
        context["page"] = page
    return render(request, "intake/referral_sent_list.html", context)


def sheet_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_send_sheet(request.user):
        raise Http404
    form = SheetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submission_key")
        try:
            sheet, created = services.sheet_submit(actor=request.user, submission_key=key, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(
                    request,
                    f"つなぐシート（{sheet.subject_name}さん）を送りました。"
                    "受け止められると、この一覧の状態が変わります。",
                )
            else:
                messages.info(request, "このシートは既に送られています。二重には送っていません。")
            return redirect("referrals:sent_list")
    try:
        receiver = services.coordination_organization().name
    except DomainError:
        receiver = "コーディネーター"
    return render(request, "intake/sheet_form.html", {"form": form, "receiver": receiver})


def _candidates(request: AuthenticatedHttpRequest, referral: Referral):
    """People the referral may be about: by name (as search does), and by birth date or
    phone (as the duplicate check does). Only people the user may see; a match elsewhere is
    only said to exist."""
    name = text_param(request.GET.get("name")) or referral.subject_name
    found = search_people(request.user, PersonCriteria(name=name))
    family, _, given = referral.subject_name.partition(" ")
    family_kana, _, given_kana = referral.subject_kana.partition(" ")
    hints = likely_duplicates(
        request.user,
        family_name=family,
        given_name=given,
        family_kana=family_kana,
        given_kana=given_kana,
        birth_date=referral.subject_birth_date,
        phone=referral.subject_contact if len(digits_key(referral.subject_contact)) >= 10 else "",
    )
    seen = {person.pk for person in hints.people}
    people = [*hints.people, *(p for p in found.people[:10] if p.pk not in seen)]
    hidden = found.hidden_match or hints.hidden_match
    audit_person_search(
        actor=request.user,
        terms={"name": name},
        details={"via": "referral", "referral": referral.pk},
        shown=[person.pk for person in people],
        hidden_match=hidden,
    )
    return name, people, hidden


def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(
        with_overdue(access.referrals_received_for_user(request.user)), pk=pk
    )
    audit_standalone(actor=request.user, action="referral.view", target=referral)
    acting = access.may_act_on_referral(request.user, referral)
    person_visible = access.may_see_person(request.user, referral.person_id)
    context = {
        "referral": referral,
        "events": list(referral.events.select_related("actor__organization")),
        "consultations": list(
            access.consultations_for_user(request.user)
            .filter(referral=referral)
            .order_by("received_at")
        ),
        "contact": _contact(request, referral),
        "due": ack_due_date(referral),
        "acting": acting,
        "person_visible": person_visible,
        "complete_form": CompleteForm(),
        "return_form": ReturnForm(),
        "may_record": access.may_record_consultation(request.user),
    }
    if referral.person_id and not person_visible:
        # The sheet names someone another agency holds: ask for them as the sheet names them.
        context["break_glass_url"] = _break_glass_url(request, referral, referral.subject_name)
    attached = [
        (link.case_id, access.may_see_case(request.user, link.case_id))
        for link in referral.attached_cases.all()
    ]
    context["attached"] = attached
    if acting and referral.is_open:
        if person_visible:
            # A つなぎ about someone who already has a case is attached to it, not a new case.
            attached_ids = {case_id for case_id, _ in attached}
            context["attach_cases"] = [
                case
                for case in access.cases_to_attach(request.user, referral.person_id)[:5]
                if case.pk not in attached_ids
            ]
        if (proposed := int_param(request.GET.get("person"))) is not None:
            context["proposed"] = access.person_for_user(request.user, proposed)
        name, people, hidden = _candidates(request, referral)
        context.update(search_name=name, candidates=people, hidden_match=hidden)
        if hidden:
            context["hidden_break_glass_url"] = _break_glass_url(request, referral, name)
    return render(request, "intake/referral_detail.html", context)


def _break_glass_url(
    request: AuthenticatedHttpRequest, referral: Referral, name: str
) -> str | None:
    return break_glass_url(request.user, name=name, birth_date=referral.subject_birth_date)


def _contact(request: AuthenticatedHttpRequest, referral: Referral) -> str:
    """The contact as sent, masked when it is about someone under 閲覧制限 (or living with
    someone who is) and the viewer is not granted; an unmasked view is audited."""
    person = referral.person or (
        referral.source_consultation.person if referral.source_consultation else None
    )
    if person is None or not referral.subject_contact:
        return referral.subject_contact
    shown = visible_on_referral(request.user, person, referral.subject_contact)
    if person.is_restricted and shown != MASK:
        audit_standalone(actor=request.user, action="person.view_unmasked", target=person)
    return shown


def _act(request: AuthenticatedHttpRequest, pk: int, action) -> HttpResponse:
    referral = access.referral_for_user_rw(request.user, pk)
    try:
        messages.success(request, action(referral))
    except DomainError as error:
        messages.error(request, error.message)
    if request.POST.get("next") == "inbox":
        return redirect("referrals:list")
    return redirect("referrals:detail", pk=referral.pk)


@require_POST
def referral_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(referral: Referral) -> str:
        services.referral_acknowledge(actor=request.user, referral=referral)
        return "受理しました（受け止め）。送り元には「受理」と表示されます。"

    return _act(request, pk, act)


@require_POST
def referral_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(referral: Referral) -> str:
        services.referral_start(actor=request.user, referral=referral)
        return "対応中にしました。"

    return _act(request, pk, act)


def _ask(request: AuthenticatedHttpRequest, pk: int, title: str, button: str) -> HttpResponse:
    """The confirmation before a step the receiver cannot take back (完了, 差戻し)."""
    access.referral_for_user_rw(request.user, pk)  # 404 before asking anything
    return confirmation_page(
        request,
        title=title,
        consequences=[
            "送り元に、この結果が表示されます。",
            "完了・差戻しにしたつなぎは元に戻せず、それ以降は対応できません。",
        ],
        button=button,
        back=reverse("referrals:detail", args=[pk]),
    )


@require_POST
def referral_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = CompleteForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        return _ask(request, pk, "つなぎを完了にする", "完了にする")

    def act(referral: Referral) -> str:
        if not form.is_valid():
            raise DomainError("結果を選んでください。")
        services.referral_complete(actor=request.user, referral=referral, **form.cleaned_data)
        return f"完了にしました。送り元には「{referral.status_label}」と表示されます。"

    return _act(request, pk, act)


@require_POST
def referral_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        return _ask(request, pk, "つなぎを差し戻す", "差し戻す")

    def act(referral: Referral) -> str:
        if not form.is_valid():
            raise DomainError("差戻しの理由を入力してください。送り元に伝わります。")
        services.referral_return(actor=request.user, referral=referral, **form.cleaned_data)
        return "差し戻しました。理由は送り元に表示されます。"

    return _act(request, pk, act)


@require_POST
def referral_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """取り下げ by the sender of a つなぐシート sent by mistake, after a confirmation."""
    sheet = access.sent_sheet_for_user_rw(request.user, pk)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title="つなぐシートを取り下げる",
            consequences=[
                f"{wareki_datetime(sheet.sent_at)}に送ったシートを取り下げます。"
                "受け手には「取り下げ」と表示され、対応されません。",
                "取り下げたシートは元に戻せません。必要なら、新しく送ります。",
            ],
            button="取り下げる",
            back=reverse("referrals:sent_list"),
        )
    try:
        services.referral_withdraw(
            actor=request.user, referral=sheet, reason=request.POST.get("reason", "")[:500]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "つなぐシートを取り下げました。")
    return redirect("referrals:sent_list")


@require_POST
def referral_link_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    linked: list[Referral] = []

    def act(referral: Referral) -> str:
        person_pk = int_param(request.POST.get("person"))
        if person_pk is None:
            raise DomainError("結び付ける方を選んでください。")
        person = access.person_for_user(request.user, person_pk)
        services.referral_link_person(actor=request.user, referral=referral, person=person)
        linked.append(referral)
        return f"{person.full_name}さんと結び付けました。"

    response = _act(request, pk, act)
    # A sheet that says 同意あり offers the person's consent form, filled in from it.
    offer = referral_consent_offer(request.user, linked[0]) if linked else None
    if offer is None:
        return response
    messages.info(request, offer.message)
    return redirect(offer.url) if offer.url else response
