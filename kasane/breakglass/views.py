"""緊急時の閲覧: the request, the user's own list, one use (requester, coordinators, auditors)
and the auditor's review queue. Every page that names a person is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.roles import Role
from kasane.audit.services import audit_standalone
from kasane.breakglass import services
from kasane.breakglass.forms import BreakGlassRequestForm, ReviewForm
from kasane.breakglass.models import BreakGlass
from kasane.breakglass.selectors import (
    MINE_ORDER,
    QUEUE_ORDER,
    audit_search_url,
    person_to_open,
)
from kasane.core.errors import DomainError
from kasane.core.japanese import wareki
from kasane.core.pagination import capped_count, keyset_page, query_without_page


def request_break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The request form; a people search that matched someone of another agency links here
    with what was searched for (`?name=…&birth_date=…`)."""
    access.own_break_glass(request.user)  # 404 for anyone who may not ask
    initial = {key: request.GET.get(key, "")[:50] for key in ("name", "birth_date")}
    form = BreakGlassRequestForm(request.POST or None, initial=initial)
    already: BreakGlass | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = person_to_open(request.user, name=data["name"], birth_date=data["birth_date"])
            use = services.break_glass_request(
                actor=request.user, person=person, reason=data["reason"], confirmed=data["confirm"]
            )
        except services.AlreadyOpen as error:
            form.add_error(None, error.message)
            already = error.use
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            until = timezone.localtime(use.expires_at)
            messages.success(
                request,
                f"緊急時の閲覧を始めました（{wareki(until)} {until:%H:%M}まで・閲覧のみ）。"
                "閲覧は記録され、監査担当者が確認します。",
            )
            return redirect("people:person_detail", pk=use.person_id)
    context = {"form": form, "already": already, "hours": settings.KASANE_BREAK_GLASS_HOURS}
    return render(request, "breakglass/request.html", context)


def my_break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    """「緊急時の閲覧」: the user's own uses, active ones open, expired ones 期限切れ."""
    page = keyset_page(request, access.own_break_glass(request.user), MINE_ORDER)
    audit_standalone(
        actor=request.user,
        action="breakglass.list",
        details={"page": "mine", **page.for_audit},
        people=[use.person_id for use in page.object_list],
    )
    return render(request, "breakglass/mine.html", {"page": page})


def break_glass_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.break_glass_use_for_user(request.user, pk), ReviewForm())


def _detail(
    request: AuthenticatedHttpRequest, use: BreakGlass, review_form: ReviewForm, status: int = 200
) -> HttpResponse:
    """One use: who asked, about whom, why, until when, and its review; the auditor reviews
    it here and follows the links to the audit rows of the use."""
    audit_standalone(
        actor=request.user, action="breakglass.view", target=use, details={"page": "detail"}
    )
    is_auditor = access.has_role(request.user, Role.AUDITOR)
    context = {
        "use": use,
        "is_auditor": is_auditor,
        "may_review": is_auditor and not use.is_reviewed and use.user_id != request.user.pk,
        "review_form": review_form,
        "audit_url": audit_search_url(use) if is_auditor else "",
        "person_opens": not is_auditor and access.may_see_person(request.user, use.person_id),
    }
    return render(request, "breakglass/detail.html", context, status=status)


@require_POST
def break_glass_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    use = access.break_glass_to_review_rw(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.break_glass_review(
                actor=request.user,
                use=use,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "確認を記録しました。")
            return redirect("breakglass:queue")
    return _detail(request, use, form, status=400)


def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The auditor's queue: every use, unreviewed first, until an auditor reviews it."""
    uses = access.break_glass_to_review(request.user)
    page = keyset_page(request, uses, QUEUE_ORDER)
    audit_standalone(
        actor=request.user,
        action="breakglass.list",
        details={"page": "queue", **page.for_audit},
        people=[use.person_id for use in page.object_list],
    )
    context = {
        "page": page,
        "query": query_without_page(request),
        "unreviewed": capped_count(uses.filter(is_reviewed=False)),
    }
    return render(request, "breakglass/queue.html", context)
