"""An admin-editable code list (課題の項目, 社会資源の種類): the list in its sort order, adding an
entry (its sort order suggested after the last one, saved once however often it is posted),
and editing one against the version it was opened with.

Each app describes its list in a `CodeList` and keeps its own URLs, templates and thin views.
Core knows no app: the app passes in its access getters, forms and services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kasane.core.errors import DomainError, StaleEdit
from kasane.core.forms import KeepsVersion
from kasane.core.submissions import AlreadySubmitted, submitted_once

SORT_STEP = 10  # room to slot an entry in between


class Code(Protocol):
    pk: Any
    name: str
    sort_order: int
    is_active: bool
    updated_at: dt.datetime


CodeT = TypeVar("CodeT", bound=Code)


@dataclass(frozen=True)
class CodeList(Generic[CodeT]):
    """What differs between the code lists; the steps of the pages are the same."""

    label: str  # in the messages: 「{label}「名前」を追加しました。」
    list_url: str  # the URL name of the list, where every save returns
    list_template: str
    form_template: str
    list_name: str  # the template's name for the rows
    code_name: str  # the template's name for the entry edited
    for_admin: Callable[[Any], QuerySet[Any]]
    for_user_rw: Callable[[Any, int], CodeT]
    create_form: type[forms.Form]
    edit_form: type[KeepsVersion]
    create: Callable[..., CodeT]  # the create service, called with actor= and the form's values
    update: Callable[[Any, CodeT, dict[str, Any]], object]  # (actor, entry, the form's values)


def code_list(request: HttpRequest, codes: CodeList[Any]) -> HttpResponse:
    rows = codes.for_admin(request.user).order_by("sort_order", "pk")
    return render(request, codes.list_template, {codes.list_name: rows})


def code_create(request: HttpRequest, codes: CodeList[Any]) -> HttpResponse:
    last = codes.for_admin(request.user).aggregate(last=Max("sort_order"))["last"] or 0
    form = codes.create_form(request.POST or None, initial={"sort_order": last + SORT_STEP})
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request.user, form) as submission:
                code = codes.create(actor=request.user, **form.cleaned_data)
                submission.url = reverse(codes.list_url)
        except AlreadySubmitted as earlier:
            return earlier.response(request, reverse(codes.list_url))
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"{codes.label}「{code.name}」を追加しました。")
            return redirect(codes.list_url)
    return render(request, codes.form_template, {"form": form})


def code_edit(request: HttpRequest, codes: CodeList[Any], pk: int) -> HttpResponse:
    code = codes.for_user_rw(request.user, pk)
    initial = {
        "name": code.name,
        "sort_order": code.sort_order,
        "is_active": code.is_active,
        "loaded_at": code.updated_at.isoformat(),
    }
    form = codes.edit_form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            codes.update(request.user, code, form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"{codes.label}「{code.name}」を保存しました。")
            return redirect(codes.list_url)
    return render(request, codes.form_template, {"form": form, codes.code_name: code})
