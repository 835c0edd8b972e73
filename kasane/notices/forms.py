from __future__ import annotations

from typing import Any

from django import forms

from kasane.core.filters import FilterForm
from kasane.core.forms import VersionedForm, field_of
from kasane.core.submissions import SubmittedOnce
from kasane.notices.kinds import CHAT_KINDS, URGENT_KINDS, Kind
from kasane.notices.models import ChatWebhook, DeliveryStatus, mask_url
from kasane.organizations.models import Organization

CHAT_KIND_CHOICES = [(kind.value, kind.label) for kind in Kind if kind in CHAT_KINDS]


class ChatWebhookForm(SubmittedOnce, VersionedForm):
    """A webhook. On edit the URL field starts empty (the stored URL holds the chat's token
    and is never sent back to the browser); left empty, the stored URL is kept."""

    url = forms.URLField(label="Webhook URL", max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label="送る種類", choices=CHAT_KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ChatWebhook
        fields = ["organization", "name", "style", "url", "kinds", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization = field_of(self, "organization", forms.ModelChoiceField)
        organization.queryset = Organization.objects.active()
        url = field_of(self, "url", forms.URLField)
        url.widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            url.required = False
            url.help_text = (
                f"変更するときだけ入力してください（現在：{mask_url(self.instance.url)}）。"
            )
            self.initial["url"] = ""
        else:
            url.help_text = "チャットの「Incoming Webhook」で発行された URL（http または https）。"

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("http:// または https:// で始まる URL を入力してください。")
        return url


class DeliveryFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="状態", choices=[("", "すべて"), *DeliveryStatus.choices], required=False
    )


class _KindCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes where the urgent kinds are ticked and cannot be unticked."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"] in URGENT_KINDS:
            option["selected"] = True
            option["attrs"] = {**option["attrs"], "disabled": True, "checked": True}
        return option


class KindSettingsForm(forms.Form):
    """The kinds users may not turn off; urgent kinds are always on and shown disabled."""

    required = forms.MultipleChoiceField(
        label="利用者が止められない種類",
        choices=Kind.choices,
        widget=_KindCheckboxes,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = field_of(self, "required", forms.MultipleChoiceField)
        required.help_text = (
            "緊急の種類（"
            + "・".join(Kind(kind).label for kind in sorted(URGENT_KINDS))
            + "）は常に止められません。"
        )

    def clean_required(self) -> set[str]:
        return set(self.cleaned_data["required"]) | set(URGENT_KINDS)
