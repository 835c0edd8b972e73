"""The kinds of 社会資源 (社会資源の種類): an editable code list, for admins only."""

from __future__ import annotations

from django.http import HttpResponse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.core import code_list_views
from kasane.core.code_list_views import CodeList
from kasane.resources import services
from kasane.resources.forms import CategoryEditForm, CategoryForm
from kasane.resources.models import ServiceCategory

CATEGORIES = CodeList[ServiceCategory](
    label="社会資源の種類",
    list_url="resources:category_list",
    list_template="resources/category_list.html",
    form_template="resources/category_form.html",
    list_name="categories",
    code_name="category",
    for_admin=access.service_categories_for_admin,
    for_user_rw=access.service_category_for_user_rw,
    create_form=CategoryForm,
    edit_form=CategoryEditForm,
    create=services.category_create,
    update=lambda actor, category, values: services.category_update(
        actor=actor, category=category, **values
    ),
)


def category_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_list(request, CATEGORIES)


def category_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_create(request, CATEGORIES)


def category_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return code_list_views.code_edit(request, CATEGORIES, pk)
