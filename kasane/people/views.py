"""People: search, register (with duplicate hints), the person page and what is recorded on
it (consent, 転出・死亡, 閲覧制限, same-person links). Every page that shows a person is
audited; records come only from `kasane.access`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.forms import errors_to_messages
from kasane.core.http import int_param, internal_path
from kasane.core.japanese import parse_date
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, SubmittedOnce, submitted_once
from kasane.people import services
from kasane.people.contact import unmask_person_for
from kasane.people.forms import (
    ConsentForm,
    ConsentRefusalForm,
    ConsentWithdrawForm,
    LinkForm,
    PersonCreateForm,
    PersonEventForm,
    PersonForm,
    PersonSearchForm,
    ReasonForm,
    RestrictForm,
    initial_from_search,
)
from kasane.people.models import HouseholdMember, Person, SamePersonLink
from kasane.people.search import audit_person_search
from kasane.people.selectors import (
    RECENT_PEOPLE_ORDER,
    PersonCriteria,
    likely_duplicates,
    person_page_context,
    recent_people,
    search_people,
)

if TYPE_CHECKING:
    from kasane.breakglass.models import BreakGlass
    from kasane.intake.models import Referral


def audit_person_view(
    request: AuthenticatedHttpRequest,
    person: Person,
    page: str,
    others: Iterable[int] = (),
    break_glass: BreakGlass | None = None,
) -> None:
    """Record that the user saw the person (and the `others` the page names with them), and
    the 緊急時の閲覧 that opened the page, if one did; unmask the contact details (and record
    that too) when an admin has granted this user to see through the person's 閲覧制限."""
    details: dict[str, object] = {"page": page}
    if break_glass is not None:
        details["break_glass"] = break_glass.pk
    audit_standalone(
        actor=request.user,
        action="person.view",
        target=person,
        details=details,
        people=others,
    )
    if unmask_person_for(request.user, person):
        audit_standalone(
            actor=request.user, action="person.view_unmasked", target=person, details={"page": page}
        )


def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.person_scope(request.user)  # 404 for roles without case work
    filters = read_filters(request, PersonSearchForm)
    context: dict[str, object] = {
        **filters.context(),
        "query": query_without_page(request),
        "may_break_glass": access.may_break_glass(request.user),
    }
    criteria = PersonCriteria(**filters.values) if filters.values is not None else None
    if criteria and not criteria.is_empty:
        page_number = _page_number(request)
        result = search_people(request.user, criteria, page=page_number)
        audit_person_search(
            actor=request.user,
            terms=criteria.for_audit(),
            details={"page": page_number},
            shown=[person.pk for person in result.people],
            hidden_match=result.hidden_match,
        )
        context["result"] = result
        context["short_query"] = len(criteria.name_key) == 1
        context["register_query"] = _register_query(criteria)
        # 緊急時の閲覧 starts from what was searched for, as registering does.
        context["break_glass_query"] = context["register_query"]
    elif criteria is not None:
        page = keyset_page(request, recent_people(request.user), RECENT_PEOPLE_ORDER)
        audit_standalone(
            actor=request.user,
            action="person.list",
            details=page.for_audit,
            people=[person.pk for person in page.object_list],
        )
        context["page"] = page
    template = "people/_search_results.html" if request.htmx else "people/person_list.html"
    return render(request, template, context)


def _register_query(criteria: PersonCriteria) -> str:
    """新しく本人を登録 starts from what was searched for (name and birth date)."""
    typed = {"name": criteria.name.strip(), "birth_date": criteria.birth_date}
    return urlencode({key: str(value) for key, value in typed.items() if value})


def _page_number(request: AuthenticatedHttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except ValueError:
        return 1


def person_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.person_scope(request.user)
    initial: dict[str, object] = {"sex": "unknown", "nationality": "日本"}
    referral = None
    if (referral_pk := int_param(request.GET.get("referral"))) is not None:
        # Registering whom a referral is about: start from what the sender wrote.
        referral = access.referral_for_user_rw(request.user, referral_pk)
        if request.method == "GET":
            audit_standalone(
                actor=request.user,
                action="referral.view",
                target=referral,
                details={"page": "person_create"},
            )
        family, _, given = referral.subject_name.partition(" ")
        family_kana, _, given_kana = referral.subject_kana.partition(" ")
        initial.update(
            family_name=family,
            given_name=given,
            family_kana=family_kana,
            given_kana=given_kana,
            birth_date=referral.subject_birth_date,
        )
    elif request.method == "GET":
        # Registering someone a search did not find: start from what was typed there.
        initial.update(initial_from_search(request.GET.get("name", "")[:50]))
        if birth_date := _date_param(request.GET.get("birth_date", "")):
            initial["birth_date"] = birth_date
    form = PersonCreateForm(request.POST or None, initial=initial)
    hints = None
    if request.method == "POST" and form.is_valid():
        hints = _duplicates_for(request, form.cleaned_data)
        if hints and not form.cleaned_data["confirm_new"]:
            form.add_error(
                None, "同じ人が既に登録されている可能性があります。候補を確かめてください。"
            )
        else:
            data = {name: form.cleaned_data[name] for name in services.PERSON_FIELDS}
            try:
                with submitted_once(request.user, form) as submission:
                    person = services.person_create(
                        actor=request.user, organization=request.user.organization, **data
                    )
                    submission.url = _after_create(request, person, referral)
            except AlreadySubmitted as earlier:
                return earlier.response(request, reverse("people:person_list"))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{person.full_name}さんを登録しました。")
                return redirect(submission.url)
    context = {"form": form, "hints": hints, "referral": referral}
    return render(request, "people/person_form.html", context)


def _date_param(text: str) -> dt.date | None:
    try:
        return parse_date(text[:30]) if text else None
    except ValueError:
        return None


def _after_create(
    request: AuthenticatedHttpRequest, person: Person, referral: Referral | None
) -> str:
    """Where registering a person goes on: back to what it was registered from."""
    if request.GET.get("then") == "consultation":
        # Registered while recording a consultation: go on with it.
        url = reverse("consultations:create") + f"?person={person.pk}"
        return url + (f"&referral={referral.pk}" if referral is not None else "")
    if back := internal_path(request.GET.get("next")):
        # Registered from another page of the site (本人と結び付ける on an outreach target):
        # go back there with the new person chosen.
        return f"{back}{'&' if '?' in back else '?'}person={person.pk}"
    if referral is not None:
        url = reverse("referrals:detail", kwargs={"pk": referral.pk})
        return f"{url}?person={person.pk}"
    if (household := int_param(request.GET.get("household"))) is not None:
        # Registered from a household page: go back and add them as a member.
        url = reverse("people:member_add", kwargs={"pk": household})
        return f"{url}?person={person.pk}"
    return reverse("people:person_detail", kwargs={"pk": person.pk})


def _duplicates_for(request: AuthenticatedHttpRequest, data: dict, exclude_pk: int | None = None):
    hints = likely_duplicates(
        request.user,
        family_name=data.get("family_name") or "",
        given_name=data.get("given_name") or "",
        family_kana=data.get("family_kana") or "",
        given_kana=data.get("given_kana") or "",
        birth_date=data.get("birth_date"),
        phone=data.get("phone") or "",
        exclude_pk=exclude_pk,
    )
    if hints.hidden_match:
        audit_standalone(
            actor=request.user, action="person.hidden_match", details={"via": "duplicates"}
        )
    return hints


@require_POST
def person_duplicates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The duplicate hints while the form is being filled in (htmx)."""
    access.person_scope(request.user)
    form = PersonForm(request.POST)
    form.is_valid()  # partial input is normal here; use what parsed
    hints = _duplicates_for(request, form.cleaned_data)
    return render(request, "people/_duplicates.html", {"hints": hints})


def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, break_glass = access.person_to_read(request.user, pk)
    context = person_page_context(request.user, person)
    audit_person_view(
        request, person, "detail", others=_others_named(context), break_glass=break_glass
    )
    if break_glass is not None:
        # Read only: the households break-glass opens link, nothing offers a change.
        memberships: list[HouseholdMember] = context["memberships"]  # type: ignore[assignment]
        for membership in memberships:
            membership.visible = access.may_see_household(request.user, membership.household_id)
    context.update(
        break_glass=break_glass,
        consultations=list(
            access.consultations_for_user(request.user)
            .filter(person=person)
            .order_by("-received_at", "-pk")[:20]
        ),
        may_record_consultation=break_glass is None
        and access.may_record_consultation(request.user),
        may_edit=access.may_change_registered(request.user, person.organization_id),
        cases=list(
            access.cases_for_user(request.user)
            # The person's households as values, not a join or a subquery: PostgreSQL then
            # reads the two indexes (main person, household) instead of every case in order.
            .filter(Q(main_person=person) | Q(household__in=_household_ids(person)))
            .order_by("-updated_at", "-pk")[:20]
        ),
        refusal_form=ConsentRefusalForm(),
        event_form=PersonEventForm(),
        restrict_form=RestrictForm(),
        link_form=LinkForm(),
    )
    return render(request, "people/person_detail.html", context)


def _household_ids(person: Person) -> list[int]:
    return list(
        HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True)
    )


def _others_named(context: dict[str, Any]) -> list[int]:
    """The other people the person page names: same-person links and duplicate hints."""
    others = [link.other.pk for link in context["links"] if link.other_visible]
    if context["duplicates"]:
        others += [other.pk for other in context["duplicates"].people]
    return others


def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.person_for_user_rw(request.user, pk)
    may_change_contact = access.may_see_home_contact(request.user, person)
    form = PersonForm(request.POST or None, instance=person, contact_visible=may_change_contact)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in services.PERSON_FIELDS
            if name in form.cleaned_data
        }
        try:
            services.person_update(
                actor=request.user,
                person=person,
                may_change_contact=may_change_contact,
                loaded_at=form.cleaned_data["loaded_at"],
                **data,
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("people:person_detail", pk=person.pk)
    if request.method == "GET":
        audit_person_view(request, person, "edit")
    return render(request, "people/person_edit.html", {"form": form, "person": person})


def _form_or_back(request: AuthenticatedHttpRequest, person: Person, form, action) -> HttpResponse:
    """Run `action(data)` for a valid form; either way back to the person page, with the
    outcome or the errors as messages. A form that creates a record does so once."""
    back = reverse("people:person_detail", kwargs={"pk": person.pk})
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect(back)
    try:
        if isinstance(form, SubmittedOnce):
            with submitted_once(request.user, form) as submission:
                done = action(form.cleaned_data)
                submission.url = back
        else:
            done = action(form.cleaned_data)
    except AlreadySubmitted as earlier:
        return earlier.response(request, back)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(back)


def consent_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The place where a person's consent is recorded. Another record that says consent was
    given (a consultation, a つなぐシート, a plan) sends the user here with the form filled in
    from it (`consent.consent_offer_url`): one confirmation, with the scope to check."""
    person = access.person_for_user_rw(request.user, pk)
    back = _safe_back(request)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            then = back or reverse("people:person_detail", args=[person.pk])
            try:
                with submitted_once(request.user, form) as submission:
                    services.consent_record(
                        actor=request.user,
                        person=person,
                        given_on=data["given_on"],
                        method=data["method"],
                        all_organizations=data["all_organizations"],
                        organizations=list(data["organizations"]),
                        covers_jusou_meeting=data["covers_jusou_meeting"],
                        notes=data["notes"],
                    )
                    submission.url = then
            except AlreadySubmitted as earlier:
                return earlier.response(request, then)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{person.full_name}さんの同意を記録しました。")
                return redirect(then)
    else:
        form = ConsentForm(initial=ConsentForm.initial_from(request.GET))
        audit_person_view(request, person, "consent")
    context = {
        "person": person,
        "form": form,
        "back": back,
        "source": request.GET.get("source", "")[:50],
        "active": list(person.consents.filter(withdrawn_on__isnull=True)),
    }
    return render(request, "people/consent_form.html", context)


def _safe_back(request: AuthenticatedHttpRequest) -> str:
    """Where the consent form returns after saving: a page of this site only."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None) and back.startswith("/"):
        return back
    return ""


@require_POST
def consent_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """同意なし: the person was asked and did not consent (tells a refusal from 未確認)."""
    person = access.person_for_user_rw(request.user, pk)

    def record(data: dict) -> str:
        services.consent_refusal_record(
            actor=request.user, person=person, refused_on=data["refused_on"], notes=data["notes"]
        )
        return "同意なし（本人が同意しなかったこと）を記録しました。"

    return _form_or_back(request, person, ConsentRefusalForm(request.POST), record)


@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = access.person_for_user_rw(request.user, pk)
    consent = get_object_or_404(person.consents, pk=consent_pk)

    def withdraw(data: dict) -> str:
        services.consent_withdraw(
            actor=request.user, consent=consent, withdrawn_on=data["withdrawn_on"]
        )
        return "同意の撤回を記録しました。"

    form = ConsentWithdrawForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"記録番号 {person.pk} の方の同意の撤回を記録する",
            consequences=[
                "この同意にもとづく共有は終わり、同意で加わった機関はケースを見られなくなります。",
                "撤回は取り消せません。再び同意を得たときは、新しい同意として記録します。",
            ],
            button="同意の撤回を記録する",
            back=reverse("people:person_detail", args=[person.pk]),
        )
    return _form_or_back(request, person, form, withdraw)


@require_POST
def person_event_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.person_for_user_rw(request.user, pk)

    def record(data: dict) -> str:
        event = services.person_record_event(
            actor=request.user,
            person=person,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            note=data["note"],
        )
        return f"{event.get_kind_display()}を記録しました。"

    return _form_or_back(request, person, PersonEventForm(request.POST), record)


@require_POST
def person_event_cancel(request: AuthenticatedHttpRequest, pk: int, event_pk: int) -> HttpResponse:
    person = access.person_for_user_rw(request.user, pk)
    event = get_object_or_404(person.events, pk=event_pk)

    def cancel(data: dict) -> str:
        services.person_event_cancel(actor=request.user, event=event, reason=data["reason"])
        return f"{event.get_kind_display()}の記録を取り消しました。"

    form = ReasonForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        return confirmation_page(
            request,
            title=f"{event.get_kind_display()}の記録を取り消す",
            consequences=["取り消した記録は、履歴に残りますが元には戻せません。"],
            button="記録を取り消す",
            back=reverse("people:person_detail", args=[person.pk]),
        )
    return _form_or_back(request, person, form, cancel)


@require_POST
def person_restrict(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.person_for_user_rw(request.user, pk)

    def restrict(data: dict) -> str:
        services.person_restrict(
            actor=request.user, person=person, since=data["since"], reason=data["reason"]
        )
        return (
            "閲覧制限を設定しました。住所と電話は、閲覧の許可が承認された利用者にだけ表示されます。"
        )

    return _form_or_back(request, person, RestrictForm(request.POST), restrict)


@require_POST
def person_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_link_people(request.user):
        raise Http404
    person = access.person_for_user_rw(request.user, pk)

    def link(data: dict) -> str:
        try:
            other = access.person_for_user(request.user, data["other"])
        except Http404:
            raise DomainError("その記録番号の人は見つかりません。") from None
        services.people_link(actor=request.user, person=person, other=other, reason=data["reason"])
        return f"記録番号 {other.pk} と同一人物として連携しました。"

    return _form_or_back(request, person, LinkForm(request.POST), link)


@require_POST
def person_unlink(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    if not access.may_link_people(request.user):
        raise Http404
    person = access.person_for_user_rw(request.user, pk)
    links = SamePersonLink.objects.filter(
        Q(first=person) | Q(second=person), unlinked_at__isnull=True
    )
    link = get_object_or_404(links, pk=link_pk)

    def unlink(data: dict) -> str:
        services.people_unlink(actor=request.user, link=link, reason=data["reason"])
        return "同一人物の連携を解除しました。どちらの記録もそのまま残っています。"

    return _form_or_back(request, person, ReasonForm(request.POST), unlink)
