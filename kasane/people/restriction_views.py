"""The register of restricted people (閲覧制限の許可, issue 19): admins propose who may see a
restricted person's address and phone, and lift a restriction; another admin or a coordinator
approves or refuses each proposal; admins and coordinators revoke grants. The pages show each
person's name and registering organisation only, and are audited like every page that names
people."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError
from kasane.core.filters import read_filters
from kasane.core.forms import errors_to_messages
from kasane.core.pagination import paginate, query_without_page
from kasane.people import restrictions, services
from kasane.people.forms import GrantProposalForm, ReasonForm, RestrictedPersonFilterForm
from kasane.people.models import RestrictionGrant


def restriction_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    people = access.restricted_people_for_user(request.user)
    filters = read_filters(request, RestrictedPersonFilterForm)
    context: dict[str, object] = {**filters.context(), "query": query_without_page(request)}
    pending, pending_count = restrictions.pending_proposals(people)
    context.update(pending=pending, pending_count=pending_count)
    shown = [grant.person_id for grant in pending]
    if (data := filters.values) is not None:
        page = paginate(request, restrictions.register(people, **data))
        context["page"] = page
        shown += [person.pk for person in page]
    if shown:
        audit_standalone(
            actor=request.user,
            action="person.restricted_list",
            details={"shown": sorted(set(shown))},
            people=shown,
        )
    return render(request, "people/restriction_list.html", context)


def restriction_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.restricted_person_for_user_rw(request.user, pk)
    audit_standalone(
        actor=request.user, action="person.restriction_view", target=person, people=[person.pk]
    )
    grants = restrictions.grants_of(person)
    for grant in grants["pending"]:
        grant.may_approve = access.may_approve_restriction_grant(request.user, grant)
    context = {
        "person": person,
        **grants,
        "may_propose": access.may_propose_restriction_grant(request.user),
        "may_lift": access.may_manage_restriction(request.user),
        "proposal_form": GrantProposalForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "people/restriction_detail.html", context)


def _run(
    request: AuthenticatedHttpRequest, person_pk: int, form, action: Callable[[dict], str]
) -> HttpResponse:
    """Run `action(data)` for a valid form; either way back to the person's register page,
    with the outcome or the errors as messages (bad input changes nothing)."""
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        try:
            done = action(form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
    return redirect("people:restriction_detail", pk=person_pk)


@require_POST
def restriction_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = access.restricted_person_for_user_rw(request.user, pk)

    def propose(data: dict) -> str:
        services.restriction_grant_propose(
            actor=request.user, person=person, user=data["user"], reason=data["reason"]
        )
        return (
            f"{data['user'].full_name}さんへの閲覧の許可を申請しました。"
            "別の管理者か総合調整の担当者が承認すると、住所と電話が表示されます。"
        )

    return _run(request, person.pk, GrantProposalForm(request.POST), propose)


@require_POST
def restriction_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not access.may_manage_restriction(request.user):
        raise Http404
    person = access.restricted_person_for_user_rw(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("people:restriction_detail", pk=person.pk)
    try:
        services.person_unrestrict(
            actor=request.user, person=person, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("people:restriction_detail", pk=person.pk)
    messages.success(request, "閲覧制限を解除しました。許可と申請も終わりました。")
    return redirect("people:restriction_list")


def _on_grant(
    request: AuthenticatedHttpRequest, pk: int, step: Callable[[RestrictionGrant], None], done: str
) -> HttpResponse:
    """Approve or revoke one grant (`step`), then back to the person's register page with
    `done` (the grantee's name before it) or the service's message."""
    grant = access.restriction_grant_for_user_rw(request.user, pk)
    try:
        step(grant)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{grant.user.full_name}さん{done}")
    return redirect("people:restriction_detail", pk=grant.person_id)


@require_POST
def grant_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def approve(grant: RestrictionGrant) -> None:
        services.restriction_grant_approve(actor=request.user, grant=grant)

    return _on_grant(request, pk, approve, "への閲覧の許可を承認しました。")


@require_POST
def grant_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    grant = access.restriction_grant_for_user_rw(request.user, pk)

    def refuse(data: dict) -> str:
        services.restriction_grant_refuse(actor=request.user, grant=grant, reason=data["reason"])
        return f"{grant.user.full_name}さんへの閲覧の許可の申請を却下しました。"

    return _run(request, grant.person_id, ReasonForm(request.POST), refuse)


@require_POST
def grant_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def revoke(grant: RestrictionGrant) -> None:
        services.restriction_revoke(actor=request.user, grant=grant)

    return _on_grant(request, pk, revoke, "の閲覧の許可を取り消しました。")
