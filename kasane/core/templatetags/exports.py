"""`{% excel_export "cases:export" %}`: a list's Excel export, a button that unfolds the
password form (`core/_export_fold.html`) posting to the export with the list's filters (the
current query string, without the page) unless `keep_query=False`. `personal` says whether the
file holds personal data (where KASANE_EXPORT_PASSWORD_REQUIRED makes the password required)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from kasane.core.pagination import query_without_page
from kasane.core.xlsx import ExportPasswordForm, password_required

register = template.Library()


@register.inclusion_tag("core/_export_fold.html", takes_context=True)
def excel_export(
    context: template.Context,
    url_name: str,
    *,
    label: str = "Excelで出力",
    personal: bool = True,
    keep_query: bool = True,
) -> dict[str, Any]:
    query = query_without_page(context["request"]) if keep_query else ""
    return {
        "csrf_token": context.get("csrf_token"),
        "label": label,
        "export_form": ExportPasswordForm(required=password_required(personal=personal)),
        "export_action": reverse(url_name) + (f"?{query}" if query else ""),
    }
