"""Export and import of the directory (issue 16): HSDS 3 JSON, CSV and Excel downloads for
everyone who reads the directory (the Excel one through `core.xlsx`, protectable with a
password), and the import for those who keep it.

The import is two steps and keeps no state on the server: the upload is checked by a dry run
(every row's errors, or what the import would do); the checked table travels to the confirm
step signed (`core.uploads.sign_checked`: compressed, bound to the user and this import, valid
for `CONFIRM_MAX_AGE`), so what is imported is exactly what was checked, and is checked again
against the database of that moment. Every download and both steps are audited."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.audit.services import audit_standalone
from kasane.core import xlsx
from kasane.core.errors import DomainError
from kasane.core.uploads import CHECK_EXPIRED, FileRefused, read_checked, sign_checked
from kasane.resources import exchange, hsds
from kasane.resources.exchange_forms import ImportConfirmForm, ImportUploadForm
from kasane.resources.exchange_read import check_size, read_table
from kasane.resources.exchange_services import directory_import

PURPOSE = "kasane.resources.import"  # the signature is for this import only


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(extension: str) -> str:
    return f"resources-{timezone.localdate():%Y%m%d}.{extension}"


def export_hsds(request: AuthenticatedHttpRequest) -> HttpResponse:
    document = hsds.directory_document(request.user)
    content = hsds.document_json(document)
    services = sum(len(organization.get("services", [])) for organization in document["contents"])
    audit_standalone(
        actor=request.user,
        action="resource.export",
        details={"format": "hsds", "services": services},
    )
    return _download(content, "application/json; charset=utf-8", _filename("json"))


def export_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    table = exchange.directory_table(request.user)
    _audit_export(request, "csv", table)
    return _download(exchange.table_csv(table), "text/csv; charset=utf-8", _filename("csv"))


@sensitive_post_parameters(*xlsx.PASSWORD_FIELDS)
def export_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The directory as Excel (no personal data: a password is offered, never required); a
    GET, or a refused password, shows the password form."""
    access.resource_reader(request.user)
    password = xlsx.export_password_form(request, personal=False)
    if not password.is_valid():
        return xlsx.password_page(
            request,
            password,
            title="社会資源を Excel で書き出す",
            back_to="resources:directory",
            back_label="社会資源に戻る",
        )
    table = exchange.directory_table(request.user)
    _audit_export(request, "xlsx", table, **password.for_audit())
    return xlsx.xlsx_response(
        exchange.table_xlsx(table), filename=_filename("xlsx"), password=password.file_password
    )


def _audit_export(
    request: AuthenticatedHttpRequest, kind: str, table: exchange.Table, **details: Any
) -> None:
    audit_standalone(
        actor=request.user,
        action="resource.export",
        details={"format": kind, "services": table.services, "rows": len(table.rows), **details},
    )


def _dry_run(request: AuthenticatedHttpRequest, form: ImportUploadForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    try:
        check_size(upload.size or 0)
        content = upload.read()
        digest = hashlib.sha256(content).hexdigest()
        table = read_table(upload.name, content)
        result = directory_import(
            actor=request.user, table=table, filename=upload.name, dry_run=True
        )
    except (FileRefused, DomainError) as error:
        form.add_error("file", error.message)
        return {"form": form}
    audit_standalone(
        actor=request.user,
        action="resource.import_check",
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
            {"table": table, "file": upload.name, "sha256": digest},
            purpose=PURPOSE,
            user_pk=request.user.pk,
        )
        context["confirm_form"] = ImportConfirmForm(initial={"token": token})
    return context


def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose a file; the dry run shows every row's error, or the counts to confirm."""
    access.resource_editor(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        context = _dry_run(request, form)
    return render(request, "resources/import.html", context)


@require_POST
def import_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.resource_editor(request.user)
    form = ImportConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise FileRefused(CHECK_EXPIRED)
        data = read_checked(form.cleaned_data["token"], purpose=PURPOSE, user_pk=request.user.pk)
    except FileRefused as error:
        messages.error(request, error.message)
        return redirect("resources:import")
    try:
        result = directory_import(actor=request.user, table=data["table"], filename=data["file"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("resources:import")
    if result.errors:  # the directory changed since the dry run
        messages.error(
            request,
            "確認の後に社会資源が変わり、取り込めない行があります。もう一度確認してください。",
        )
        return redirect("resources:import")
    messages.success(
        request,
        f"取り込みました：新規 {result.created}件、更新 {result.updated}件、"
        f"変更なし {result.unchanged}件。",
    )
    return redirect("resources:directory")
