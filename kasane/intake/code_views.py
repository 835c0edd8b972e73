"""The issue checklist (課題の項目): an editable code list, for admins only."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.submissions import AlreadySubmitted, submitted_once
from kasane.intake import services
from kasane.intake.code_forms import IssueCodeEditForm, IssueCodeForm

SORT_STEP = 10


def issue_code_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    codes = access.issue_codes_for_admin(request.user).order_by("sort_order", "pk")
    return render(request, "intake/issue_code_list.html", {"codes": codes})


def issue_code_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    codes = access.issue_codes_for_admin(request.user)
    last = codes.aggregate(last=Max("sort_order"))["last"] or 0
    form = IssueCodeForm(request.POST or None, initial={"sort_order": last + SORT_STEP})
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                code = services.issue_code_create(actor=request.user, **form.cleaned_data)
                submission.url = reverse("consultations:issue_code_list")
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("consultations:issue_code_list"))
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"課題の項目「{code.name}」を追加しました。")
            return redirect("consultations:issue_code_list")
    return render(request, "intake/issue_code_form.html", {"form": form})


def issue_code_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    code = access.issue_code_for_user_rw(request.user, pk)
    initial = {
        "name": code.name,
        "sort_order": code.sort_order,
        "is_active": code.is_active,
        "loaded_at": code.updated_at.isoformat(),
    }
    form = IssueCodeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_code_update(actor=request.user, code=code, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"課題の項目「{code.name}」を保存しました。")
            return redirect("consultations:issue_code_list")
    return render(request, "intake/issue_code_form.html", {"form": form, "code": code})
