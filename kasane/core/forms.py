from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, QueryDict

from kasane.core.errors import NO_VERSION
from kasane.core.japanese import DateInputError, furigana, parse_date, phone_number, wareki


class KasaneFormRenderer(TemplatesSetting):
    """Every form renders with Kasane's own field template: label, 必須 mark, help text and
    errors tied to the input for screen readers."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class WarekiDateInput(forms.DateInput):
    """Shows a stored or initial date in 和暦 (令和8年12月1日), as the hint asks users to type
    it; what the user typed is shown as typed."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return wareki(value)
        return super().format_value(value)


class JapaneseDateField(forms.DateField):
    """A date typed as 和暦 or 西暦 (令和7年4月1日, R7.4.1, 2025-04-01, 2025/4/1)."""

    widget = WarekiDateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "例: 令和7年4月1日、R7.4.1、2025-04-01")
        super().__init__(**kwargs)

    def to_python(self, value: object):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        try:
            return parse_date(str(value))
        except DateInputError as error:
            raise forms.ValidationError(error.args[0], code="invalid") from None


class VersionField(forms.CharField):
    """The hidden version of the record an edit form was opened with (its `updated_at`). It
    is required and must be a version: a post without it (or with anything else) is refused,
    never read as "no check"."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"required": NO_VERSION})
        super().__init__(**kwargs)

    def clean(self, value: object) -> str:
        text = super().clean(value)
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(NO_VERSION, code="invalid") from None
        return text


def clean_with(rule: Any, value: str) -> str:
    """`rule(value)` (a `japanese` input rule), its ValueError as the field's message."""
    try:
        return rule(value or "")
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None


def clean_phone(value: str) -> str:
    return clean_with(phone_number, value)


def clean_furigana(value: str) -> str:
    return clean_with(furigana, value)


def drop_blank_radio_choices(form: forms.BaseForm) -> None:
    """Django offers a model field's blank choice as 「---------」; as a radio button it is a
    choice nobody should pick (a radio group with nothing picked says that already)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect) and isinstance(field, forms.ChoiceField):
            choices = cast("list[tuple[Any, Any]]", list(cast("Iterable[Any]", field.choices)))
            field.choices = [choice for choice in choices if choice != ("", "---------")]


class KeepsVersion(forms.BaseForm):
    """A form that carries the version of the record it was opened with in a hidden field
    (see `check_version`). After a save refused as `StaleEdit`, the form takes the stored
    version, so that saving again overwrites knowingly. A missing or unreadable version is
    said at the top of the form (the field is hidden)."""

    version_field = "loaded_at"

    def full_clean(self) -> None:
        super().full_clean()
        name = self.version_field
        errors = getattr(self, "_errors", None)
        if errors and name in errors and isinstance(self.fields.get(name), VersionField):
            del errors[name]
            self.add_error(None, NO_VERSION)

    def accept_current_version(self, current: str) -> None:
        # Bound to request.POST (an immutable QueryDict) or, in tests, a dict.
        data = cast("QueryDict | dict[str, object]", self.data).copy()
        data[self.add_prefix(self.version_field)] = current
        self.data = data


class VersionedForm(KeepsVersion, forms.ModelForm):
    """A model form whose record has `updated_at`: that is its version. Editing needs it;
    a new record has none, so the create form goes without."""

    loaded_at = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("loaded_at", self.instance.updated_at.isoformat())
        else:
            del self.fields["loaded_at"]
        drop_blank_radio_choices(self)


class VersionedPlainForm(KeepsVersion, forms.Form):
    """A plain form that edits a record: the view gives `loaded_at` in `initial` (the
    record's `updated_at`)."""

    loaded_at = VersionField()


# The largest record number a database stores (a signed 64-bit integer): a number beyond it
# names no record, and SQLite cannot even compare with it (OverflowError, a server error).
LARGEST_PK = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of records that refuse a value no record can have (a 40-digit or negative
    number, text) with the field's message, before the database is asked."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or int(text) > LARGEST_PK:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private in the stubs


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's field `name` as the kind of field it is (`form.fields` only knows `Field`),
    to set its queryset or choices."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


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
            # An ErrorList hands out messages; its stubs also allow the ValidationError inside.
            return str(errors[0])
    return CHECK_INPUT


def errors_to_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """Every error of a form posted from a page that does not show it, as messages on the page
    the user is sent back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
