"""相談受付: the list, recording a consultation (for a known person, a new one, or nobody
named yet, or from a referral), the consultation page, corrections and acknowledging an
urgent one. Every page that shows a consultation is audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.http import int_param, text_param
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.intake import services
from kasane.intake.consent import consultation_consent_offer
from kasane.intake.forms import ConsultationFilterForm, ConsultationForm
from kasane.intake.models import (
    Consultation,
    ConsultationConsent,
    ConsulterRelation,
    Referral,
    ReferralConsent,
    ReferralKind,
    Route,
)
from kasane.intake.selectors import CONSULTATION_ORDER, ConsultationFilters
from kasane.intake.selectors import consultation_list as list_consultations
from kasane.people.search import audit_person_search
from kasane.people.selectors import PersonCriteria, households_of, search_people

REFERRAL_CONSENT = {
    ReferralConsent.AGREED: ConsultationConsent.ORAL,
    ReferralConsent.NOT_AGREED: ConsultationConsent.REFUSED,
    ReferralConsent.UNCONFIRMED: ConsultationConsent.UNKNOWN,
}


def consultation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.consultations_for_user(request.user)  # 404 for roles without case work
    filters = read_filters(request, ConsultationFilterForm)
    context = {
        **filters.context(),
        "query": query_without_page(request),
        "may_record": access.may_record_consultation(request.user),
    }
    if filters.values is not None:
        chosen = ConsultationFilters(**filters.values)
        page = keyset_page(request, list_consultations(request.user, chosen), CONSULTATION_ORDER)
        audit_standalone(
            actor=request.user,
            action="consultation.list",
            details={**chosen.for_audit(), **page.for_audit},
            people=[consultation.person_id for consultation in page.object_list],
        )
        context["page"] = page
    return render(request, "intake/consultation_list.html", context)


def consultation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_record_consultation(request.user):
        raise Http404
    referral = None
    if (referral_pk := int_param(request.GET.get("referral"))) is not None:
        referral = access.referral_for_user_rw(request.user, referral_pk)
        if not referral.is_open:
            raise Http404
    person = None
    if (person_pk := int_param(request.GET.get("person"))) is not None:
        person = access.person_for_user(request.user, person_pk)
    elif referral is not None and referral.person_id:
        try:
            person = access.person_for_user(request.user, referral.person_id)
        except Http404:
            person = None
    anonymous = request.GET.get("anonymous") == "1"
    if referral is not None and request.method == "GET":
        # The page shows what the referral says.
        audit_standalone(
            actor=request.user,
            action="referral.view",
            target=referral,
            details={"page": "consultation_create"},
        )
    if person is None and not anonymous:
        return _choose_person(request, referral)
    if person is not None and request.method == "GET":
        # The form names the person (and offers their households).
        audit_standalone(
            actor=request.user,
            action="person.view",
            target=person,
            details={"page": "consultation_create"},
        )

    households = households_of(request.user, person) if person else None
    initial: dict[str, object] = {}
    if households is not None and len(households) == 1:
        initial["household"] = households[0]
    if referral is not None:
        initial.update(
            route=Route.SHEET if referral.kind == ReferralKind.SHEET else Route.AGENCY,
            consulter_relation=ConsulterRelation.AGENCY,
            consulter_name=f"{referral.sender_organization.name} {referral.sender.full_name}",
            summary=referral.reason,
            urgency=referral.urgency,
            consent=REFERRAL_CONSENT[ReferralConsent(referral.consent)],
        )
    form = ConsultationForm(
        request.POST or None, actor=request.user, households=households, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                consultation = services.consultation_create(
                    actor=request.user,
                    worker=data["worker"] or request.user,
                    person=person,
                    household=data.get("household"),
                    issues=list(data["issues"]),
                    main_issue=data["main_issue"],
                    outcome=data["outcome"],
                    pass_to=data["pass_to"],
                    referral=referral,
                    **{name: data[name] for name in services.CONSULTATION_FIELDS if name in data},
                )
                submission.url = reverse("consultations:detail", args=[consultation.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("consultations:list"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _saved_message(consultation))
            return _then_consent(request, consultation)
    context = {"form": form, "person": person, "referral": referral}
    return render(request, "intake/consultation_form.html", context)


def _then_consent(request: AuthenticatedHttpRequest, consultation: Consultation) -> HttpResponse:
    """A consultation that recorded 同意あり about a person without a consent on record goes on
    to the person's consent form, filled in from it; otherwise back to the consultation."""
    offer = consultation_consent_offer(request.user, consultation)
    if offer is not None:
        messages.info(request, offer.message)
        if offer.url:
            return redirect(offer.url)
    return redirect("consultations:detail", pk=consultation.pk)


def _saved_message(consultation: Consultation) -> str:
    message = "相談受付を記録しました。"
    if consultation.is_urgent:
        message += (
            "緊急の相談として、確認されるまでコーディネーターと受付機関のホームに表示されます。"
        )
    if consultation.outcome in ("to_agency", "to_coordination"):
        message += "つなぎ先に届きました。状況はこの画面で確かめられます。"
    return message


def _choose_person(request: AuthenticatedHttpRequest, referral: Referral | None) -> HttpResponse:
    """Step one: whom is the consultation about? A known person (search), a new one
    (register, then come back), or nobody named yet."""
    name = text_param(request.GET.get("name"))
    if not name and referral is not None:
        name = referral.subject_name
    found = None
    if name:
        found = search_people(request.user, PersonCriteria(name=name))
        audit_person_search(
            actor=request.user,
            terms={"name": name},
            details={"via": "consultation"},
            shown=[person.pk for person in found.people],
            hidden_match=found.hidden_match,
        )
    context = {"name": name, "found": found, "referral": referral}
    return render(request, "intake/consultation_person.html", context)


def consultation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user(request.user, pk)
    audit_standalone(actor=request.user, action="consultation.view", target=consultation)
    issues = list(consultation.issues.select_related("code"))
    passed_on = list(
        consultation.referrals_sent.select_related("receiver_organization").order_by("sent_at")
    )
    origin = None
    if consultation.referral_id:
        try:
            origin = access.referral_for_user(request.user, consultation.referral_id)
        except Http404:
            origin = None
    household_visible = access.may_see_household(request.user, consultation.household_id)
    person_visible = access.may_see_person(request.user, consultation.person_id)
    context = {
        "consultation": consultation,
        "issues": issues,
        "passed_on": passed_on,
        "origin": origin,
        "person_visible": person_visible,
        "household_visible": household_visible,
        "may_record": access.may_record_consultation(request.user),
    }
    return render(request, "intake/consultation_detail.html", context)


def consultation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user_rw(request.user, pk)
    households = None
    if consultation.person is not None:
        # The household recorded stays selectable even if the person has left it since.
        households = households_of(
            request.user, consultation.person, recorded=consultation.household_id
        )
    form = ConsultationForm(
        request.POST or None,
        instance=consultation,
        actor=request.user,
        households=households,
        initial={"household": consultation.household_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_update(
                actor=request.user,
                consultation=consultation,
                loaded_at=data["loaded_at"],
                issues=list(data["issues"]),
                main_issue=data["main_issue"],
                household=data.get("household"),
                **{name: data[name] for name in services.CONSULTATION_FIELDS if name in data},
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return _then_consent(request, consultation)
    audit_standalone(  # the form shows the consultation (again, after a refused save)
        actor=request.user,
        action="consultation.view",
        target=consultation,
        details={"page": "edit"},
    )
    return render(
        request, "intake/consultation_edit.html", {"form": form, "consultation": consultation}
    )


@require_POST
def consultation_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = access.consultation_for_user_rw(request.user, pk)
    try:
        services.consultation_acknowledge(actor=request.user, consultation=consultation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "緊急の相談を確認しました。")
    if request.POST.get("next") == "home":
        return redirect("front:home")
    return redirect("consultations:detail", pk=consultation.pk)
