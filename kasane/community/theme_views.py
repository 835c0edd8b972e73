"""地域課題のテーマ: an editable code list, for admins only (the shared code-list pages)."""

from __future__ import annotations

from django.http import HttpResponse

from kasane import access
from kasane.accounts.http import AuthenticatedHttpRequest
from kasane.community import themes
from kasane.community.issue_forms import ThemeEditForm, ThemeForm
from kasane.community.models import Theme
from kasane.core import code_list_views
from kasane.core.code_list_views import CodeList

THEMES = CodeList[Theme](
    label="地域課題のテーマ",
    list_url="community:theme_list",
    list_template="community/issues_theme_list.html",
    form_template="community/issues_theme_form.html",
    list_name="themes",
    code_name="theme",
    for_admin=access.themes_for_admin,
    for_user_rw=access.theme_for_user_rw,
    create_form=ThemeForm,
    edit_form=ThemeEditForm,
    create=themes.theme_create,
    update=lambda actor, theme, values: themes.theme_update(actor=actor, theme=theme, **values),
)


def theme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_list(request, THEMES)


def theme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return code_list_views.code_create(request, THEMES)


def theme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return code_list_views.code_edit(request, THEMES, pk)
