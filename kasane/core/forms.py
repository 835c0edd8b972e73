from __future__ import annotations

from django import forms
from django.contrib import messages
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest

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


class KeepsVersion:
    """A form that carries the version of the record it was opened with in a hidden field
    (see `check_version`). After a save refused as `StaleEdit`, the form takes the stored
    version, so that saving again overwrites knowingly."""

    version_field = "loaded_at"

    def accept_current_version(self, current: str) -> None:
        self.data = self.data.copy()  # type: ignore[attr-defined]
        self.data[self.add_prefix(self.version_field)] = current  # type: ignore[attr-defined]


class VersionedForm(KeepsVersion, forms.ModelForm):
    """A model form whose record has `updated_at`: that is its version."""

    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            self.initial.setdefault("loaded_at", self.instance.updated_at.isoformat())


CHECK_INPUT = "入力内容を確認してください。"


def first_error(form: forms.BaseForm, *, fields: bool = True) -> str:
    """The message for a refused form shown on another page: the rule that refused it (a
    non-field error, e.g. a `DomainError`) first, then with `fields` the first field error,
    else a prompt to check the input."""
    groups = (
        (form.non_field_errors(), *form.errors.values()) if fields else (form.non_field_errors(),)
    )
    for errors in groups:
        if errors:
            return errors[0]
    return CHECK_INPUT


def errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """Every error of a form posted from a page that does not show it, as messages on the page
    the user is sent back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
