"""地域づくり's home and the area profiles (地域プロフィール): read by every community reader
(`access.community`), kept by the keepers of the area; the city's statistics imported by
coordinators and admins. 404 for everyone else; every page audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from kasane.access.community import (
    city_data_loader,
    keeps_area,
    may_load_city_data,
    profile_area_for_user,
    profile_area_for_user_rw,
    profile_areas_for_user,
)
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.community import profiles
from kasane.community.figures_import import LABELS, figures_import, read_table
from kasane.community.profile_forms import (
    FiguresConfirmForm,
    FiguresForm,
    FiguresUploadForm,
    ProfileForm,
)
from kasane.community.profile_services import (
    PROFILE_FIELDS,
    UNCHANGED,
    figures_for,
    figures_save,
    profile_save,
    profile_version,
)
from kasane.core.confirm import confirmation_page, is_confirmed
from kasane.core.errors import DomainError, StaleEdit
from kasane.core.filters import read_fiscal_year
from kasane.core.japanese import fiscal_year_label
from kasane.core.uploads import CHECK_EXPIRED, FileRefused, read_checked, sign_checked

# The other pages of 地域づくり, linked from its home once they exist (other parts of issue 17).
COMMUNITY_PAGES = (
    ("地域課題", "community:issue_list"),
    ("取組", "community:project_list"),
    ("活動の記録", "community:activity_list"),
    ("委員会", "community:committee_list"),
    ("地域の担い手", "community:helper_list"),
    ("地域づくりの実績", "community:figures"),
    ("地図", "community:map"),
)
PURPOSE = "kasane.community.figures_import"  # the signature is for this import only


def _existing_pages() -> list[tuple[str, str]]:
    links = []
    for label, name in COMMUNITY_PAGES:
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:  # not built (yet)
            continue
    return links


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows, year = profiles.area_tree(profile_areas_for_user(request.user))
    audit_standalone(actor=request.user, action="community.home", details={"areas": len(rows)})
    context = {
        "rows": rows,
        "year_label": fiscal_year_label(year) if year is not None else "",
        "pages": _existing_pages(),
        "may_import": may_load_city_data(request.user),
    }
    return render(request, "community/profiles_home.html", context)


def profile(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = profile_area_for_user(request.user, pk)
    year, context = read_fiscal_year(request)
    versions = profiles.profile_versions(area)
    context |= {
        "area": area,
        "current": versions[0] if versions else None,
        "versions": versions,
        "resources": profiles.area_resources(request.user, area),
        "may_keep": keeps_area(request.user, area),
        "min_cell": settings.KASANE_MIN_CELL,
    }
    if year is not None:
        figures = profiles.figures_by_year(area, profiles.figure_years(year))
        population = profiles.population_for_rates(figures)
        context |= {
            "year_label": fiscal_year_label(year),
            "figures": figures,
            "tables": profiles.area_counts(area, profiles.count_years(year), population),
        }
    audit_standalone(
        actor=request.user,
        action="community.profile_view",
        target=area,
        details={"fiscal_year": year},
    )
    return render(request, "community/profiles_detail.html", context)


def profile_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = profile_area_for_user_rw(request.user, pk)
    versions = profiles.profile_versions(area)
    current = versions[0] if versions else None
    initial: dict[str, Any] = {"loaded_at": profile_version(current)}
    if current is not None:
        initial |= {name: getattr(current, name) for name in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = profile_save(actor=request.user, area=area, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(
                None,
                "ほかの利用者が、この画面を開いた後に新しい版を保存しました。"
                "下の履歴で内容を確かめてから、もう一度保存してください。",
            )
            form.accept_current_version(error.current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "地域プロフィールを保存しました。" if saved else UNCHANGED)
            return redirect("community:profile", pk=area.pk)
    context = {"area": area, "form": form, "versions": versions}
    return render(request, "community/profiles_edit.html", context)


def figures_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An area's figures for a year by hand; a year that has figures is replaced only after
    the confirmation page."""
    area = profile_area_for_user_rw(request.user, pk)
    form = FiguresForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        stored = figures_for(area, values["year"])
        if stored is not None and not is_confirmed(request):
            return confirmation_page(
                request,
                title=f"{area.name}の{fiscal_year_label(values['year'])}の数値を置き換えます",
                consequences=[
                    f"今の数値（人口 {stored.population:,}人、65歳以上 {stored.aged_65:,}人 ほか）"
                    "は、入力した数値に置き換わります。"
                ],
                button="置き換える",
                back=reverse("community:profile", args=[area.pk]),
            )
        try:
            figures_save(actor=request.user, area=area, **values)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{fiscal_year_label(values['year'])}の数値を保存しました。")
            return redirect("community:profile", pk=area.pk)
    return render(request, "community/profiles_figures_form.html", {"area": area, "form": form})


def _check_file(request: AuthenticatedHttpRequest, form: FiguresUploadForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    try:
        content = upload.read(settings.KASANE_FIGURES_IMPORT_MAX_BYTES + 1)
        table = read_table(upload.name or "", content)
        result = figures_import(
            actor=request.user, table=table, filename=upload.name or "", dry_run=True
        )
    except (FileRefused, DomainError) as error:
        form.add_error("file", error.message)
        return {"form": form}
    digest = hashlib.sha256(content).hexdigest()
    audit_standalone(
        actor=request.user,
        action="community.figures_import_check",
        details={
            "file": upload.name,
            "sha256": digest,
            "errors": len(result.errors),
            **result.counts,
        },
    )
    context: dict[str, Any] = {"form": form, "result": result, "filename": upload.name}
    if not result.errors:
        token = sign_checked(
            {"table": table, "file": upload.name},
            purpose=PURPOSE,
            user_pk=request.user.pk,
        )
        context["confirm_form"] = FiguresConfirmForm(initial={"token": token})
    return context


def figures_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose the CSV; the check shows every line's error, or what the import will do."""
    city_data_loader(request.user)
    form = FiguresUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        context = _check_file(request, form)
    context |= {"labels": LABELS, "max_rows": settings.KASANE_FIGURES_IMPORT_MAX_ROWS}
    return render(request, "community/profiles_import.html", context)


@require_POST
def figures_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    city_data_loader(request.user)
    form = FiguresConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise FileRefused(CHECK_EXPIRED)
        data = read_checked(form.cleaned_data["token"], purpose=PURPOSE, user_pk=request.user.pk)
        result = figures_import(actor=request.user, table=data["table"], filename=data["file"])
    except FileRefused as error:
        messages.error(request, error.message)
        return redirect("community:figures_import")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("community:figures_import")
    if result.errors:  # an area was made inactive since the check
        messages.error(
            request, "確認の後に地域が変わり、取り込めない行があります。もう一度確認してください。"
        )
        return redirect("community:figures_import")
    messages.success(
        request,
        f"取り込みました：新規 {result.created}件、更新 {result.updated}件、"
        f"変更なし {result.unchanged}件。",
    )
    return redirect("community:home")
