from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

from kasane.core.japanese import DateInputError, parse_date


class KasaneFormRenderer(TemplatesSetting):
    """Every form renders with Kasane's own field template: label, 必須 mark, help text and
    errors tied to the input for screen readers."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class JapaneseDateField(forms.DateField):
    """A date typed as 和暦 or 西暦 (令和7年4月1日, R7.4.1, 2025-04-01, 2025/4/1)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("help_text", "例: 令和7年4月1日、R7.4.1、2025-04-01")
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object):  # type: ignore[no-untyped-def]
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(str(value))
        except DateInputError as error:
            raise forms.ValidationError(error.args[0], code="invalid") from None
