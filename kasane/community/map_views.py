"""The map (地域の地図) and the loading of the city's boundary file.

The map is read by every community reader (`access.community_reader`) and audited
(`community.map_view`); the boundary file is loaded by coordinators and admins
(`access.city_data_loader`) in two steps that keep no state on the server, as the directory's
import does (`kasane.resources.exchange_views`): the upload is checked (every feature's error,
or which areas get a boundary), and the checked, thinned boundaries travel to the confirm step
signed and bound to the user, so what is stored is exactly what was shown."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community.map_boundaries import (
    boundaries_load,
    check_size,
    checked_features,
    read_features,
)
from kasane.community.map_forms import BoundaryConfirmForm, BoundaryUploadForm, MapForm
from kasane.community.map_selectors import map_data
from kasane.core.errors import DomainError
from kasane.core.filters import read_filters
from kasane.core.japanese import fiscal_year, fiscal_year_label
from kasane.core.uploads import CHECK_EXPIRED, FileRefused, read_checked, sign_checked
from kasane.organizations.models import AreaKind

PURPOSE = "kasane.community.boundaries"  # the signature is for this import only


def area_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.community_reader(request.user)
    current = fiscal_year(timezone.localdate())
    filters = read_filters(request, MapForm, current=current)
    context: dict[str, Any] = filters.context()
    if filters.values is not None:
        values = filters.values
        year = values.get("year") or current
        data = map_data(
            request.user,
            level=values.get("level") or AreaKind.SPHERE,
            figure=values.get("figure") or "consultations",
            year=year,
            with_points=bool(values.get("points")),
        )
        audit_standalone(
            actor=request.user,
            action="community.map_view",
            details={"fiscal_year": year, "level": data.level, "figure": data.figure},
        )
        context |= {"map": data, "year_label": fiscal_year_label(year)}
    context["may_load"] = access.may_load_city_data(request.user)
    return render(request, "community/map_page.html", context)


def _check(request: AuthenticatedHttpRequest, form: BoundaryUploadForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    try:
        check_size(upload.size or 0)
        content = upload.read()
        features = read_features(content)
        result = boundaries_load(
            actor=request.user, features=features, filename=upload.name, dry_run=True
        )
    except DomainError as error:
        form.add_error("file", error.message)
        return {"form": form}
    digest = hashlib.sha256(content).hexdigest()
    audit_standalone(
        actor=request.user,
        action="community.boundaries_check",
        details={"file": upload.name, "sha256": digest, **result.counts},
    )
    context: dict[str, Any] = {"form": form, "result": result, "filename": upload.name}
    if not result.errors:
        token = sign_checked(
            {"features": checked_features(result.checked), "file": upload.name},
            purpose=PURPOSE,
            user_pk=request.user.pk,
        )
        context["confirm_form"] = BoundaryConfirmForm(initial={"token": token})
    return context


def boundaries_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a file; the check lists every feature's error, or the areas it would change."""
    access.city_data_loader(request.user)
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        context = _check(request, form)
    return render(request, "community/map_boundaries.html", context)


@require_POST
def boundaries_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.city_data_loader(request.user)
    form = BoundaryConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise FileRefused(CHECK_EXPIRED)
        data = read_checked(form.cleaned_data["token"], purpose=PURPOSE, user_pk=request.user.pk)
    except FileRefused as error:
        messages.error(request, error.message)
        return redirect("community:map_boundaries")
    result = boundaries_load(actor=request.user, features=data["features"], filename=data["file"])
    if result.errors:  # the areas changed since the check
        messages.error(request, "確認の後に地域が変わりました。もう一度ファイルを選んでください。")
        return redirect("community:map_boundaries")
    messages.success(
        request,
        f"境界を読み込みました：新規 {len(result.new)}地域、置き換え {len(result.replaced)}地域。",
    )
    return redirect("community:map")
