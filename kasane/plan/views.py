"""実施計画: the plans, the 年度計画 table, the forms of a plan, its projects and 取組 (with
their milestones), a year's progress per 取組, and the table's printout and Excel. Coordinators
and admins only (404 for everyone else). Thin views: access, a form, a service, a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core import pdf, xlsx
from kasane.core.errors import DomainError
from kasane.core.japanese import fiscal_year_label, wareki
from kasane.plan import selectors, services
from kasane.plan.excel import plan_xlsx
from kasane.plan.forms import InitiativeForm, PlanForm, ProgressForm, ProjectForm
from kasane.plan.models import ImplementationPlan


def form_page(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    title: str,
    back: str,
    back_label: str,
    submit: str = "保存する",
) -> HttpResponse:
    """The plan's and the indicators' edit pages (one template): 400 when the form refused."""
    context = {
        "form": form,
        "title": title,
        "back": back,
        "back_label": back_label,
        "submit": submit,
    }
    return render(request, "plan/form.html", context, status=400 if form.errors else 200)


def counts_export(
    request: AuthenticatedHttpRequest,
    year: int,
    *,
    page: str,
    what: str,
    action: str,
    filename: str,
    build: Callable[[], bytes],
    details: dict[str, Any] | None = None,
) -> HttpResponse:
    """A fiscal year's counts as Excel (国への報告, 待ち時間): no personal data, so a password is
    offered, never required; a GET, or a refused password, shows the password form. The file
    is built only once the form is valid, and audited with the year and `details`."""
    password = xlsx.export_password_form(request, personal=False)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title=f"{what}（{fiscal_year_label(year)}）を Excel で書き出す",
            back_to=page,
            back_label=f"{what}に戻る",
        )
    content = build()
    audit_standalone(
        actor=request.user,
        action=action,
        details={"fiscal_year": year, **(details or {}), **password.for_audit()},
    )
    return xlsx.xlsx_response(
        content, filename=f"{filename}-{year}.xlsx", password=password.file_password
    )


def _refused(form: forms.Form, error: DomainError) -> None:
    form.add_error(None, error.message)


def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = access.plans_for_user(request.user)
    return render(request, "plan/plan_list.html", {"plans": plans})


def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = access.plan_keeper(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "実施計画を登録しました。プロジェクトを追加してください。")
            return redirect("plans:detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title="実施計画を登録する",
        back=reverse("plans:home"),
        back_label="実施計画",
        submit="登録する",
    )


def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request.user, pk)
    return render(
        request, "plan/plan_detail.html", {"plan": plan, "table": selectors.plan_table(plan)}
    )


def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request.user, pk)
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "実施計画を変更しました。")
            return redirect("plans:detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title="実施計画を変更する",
        back=reverse("plans:detail", args=[plan.pk]),
        back_label=plan.title,
        submit="変更する",
    )


def _project_page(
    request: AuthenticatedHttpRequest, plan: ImplementationPlan, project: Any
) -> HttpResponse:
    initial = (
        {"order": project.order, "title": project.title, "aim": project.aim}
        if project
        else {"order": plan.projects.count() + 1}
    )
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_save(
                actor=request.user, plan=plan, project=project, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "プロジェクトを保存しました。")
            return redirect("plans:detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title="プロジェクトを変更する" if project else "プロジェクトを追加する",
        back=reverse("plans:detail", args=[plan.pk]),
        back_label=plan.title,
    )


def project_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access.plan_for_user(request.user, pk)
    return _project_page(request, plan, None)


def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.plan_project_for_user(request.user, pk)
    return _project_page(request, project.plan, project)


def _initiative_page(
    request: AuthenticatedHttpRequest, project: Any, initiative: Any
) -> HttpResponse:
    plan = project.plan
    if initiative:
        initial = {
            "order": initiative.order,
            "title": initiative.title,
            "lead_organization": initiative.lead_organization,
            "lead_text": initiative.lead_text,
            **{f"milestone_{m.fiscal_year}": m.text for m in initiative.milestones.all()},
        }
    else:
        initial = {"order": project.initiatives.count() + 1}
    form = InitiativeForm(request.POST or None, initial=initial, years=plan.years)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.initiative_save(
                actor=request.user,
                project=project,
                initiative=initiative,
                order=data["order"],
                title=data["title"],
                lead_organization=data["lead_organization"],
                lead_text=data["lead_text"],
                milestones=form.milestones,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "取組と年度ごとの目標を保存しました。")
            return redirect("plans:detail", pk=plan.pk)
    return form_page(
        request,
        form,
        title=f"{project}：{'取組を変更する' if initiative else '取組を追加する'}",
        back=reverse("plans:detail", args=[plan.pk]),
        back_label=plan.title,
    )


def initiative_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.plan_project_for_user(request.user, pk)
    return _initiative_page(request, project, None)


def initiative_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    initiative = access.initiative_for_user(request.user, pk)
    return _initiative_page(request, initiative.project, initiative)


def progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A year's progress of one 取組 (a new record; the history stays below)."""
    initiative = access.initiative_for_user(request.user, pk)
    plan = initiative.project.plan
    initial = {}
    if (year := request.GET.get("year", "")).isdigit() and int(year) in plan.years:
        initial["fiscal_year"] = int(year)
    form = ProgressForm(request.POST or None, years=plan.years, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_record(
                actor=request.user,
                initiative=initiative,
                year=data["fiscal_year"],
                status=data["status"],
                note=data["note"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, "進捗を記録しました。")
            return redirect("plans:detail", pk=plan.pk)
    milestones = {m.fiscal_year: m.text for m in initiative.milestones.all()}
    context = {
        "plan": plan,
        "initiative": initiative,
        "form": form,
        "milestones": [(year, milestones.get(year, "")) for year in plan.years],
        "history": selectors.progress_history(initiative),
    }
    return render(request, "plan/progress.html", context, status=400 if form.errors else 200)


def plan_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The 年度計画 table on A4 landscape pages."""
    plan = access.plan_for_user(request.user, pk)
    frame = pdf.PrintFrame(
        subject=plan.period_label,
        header=f"{plan.title}　{wareki(timezone.localdate())}",
        mark="庁内資料",
        footer_mark="庁内資料",
    )
    context = {
        "plan": plan,
        "table": selectors.plan_table(plan),
        "printed_at": timezone.now(),
        "printed_by": request.user,
    }
    try:
        content = pdf.render_pdf("plan/print/plan.html", context, frame=frame, request=request)
    except pdf.PdfUnavailable as error:
        back = reverse("plans:detail", args=[plan.pk])
        return pdf.unavailable_response(request, error, back_url=back, back_label="実施計画に戻る")
    audit_standalone(actor=request.user, action="plan.print", target=plan)
    return pdf.pdf_response(content, filename=f"plan-{plan.pk}.pdf")


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def plan_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The 年度計画 table as Excel (no personal data: a password is offered, never required);
    a GET, or a refused password, shows the password form."""
    plan = access.plan_for_user(request.user, pk)
    password = xlsx.export_password_form(request, personal=False)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title="年度計画を Excel で書き出す",
            back_to=reverse("plans:detail", args=[plan.pk]),
            back_label="実施計画に戻る",
        )
    content = plan_xlsx(selectors.plan_table(plan))
    audit_standalone(
        actor=request.user, action="plan.export", target=plan, details=password.for_audit()
    )
    return xlsx.xlsx_response(
        content, filename=f"plan-{plan.pk}.xlsx", password=password.file_password
    )
