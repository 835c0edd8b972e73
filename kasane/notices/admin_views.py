"""The admin's pages of what leaves Kasane: the chat webhooks (with a test message), the log
of outgoing messages (with 再送 for failures), the background worker's state and the kinds
users may not turn off. Admins only; everyone else gets 404 (through `kasane.access`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.accounts.roles import Role
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_filters
from kasane.core.pagination import capped_count, keyset_page
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.core.worker import worker_state
from kasane.notices import admin_services
from kasane.notices.forms import ChatWebhookForm, DeliveryFilterForm, KindSettingsForm
from kasane.notices.models import DeliveryStatus
from kasane.notices.services import required_kinds

DELIVERY_ORDER = ("-created_at", "-pk")


def webhook_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    hooks = access.chat_webhooks_for_admin(request.user)
    return render(
        request,
        "notices/admin_webhook_list.html",
        {"hooks": hooks, "worker": worker_state()},
    )


def webhook_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    form = ChatWebhookForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        listed = reverse("notices:webhook_list")
        try:
            with submitted_once(request.user, form) as submission:
                hook = admin_services.chat_webhook_create(actor=request.user, **form.cleaned_data)
                submission.url = listed
        except AlreadySubmitted as earlier:
            return earlier.response(request, listed)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"チャット連携「{hook.name}」を登録しました。")
            return redirect(listed)
    return render(request, "notices/admin_webhook_form.html", {"form": form})


def webhook_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hook = access.chat_webhook_for_user_rw(request.user, pk)
    form = ChatWebhookForm(request.POST or None, instance=hook)
    if request.method == "POST" and form.is_valid():
        try:
            admin_services.chat_webhook_update(
                actor=request.user, webhook=hook, **form.cleaned_data
            )
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"チャット連携「{hook.name}」を保存しました。")
            return redirect("notices:webhook_list")
    return render(request, "notices/admin_webhook_form.html", {"form": form, "hook": hook})


@require_POST
def webhook_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    hook = access.chat_webhook_for_user_rw(request.user, pk)
    admin_services.chat_webhook_test(actor=request.user, webhook=hook)
    messages.success(
        request,
        f"「{hook.name}」へのテスト送信を受け付けました。数秒後に送信記録で結果を確認できます。",
    )
    return redirect("notices:webhook_list")


def delivery_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    deliveries = access.deliveries_for_admin(request.user)
    filters = read_filters(request, DeliveryFilterForm)
    context: dict[str, object] = {
        **filters.context(),
        "failed": capped_count(deliveries.filter(status=DeliveryStatus.FAILED)),
        "worker": worker_state(),
    }
    if filters.values is not None:
        if status := filters.values.get("status"):
            deliveries = deliveries.filter(status=status)
        context["page"] = keyset_page(request, deliveries, DELIVERY_ORDER)
    return render(request, "notices/admin_delivery_list.html", context)


@require_POST
def delivery_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = access.delivery_for_user_rw(request.user, pk)
    try:
        admin_services.delivery_retry(actor=request.user, delivery=delivery)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "再送を受け付けました。")
    return redirect(reverse("notices:delivery_list") + "?status=failed")


def worker_status(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    return render(request, "notices/admin_worker.html", {"worker": worker_state()})


def kind_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_role(request.user, Role.ADMIN)
    # Bound on every post: unticking every box posts no field at all.
    data = request.POST if request.method == "POST" else None
    form = KindSettingsForm(data, initial={"required": sorted(required_kinds())})
    if request.method == "POST" and form.is_valid():
        changes = admin_services.notice_kinds_update(
            actor=request.user, required=form.cleaned_data["required"]
        )
        messages.success(request, "保存しました。" if changes else "変更はありませんでした。")
        return redirect("notices:kind_settings")
    return render(request, "notices/admin_kinds.html", {"form": form, "worker": worker_state()})
