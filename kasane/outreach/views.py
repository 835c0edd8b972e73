"""アウトリーチ: the watch list, a target's page, registering a target, recording a contact
attempt, correcting the stage, the assignments, reviews (見直し) and closing. Every page that
shows targets is audited; records come only from `kasane.access`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.breakglass.links import break_glass_url
from kasane.cases import services as case_services
from kasane.cases.forms import CaseOpenForm
from kasane.cases.selectors import open_cases_of
from kasane.core.errors import DomainError, StaleEdit, version_of
from kasane.core.filters import read_filters
from kasane.core.forms import errors_to_messages, first_error
from kasane.core.http import int_param, text_param
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.intake.models import Consultation, Referral
from kasane.outreach import sections, selectors, services
from kasane.outreach.forms import (
    AssignmentForm,
    AttemptForm,
    CloseForm,
    ReviewForm,
    StageForm,
    TargetEditForm,
    TargetFilterForm,
    TargetForm,
)
from kasane.outreach.models import OutreachReview, OutreachTarget, Source
from kasane.people.consent import ConsentMissing, consent_record_links
from kasane.people.models import Person
from kasane.people.search import audit_person_search
from kasane.people.selectors import PersonCriteria, households_of, search_people

ATTEMPT_ORDER = ("-occurred_at", "-pk")


def _posted(request: AuthenticatedHttpRequest) -> QueryDict | None:
    """The posted data, even when empty (a post without a field is refused, not shown as a
    fresh form)."""
    return request.POST if request.method == "POST" else None


def target_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.outreach_targets_for_user(request.user)  # 404 for those who may not read the list
    filters = read_filters(request, TargetFilterForm, user=request.user)
    context: dict[str, Any] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_register": access.may_register_target(request.user),
        "may_see_figures": access.may_see_outreach_figures(request.user),
        "today": timezone.localdate(),
    }
    if filters.values is not None:
        targets = selectors.target_list(request.user, filters.values).annotate(
            **selectors.home_area(request.user)
        )
        page = keyset_page(request, targets, selectors.list_order(filters.values))
        audit_standalone(
            actor=request.user,
            action="outreach.list",
            details={"shown": [target.pk for target in page.object_list], **page.for_audit},
            people=[target.person_id for target in page.object_list],
        )
        context["page"] = page
        context["by_area"] = filters.values.get("sort") == "area"
    return render(request, "outreach/target_list.html", context)


def _page(request: AuthenticatedHttpRequest, target: OutreachTarget) -> HttpResponse:
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "detail"}
    )
    may_work = access.may_work_on_target(request.user, target)
    assignments = list(
        target.assignments.select_related("organization", "worker").order_by("left_on", "pk")
    )
    reviews = selectors.reviews_of(target)
    context = {
        "target": target,
        "area_label": selectors.area_label(target),
        "may_work": may_work and not target.is_closed,
        "person_visible": access.may_see_person(request.user, target.person_id),
        "may_open_case": access.may_record_consultation(request.user),
        "case_visible": target.case_id is not None
        and access.cases_for_user(request.user).filter(pk=target.case_id).exists(),
        "assignments": assignments,
        "attempts": keyset_page(request, selectors.attempts_of(target), ATTEMPT_ORDER, per_page=20),
        "stage_form": StageForm(
            initial={"stage": target.stage, "loaded_at": target.updated_at.isoformat()}
        ),
        "close_form": CloseForm(initial={"loaded_at": target.updated_at.isoformat()}),
        "assignment_form": AssignmentForm(),
        "target_sections": sections.sections_for(request.user, target),
        **_review_context(target, reviews),
    }
    return render(request, "outreach/target_detail.html", context)


def _review_context(target: OutreachTarget, reviews: list[OutreachReview]) -> dict[str, Any]:
    """The reviews' history, the form, and `review_wants_meeting`: the last review of an open
    target decided 支援会議へ (the page says 「支援会議の議題に載せる」)."""
    last = reviews[0] if reviews else None
    return {
        "reviews": reviews,
        "review_form": ReviewForm(),
        "last_review": last,
        "review_wants_meeting": bool(last and last.wants_meeting and not target.is_closed),
    }


def target_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.outreach_target_for_user(request.user, pk))


def _source(
    request: AuthenticatedHttpRequest,
) -> tuple[Person | None, Referral | None, Consultation | None, str]:
    """Where the target is registered from: ?person=, ?referral= or ?consultation= (404 when
    the user may not see it), or nothing: someone not yet identified."""
    user = request.user
    if (pk := int_param(request.GET.get("person"))) is not None:
        return access.person_for_user(user, pk), None, None, Source.DIRECT
    if (pk := int_param(request.GET.get("referral"))) is not None:
        referral = access.referral_for_user_rw(user, pk)
        person = access.person_for_user(user, referral.person_id) if referral.person_id else None
        return person, referral, None, Source.SHEET
    if (pk := int_param(request.GET.get("consultation"))) is not None:
        consultation = access.consultation_for_user_rw(user, pk)
        person = (
            access.person_for_user(user, consultation.person_id) if consultation.person_id else None
        )
        return person, None, consultation, Source.CONSULTATION
    return None, None, None, Source.COMMUNITY


def target_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_register_target(request.user):
        raise Http404
    person, referral, consultation, source = _source(request)
    initial = {"source": source, "noticed": referral.reason if referral else ""}
    form = TargetForm(_posted(request), identified=person is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                target = services.target_register(
                    actor=request.user,
                    person=person,
                    referral=referral,
                    consultation=consultation,
                    source=data["source"],
                    area=data["area"],
                    description=data.get("description", ""),
                    noticed=data["noticed"],
                    aims=data["aims"],
                    risk=data["risk"],
                    next_contact_on=data["next_contact_on"],
                )
                submission.url = reverse("outreach:detail", args=[target.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("outreach:list"))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "アウトリーチ対象に登録しました。")
            return redirect(submission.url)
    context = {"form": form, "person": person, "referral": referral, "consultation": consultation}
    return render(request, "outreach/target_form.html", context)


def attempt_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    form = AttemptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                services.attempt_record(
                    actor=request.user,
                    target=target,
                    **{
                        name: data[name]
                        for name in (
                            "occurred_at",
                            "method",
                            "companion",
                            "result",
                            "safety",
                            "seen",
                            "next_step",
                            "next_contact_on",
                        )
                    },
                )
                submission.url = reverse("outreach:detail", args=[target.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("outreach:detail", args=[target.pk]))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "接触を記録しました。")
            return redirect(submission.url)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "attempt"}
    )
    return render(request, "outreach/attempt_form.html", {"form": form, "target": target})


def target_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    initial = {name: getattr(target, name) for name in services.TARGET_FIELDS}
    initial["loaded_at"] = version_of(target.updated_at)
    form = TargetEditForm(_posted(request), identified=target.is_identified, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(actor=request.user, target=target, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("outreach:detail", pk=target.pk)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "edit"}
    )
    return render(request, "outreach/target_edit.html", {"form": form, "target": target})


@require_POST
def stage_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("outreach:detail", pk=target.pk)
    try:
        services.stage_correct(actor=request.user, target=target, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "段階を直しました。")
    return redirect("outreach:detail", pk=target.pk)


def target_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    form = CloseForm(_posted(request), initial={"loaded_at": target.updated_at.isoformat()})
    if request.method == "POST" and form.is_valid():
        try:
            services.target_close(actor=request.user, target=target, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "見守りを終了しました。")
            return redirect("outreach:detail", pk=target.pk)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "close"}
    )
    return render(request, "outreach/target_close.html", {"form": form, "target": target})


def review_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """見直し: 続ける with a new plan of approach, 支援会議へ, or 終了 (once, however often the
    phone posts it)."""
    target = access.outreach_target_for_user_rw(request.user, pk)
    if target.is_closed:
        messages.error(request, "終了した対象は見直せません。")
        return redirect("outreach:detail", pk=target.pk)
    form = ReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                services.target_review(actor=request.user, target=target, **form.cleaned_data)
                submission.url = reverse("outreach:detail", args=[target.pk]) + "#reviews"
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("outreach:detail", args=[target.pk]))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "見直しを記録しました。")
            return redirect(submission.url)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "review"}
    )
    return render(request, "outreach/review_form.html", {"form": form, "target": target})


@require_POST
def assignment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    form = AssignmentForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("outreach:detail", pk=target.pk)
    try:
        services.assignment_add(actor=request.user, target=target, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "担当する機関を加えました。")
    return redirect("outreach:detail", pk=target.pk)


@require_POST
def assignment_leave(
    request: AuthenticatedHttpRequest, pk: int, assignment_pk: int
) -> HttpResponse:
    target = access.outreach_target_for_user_rw(request.user, pk)
    assignment = get_object_or_404(target.assignments, pk=assignment_pk)
    try:
        services.assignment_leave(actor=request.user, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "担当の終了を記録しました。")
    return redirect("outreach:detail", pk=target.pk)


def link_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """本人と結び付ける: search the people the user may see (the people search) and link the
    chosen one to a target not yet identified."""
    target = access.outreach_target_for_user_rw(request.user, pk)
    if target.is_identified or target.is_closed:
        messages.error(request, "この対象は本人と結び付けられません。")
        return redirect("outreach:detail", pk=target.pk)
    if request.method == "POST":
        person = access.person_for_user(request.user, int_param(request.POST.get("person")) or 0)
        try:
            services.target_link_person(actor=request.user, target=target, person=person)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{person.full_name}さんと結び付けました。")
            return redirect("outreach:detail", pk=target.pk)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "link_person"}
    )
    name = text_param(request.GET.get("name"))
    found = search_people(request.user, PersonCriteria(name=name)) if name else None
    if found is not None:
        audit_person_search(
            actor=request.user,
            terms={"name": name},
            details={"via": "outreach_link", "page": 1},
            shown=[person.pk for person in found.people],
            hidden_match=found.hidden_match,
        )
    context = {
        "target": target,
        "name": name,
        "found": found,
        "chosen": _chosen_person(request),
        "register_query": urlencode({"name": name, "next": request.path}),
    }
    if found is not None and found.hidden_match:
        context["break_glass_url"] = break_glass_url(request.user, name=name)
    return render(request, "outreach/link_person.html", context)


def _chosen_person(request: AuthenticatedHttpRequest) -> Person | None:
    """The person just registered from this page (「新しく本人を登録する」 comes back with
    `?person=`): shown ready to link (404 when the user may not see them)."""
    if (pk := int_param(request.GET.get("person"))) is None:
        return None
    person = access.person_for_user(request.user, pk)
    audit_standalone(
        actor=request.user, action="person.view", target=person, details={"page": "outreach_link"}
    )
    return person


def open_case(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ケースを開く from a target whose person consented: the case opening form and rules
    (`case_open`), then the target records the case and reaches 相談・支援につながった, in the
    same transaction."""
    target = access.outreach_target_for_user_rw(request.user, pk)
    if not access.may_record_consultation(request.user):
        raise Http404
    if target.person_id is None or target.case_id is not None or target.is_closed:
        messages.error(request, "本人と結び付いた、ケースを開いていない対象からだけ開けます。")
        return redirect("outreach:detail", pk=target.pk)
    person = access.person_for_user(request.user, target.person_id)
    households = households_of(request.user, person)
    initial: dict[str, Any] = {"summary": target.noticed}
    if len(households) == 1:
        initial["household"] = households[0].pk
    form = CaseOpenForm(
        _posted(request), actor=request.user, households=households, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with submitted_once(request.user, form) as submission:
                case = case_services.case_open(actor=request.user, main_person=person, **data)
                services.target_case_opened(actor=request.user, target=target, case=case)
                submission.url = reverse("cases:detail", args=[case.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("outreach:detail", args=[target.pk]))
        except DomainError as error:
            form.add_error(None, error.message)
            if isinstance(error, ConsentMissing):
                messages.info(request, consent_record_links(request.user, error))
        else:
            messages.success(request, "ケースを開きました（受付）。次はスクリーニングです。")
            return redirect(submission.url)
    audit_standalone(
        actor=request.user, action="outreach.view", target=target, details={"page": "open_case"}
    )
    audit_standalone(
        actor=request.user, action="person.view", target=person, details={"page": "open_case"}
    )
    context = {
        "form": form,
        "target": target,
        "person": person,
        "open_cases": list(open_cases_of(request.user, person)),
    }
    return render(request, "outreach/open_case.html", context)
