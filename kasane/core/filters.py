"""The filters of a list or an export, read from the query string in one way for every list.

A list shows what valid filters select. An invalid filter (令和8年2月30日, a status that does not
exist, an unknown organisation) is never dropped: the list shows the form with the message on
the field and the notice `core/_filter_errors.html` instead of its rows, and an export refuses
and sends the user back to the list, which shows the same messages. Showing every row, or
silently none, would answer a question the user did not ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone

from kasane.core.forms import CHECK_INPUT, field_of
from kasane.core.japanese import fiscal_year, fiscal_year_label

EXPORT_REFUSED = "絞り込みの条件に誤りがあるため、出力しませんでした。条件を直してください。"


class FilterForm(forms.Form):
    """A list's filter form: every field optional, rendered without the refused-save summary of
    the edit forms (nothing is saved here); its `initial` holds the list's defaults as cleaned
    values (`"open"`, a year), used when the query string names no filter."""

    template_name = "core/forms/filters.html"
    error_summary = CHECK_INPUT  # a search saves nothing


class FiscalYearForm(FilterForm):
    """The fiscal year of a page of figures: this one and the `YEARS_SHOWN - 1` before it."""

    YEARS_SHOWN = 5

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": current})
        super().__init__(*args, **kwargs)
        field_of(self, "year", forms.ChoiceField).choices = [
            (year, fiscal_year_label(year))
            for year in range(current, current - self.YEARS_SHOWN, -1)
        ]


FormT = TypeVar("FormT", bound=forms.Form)


@dataclass(frozen=True)
class Filters(Generic[FormT]):
    """The form (to show) and its cleaned values: the defaults when no filter was given,
    None when a filter is invalid."""

    form: FormT
    values: dict[str, Any] | None

    @property
    def invalid(self) -> bool:
        return self.values is None

    def errors(self) -> list[tuple[str, str]]:
        """(field label, message) for the notice shown instead of the rows."""
        form = self.form
        return [
            (str(form.fields[name].label) if name in form.fields else "", str(message))
            for name, messages_ in form.errors.items()
            for message in messages_
        ]

    def context(self) -> dict[str, Any]:
        """What every list template reads: the form, and the errors when there are any."""
        return {"form": self.form, "filter_errors": self.errors() if self.invalid else []}


def read_filters(request: HttpRequest, form_class: type[FormT], **kwargs: Any) -> Filters[FormT]:
    """The list's filters from `request.GET`. The form is bound only when the query string names
    one of its fields (`?page=2` alone keeps the defaults, as does the first visit)."""
    form = form_class(**kwargs)
    names = {form.add_prefix(name) for name in form.fields}
    if not names & set(request.GET.keys()):
        defaults = {
            name: form.get_initial_for_field(field, name) for name, field in form.fields.items()
        }
        return Filters(form, {name: value for name, value in defaults.items() if value is not None})
    form = form_class(request.GET, **kwargs)
    return Filters(form, dict(form.cleaned_data) if form.is_valid() else None)


def read_fiscal_year(request: HttpRequest) -> tuple[int | None, dict[str, Any]]:
    """The fiscal year a page of figures shows (this one unless `?year=` chooses another) and
    the context of its form. The year is None when the choice is invalid: the page then shows
    the form's message and no figures."""
    current = fiscal_year(timezone.localdate())
    filters = read_filters(request, FiscalYearForm, current=current)
    if filters.values is None:
        return None, filters.context()
    return filters.values.get("year") or current, filters.context()


def refuse_export(request: HttpRequest, list_url: str) -> HttpResponseRedirect:
    """An export with an invalid filter exports nothing: back to the list with the same query,
    where the form shows what to correct."""
    messages.error(request, EXPORT_REFUSED)
    query = request.GET.urlencode()
    return HttpResponseRedirect(resolve_url(list_url) + (f"?{query}" if query else ""))
