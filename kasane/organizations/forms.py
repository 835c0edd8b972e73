from __future__ import annotations

from django import forms

from kasane.organizations.models import (
    Area,
    AreaKind,
    Field,
    Organization,
    OrganizationKind,
    Program,
)
from kasane.organizations.services import AREA_FIELDS, ORGANIZATION_FIELDS


class OrganizationForm(forms.ModelForm):
    fields = forms.MultipleChoiceField(
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].queryset = Area.objects.filter(
            is_active=True, kind__in=[AreaKind.CITY, AreaKind.SPHERE, AreaKind.DISTRICT]
        )
        self.fields["area"].empty_label = "市全域・指定なし"
        self.fields["kind"].choices = OrganizationKind.choices


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = list(AREA_FIELDS)
        error_messages = {"code": {"unique": "この地域コードは既に使われています。"}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["parent"].queryset = Area.objects.exclude(kind=AreaKind.TOWN).filter(
            is_active=True
        )
        self.fields["parent"].empty_label = "なし（市）"


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label="名称", required=False)
    kind = forms.ChoiceField(
        label="種別", choices=[("", "すべて"), *OrganizationKind.choices], required=False
    )
