"""The issue checklist (課題の項目): an editable code list, for admins only."""

from __future__ import annotations

from django.http import HttpResponse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.core import code_list_views
from kasane.core.code_list_views import CodeList
from kasane.intake import services
from kasane.intake.code_forms import IssueCodeEditForm, IssueCodeForm
from kasane.intake.models import IssueCode

ISSUE_CODES = CodeList[IssueCode](
    label="課題の項目",
    list_url="consultations:issue_code_list",
    list_template="intake/issue_code_list.html",
    form_template="intake/issue_code_form.html",
    list_name="codes",
    code_name="code",
    for_admin=access.issue_codes_for_admin,
    for_user_rw=access.issue_code_for_user_rw,
    create_form=IssueCodeForm,
    edit_form=IssueCodeEditForm,
    create=services.issue_code_create,
    update=lambda actor, code, values: services.issue_code_update(actor=actor, code=code, **values),
)


def issue_code_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_list(request, ISSUE_CODES)


def issue_code_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_create(request, ISSUE_CODES)


def issue_code_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return code_list_views.code_edit(request, ISSUE_CODES, pk)
