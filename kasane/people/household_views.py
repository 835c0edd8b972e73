"""Households: list, register from a key person, the household page with its genogram,
members joining, changing and leaving. Every page that shows a household is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone, criteria_used
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.http import int_param, text_param
from kasane.core.pagination import keyset_page, query_without_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.people import services
from kasane.people.contact import unmask_household_for
from kasane.people.forms import (
    HouseholdFilterForm,
    HouseholdForm,
    MemberAddForm,
    MemberForm,
    MemberLeaveForm,
)
from kasane.people.genogram import GenogramMember, render_genogram
from kasane.people.models import Household, HouseholdMember, Person
from kasane.people.search import audit_person_search
from kasane.people.selectors import (
    PersonCriteria,
    may_see_household_contact,
    search_people,
    withhold_members,
)
from kasane.people.templatetags.people_tags import age

if TYPE_CHECKING:
    from kasane.breakglass.models import BreakGlass


def household_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    households = access.households_for_user(request.user).prefetch_related(
        Prefetch(
            "members",
            queryset=HouseholdMember.objects.filter(left_on__isnull=True).select_related("person"),
            to_attr="current_members",
        )
    )
    filters = read_filters(request, HouseholdFilterForm)
    context: dict[str, object] = {**filters.context(), "query": query_without_page(request)}
    if filters.values is not None:
        query = filters.values.get("q", "").strip()
        if query:
            households = households.filter(name__icontains=query)
        page = keyset_page(request, households, ("-updated_at", "-pk"))
        withhold_members(request.user, [m for household in page for m in household.current_members])
        audit_standalone(
            actor=request.user,
            action="household.list",
            details={"criteria": criteria_used({"q": query}), **page.for_audit},
            people=[m.person_id for h in page.object_list for m in h.current_members],
        )
        context["page"] = page
    template = "people/_household_table.html" if request.htmx else "people/household_list.html"
    return render(request, template, context)


def household_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if (person_pk := int_param(request.GET.get("person"))) is None:
        raise Http404
    key_person = access.person_for_user_rw(request.user, person_pk)
    contact_visible = access.may_see_contact(request.user, key_person)
    initial: dict[str, object] = {"name": f"{key_person.family_name}家"}
    if contact_visible:
        initial.update(
            postal_code=key_person.postal_code, area=key_person.area, address=key_person.address
        )
    form = HouseholdForm(request.POST or None, initial=initial, contact_visible=contact_visible)
    if request.method == "GET":  # the form names the key person (and their address)
        audit_standalone(
            actor=request.user,
            action="person.view",
            target=key_person,
            details={"page": "household_create"},
        )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if not contact_visible:
            # The household shares its restricted key person's address without showing it.
            values.update(
                postal_code=key_person.postal_code, area=key_person.area, address=key_person.address
            )
        try:
            with submitted_once(request.user, form) as submission:
                values.pop("submission_key")
                household = services.household_create(
                    actor=request.user,
                    organization=request.user.organization,
                    key_person=key_person,
                    **values,
                )
                submission.url = reverse("people:household_detail", args=[household.pk])
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("people:household_list"))
        messages.success(request, f"{household.name}を登録しました。世帯員を追加してください。")
        return redirect(submission.url)
    return render(request, "people/household_form.html", {"form": form, "key_person": key_person})


def _members(household: Household) -> list[HouseholdMember]:
    return list(
        household.members.select_related("person").order_by("left_on", "-is_key_person", "pk")
    )


def _audit_household_view(
    request: AuthenticatedHttpRequest,
    household: Household,
    members: list,
    page: str,
    break_glass: BreakGlass | None = None,
) -> None:
    people = [member.person_id for member in members]
    details: dict[str, object] = {"page": page}
    if break_glass is not None:
        details["break_glass"] = break_glass.pk
    audit_standalone(
        actor=request.user,
        action="household.view",
        target=household,
        details=details,
        people=people,
    )
    if unmask_household_for(request.user, household, members):
        audit_standalone(
            actor=request.user,
            action="household.view_unmasked",
            target=household,
            details={"page": page},
            people=people,
        )


def household_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household, break_glass = access.household_to_read(request.user, pk)
    members = _members(household)
    withhold_members(request.user, members)
    _audit_household_view(request, household, members, "detail", break_glass)
    current = [member for member in members if member.left_on is None]
    cases = (
        access.cases_for_user(request.user)
        .filter(
            Q(household=household)
            | Q(household__isnull=True, main_person__in=[m.person_id for m in current])
        )
        .select_related("household", "main_person")
        .order_by("-opened_on", "-pk")
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "break_glass": break_glass,
            "may_edit": access.may_change_registered(request.user, household.organization_id),
            "members": current,
            "former_members": [member for member in members if member.left_on is not None],
            "cases": list(cases[:20]),
            # Members not shared with the viewer stay out of the drawing (their place in it
            # would tell their relation, sex and age).
            "genogram": render_genogram(
                [_genogram_member(member) for member in current if not member.withheld],
                title=f"{household.name}のジェノグラム",
            ),
            "withheld_count": sum(member.withheld for member in current),
        },
    )


def _genogram_member(member: HouseholdMember) -> GenogramMember:
    person = member.person
    years = age(person.birth_date, person.died_on) if person.birth_date else ""
    return GenogramMember(
        key=person.pk,
        name=person.full_name,
        sex=person.sex,
        age=int(years.removesuffix("歳")) if years else None,
        relation=member.relation,
        relation_label=member.relation_display,
        is_key_person=member.is_key_person,
        is_main_carer=member.is_main_carer,
        lives_together=member.lives_together,
        is_deceased=person.is_deceased,
    )


def household_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = access.household_for_user_rw(request.user, pk)
    members = _members(household)
    contact_visible = not household.is_restricted or may_see_household_contact(
        request.user, members
    )
    form = HouseholdForm(request.POST or None, instance=household, contact_visible=contact_visible)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(
                actor=request.user,
                household=household,
                may_change_contact=contact_visible,
                **form.cleaned_data,
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("people:household_detail", pk=household.pk)
    if request.method == "GET":
        _audit_household_view(request, household, members, "edit")
    return render(request, "people/household_edit.html", {"form": form, "household": household})


def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    household = access.household_for_user_rw(request.user, pk)
    chosen: Person | None = None
    if person_pk := int_param(request.POST.get("person") or request.GET.get("person")):
        chosen = access.person_for_user(request.user, person_pk)
    form = MemberAddForm(
        request.POST or None,
        initial={
            "person": chosen.pk if chosen else None,
            "lives_together": True,
            "relation": "child",
        },
    )
    if request.method == "POST" and form.is_valid() and chosen is not None:
        values = {name: form.cleaned_data[name] for name in services.MEMBER_FIELDS}
        back = reverse("people:household_detail", args=[household.pk])
        try:
            with submitted_once(request.user, form) as submission:
                services.household_member_add(
                    actor=request.user, household=household, person=chosen, **values
                )
                submission.url = back
        except AlreadySubmitted as earlier:
            return earlier.response(request, back)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{chosen.full_name}さんを世帯員に追加しました。")
            return redirect("people:household_detail", pk=household.pk)
    if request.method == "GET":
        audit_standalone(
            actor=request.user,
            action="household.view",
            target=household,
            details={"page": "member_add"},
            people=household.members.filter(left_on__isnull=True).values("person_id"),
        )
    found = None
    name = text_param(request.GET.get("name"))
    if name and chosen is None:
        found = search_people(request.user, PersonCriteria(name=name))
        audit_person_search(
            actor=request.user,
            terms={"name": name},
            details={"via": "member_add", "page": 1},
            shown=[person.pk for person in found.people],
            hidden_match=False,
        )
    return render(
        request,
        "people/member_add.html",
        {"household": household, "form": form, "chosen": chosen, "found": found, "name": name},
    )


def member_edit(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    household = access.household_for_user_rw(request.user, pk)
    member = get_object_or_404(
        household.members.select_related("person").filter(left_on__isnull=True), pk=member_pk
    )
    form = MemberForm(request.POST or None, instance=member)
    leave_form = MemberLeaveForm()
    if request.method == "GET":
        audit_standalone(
            actor=request.user,
            action="household.view",
            target=household,
            details={"page": "member_edit", "person": member.person_id},
            people=[member.person_id],
        )
    if request.method == "POST" and "left_on" in request.POST:
        leave_form = MemberLeaveForm(request.POST)
        form = MemberForm(instance=member)
        if leave_form.is_valid():
            try:
                services.household_member_leave(
                    actor=request.user, member=member, left_on=leave_form.cleaned_data["left_on"]
                )
            except DomainError as error:
                leave_form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"{member.person.full_name}さんが世帯から外れたことを記録しました。"
                )
                return redirect("people:household_detail", pk=household.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.household_member_update(actor=request.user, member=member, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "保存しました。")
            return redirect("people:household_detail", pk=household.pk)
    return render(
        request,
        "people/member_edit.html",
        {"household": household, "member": member, "form": form, "leave_form": leave_form},
    )
