"""The kinds of 社会資源 (社会資源の種類): an editable code list, for admins only."""

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
from kasane.resources import services
from kasane.resources.forms import CategoryEditForm, CategoryForm

SORT_STEP = 10


def category_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    categories = access.service_categories_for_admin(request.user).order_by("sort_order", "pk")
    return render(request, "resources/category_list.html", {"categories": categories})


def category_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    categories = access.service_categories_for_admin(request.user)
    last = categories.aggregate(last=Max("sort_order"))["last"] or 0
    form = CategoryForm(request.POST or None, initial={"sort_order": last + SORT_STEP})
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                category = services.category_create(actor=request.user, **form.cleaned_data)
                submission.url = reverse("resources:category_list")
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse("resources:category_list"))
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"社会資源の種類「{category.name}」を追加しました。")
            return redirect("resources:category_list")
    return render(request, "resources/category_form.html", {"form": form})


def category_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    category = access.service_category_for_user_rw(request.user, pk)
    initial = {
        "name": category.name,
        "sort_order": category.sort_order,
        "is_active": category.is_active,
        "loaded_at": category.updated_at.isoformat(),
    }
    form = CategoryEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"社会資源の種類「{category.name}」を保存しました。")
            return redirect("resources:category_list")
    context = {"form": form, "category": category}
    return render(request, "resources/category_form.html", context)
