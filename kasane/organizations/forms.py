from __future__ import annotations

from typing import Any

from django import forms

from kasane.core.filters import FilterForm
from kasane.core.forms import VersionedForm, clean_phone, field_of
from kasane.core.submissions import SubmittedOnce
from kasane.organizations.models import (
    Area,
    AreaKind,
    Field,
    Organization,
    OrganizationKind,
    Program,
)
from kasane.organizations.services import AREA_FIELDS, ORGANIZATION_FIELDS


class OrganizationForm(SubmittedOnce, VersionedForm):
    # The model field is called `fields` (分野); the form's metaclass moves this declaration
    # into base_fields, so it does not shadow BaseForm.fields at runtime.
    fields = forms.MultipleChoiceField(  # type: ignore[assignment]
        label="分野", choices=Field.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    programs = forms.MultipleChoiceField(
        label="担う事業",
        choices=Program.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_FIELDS)
        error_messages = {"name": {"unique": "同じ名称の支援関係機関が既にあります。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = field_of(self, "area", forms.ModelChoiceField)
        area.queryset = Area.objects.active().filter(
            kind__in=[AreaKind.CITY, AreaKind.SPHERE, AreaKind.DISTRICT]
        )
        area.empty_label = "市全域・指定なし"
        field_of(self, "kind", forms.ChoiceField).choices = OrganizationKind.choices

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class AreaForm(SubmittedOnce, VersionedForm):
    class Meta:
        model = Area
        fields = list(AREA_FIELDS)
        error_messages = {"code": {"unique": "この地域コードは既に使われています。"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = field_of(self, "parent", forms.ModelChoiceField)
        parent.queryset = Area.objects.active().exclude(kind=AreaKind.TOWN)
        parent.empty_label = "なし（市）"


class OrganizationFilterForm(FilterForm):
    q = forms.CharField(label="名称", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="種別", choices=[("", "すべて"), *OrganizationKind.choices], required=False
    )
