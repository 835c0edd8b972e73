"""保存期間と廃棄: the due list and proposals (coordinators), the batches with approval
(admins) and legal holds (coordinators and admins). Thin views: access, a service, a page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core.errors import DomainError
from kasane.core.forms import first_error
from kasane.core.pagination import keyset_page
from kasane.retention import people as whose
from kasane.retention import selectors, services
from kasane.retention.due import ORDERING, due
from kasane.retention.forms import KIND_CHOICES, HoldForm, ProposeForm, ReasonForm
from kasane.retention.models import DUE_KINDS, Kind


def _kind(request: AuthenticatedHttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in Kind.values and kind in DUE_KINDS else Kind.CASE.value


def due_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.require_due_reader(request.user)
    today, kind = timezone.localdate(), _kind(request)
    page, rows = selectors.due_page(request, kind, today)
    counts = selectors.due_counts(today)
    audit_standalone(
        actor=user, action="retention.due_list", details={"kind": kind, **page.for_audit}
    )
    return render(
        request,
        "retention/due_list.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "tabs": [(value, label, counts[value]) for value, label in KIND_CHOICES],
            "page": page,
            "rows": rows,
            "batch_max": settings.KASANE_RETENTION_BATCH_MAX,
            "may_propose": True,
        },
    )


@require_POST
def propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.require_due_reader(request.user)
    form = ProposeForm(request.POST)
    back = reverse("retention:due") + f"?kind={request.POST.get('kind', '')}"
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(back)
    kind, today = form.cleaned_data["kind"], timezone.localdate()
    ids = form.cleaned_data["ids"]
    if form.cleaned_data["everything"]:
        oldest = due(kind, today).order_by(*ORDERING[kind])
        ids = list(oldest.values_list("pk", flat=True)[: settings.KASANE_RETENTION_BATCH_MAX])
        # As the page offers no held record, "all of them" leaves the held ones out.
        held = whose.held_records(kind, ids)
        ids = [pk for pk in ids if pk not in held]
    try:
        batch = services.batch_propose(
            actor=user, kind=kind, ids=ids, note=form.cleaned_data["note"], today=today
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"廃棄の案（{len(ids)}件）を作りました。管理者の承認を待ちます。")
    return redirect("retention:batch_detail", pk=batch.pk)


def batch_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    batches = access.disposal_batches_for_user(request.user)
    page = keyset_page(request, batches, ("-proposed_at", "-pk"))
    audit_standalone(actor=request.user, action="retention.batch_list", details=page.for_audit)
    return render(
        request,
        "retention/batch_list.html",
        {"page": page, "may_propose": access.may_propose_disposal(request.user)},
    )


def batch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.disposal_batch_for_user(request.user, pk)
    audit_standalone(actor=request.user, action="retention.batch_view", target=batch)
    return render(
        request,
        "retention/batch_detail.html",
        {
            "batch": batch,
            "items": selectors.batch_items(batch),
            "may_approve": access.may_approve_disposal(request.user, batch),
            "may_return": access.may_return_disposal(request.user, batch),
            "is_proposer": batch.proposed_by_id == request.user.pk,
            "return_form": ReasonForm(),
        },
    )


@require_POST
def batch_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.disposal_batch_to_approve(request.user, pk)
    try:
        batch = services.batch_approve(actor=request.user, batch=batch)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            "承認し、廃棄しました。"
            if batch.status == "disposed"
            else "承認しました。廃棄はバックグラウンド処理で行います。",
        )
    return redirect("retention:batch_detail", pk=pk)


@require_POST
def batch_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.disposal_batch_for_user_rw(request.user, pk)
    form = ReasonForm(request.POST)
    if not access.may_return_disposal(request.user, batch):
        messages.error(request, "この案は差し戻せません。")
    elif not form.is_valid():
        messages.error(request, "差戻しの理由を入力してください。")
    else:
        try:
            services.batch_return(actor=request.user, batch=batch, note=form.cleaned_data["note"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "差し戻しました。記録は廃棄の案から外れました。")
    return redirect("retention:batch_detail", pk=pk)


def hold_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    holds = access.legal_holds_for_user(request.user)
    if request.GET.get("all") != "1":
        holds = holds.filter(lifted_at__isnull=True)
    page = keyset_page(request, holds, ("-placed_at", "-pk"))
    audit_standalone(
        actor=request.user,
        action="retention.hold_list",
        details=page.for_audit,
        people=[hold.person_id for hold in page],
    )
    return render(
        request,
        "retention/hold_list.html",
        {
            "page": page,
            "all": request.GET.get("all") == "1",
            "may_propose": access.may_propose_disposal(request.user),
        },
    )


def hold_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.legal_holds_for_user(request.user)  # 404 for everyone but coordinators and admins
    form = HoldForm(request.POST or None, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        person = access.person_to_hold(request.user, form.cleaned_data["person"])
        try:
            services.hold_place(
                actor=request.user,
                person=person,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"本人番号 {person.pk} の記録を廃棄の対象から外しました。")
            return redirect("retention:hold_list")
    return render(request, "retention/hold_form.html", {"form": form})


@require_POST
def hold_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hold = access.legal_hold_for_user_rw(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("解除の理由を入力してください。")
        services.hold_lift(actor=request.user, hold=hold, note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "保留を解除しました。")
    return redirect("retention:hold_list")
