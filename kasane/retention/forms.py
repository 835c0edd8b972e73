from __future__ import annotations

from django import forms

from kasane.retention.models import DUE_KINDS, HoldReason, LegalHold

KIND_CHOICES = [(kind.value, kind.label) for kind in DUE_KINDS]


class ProposeForm(forms.Form):
    """The records of one kind to propose: those ticked on the page, or every due one (up to
    the batch's limit, oldest first)."""

    kind = forms.ChoiceField(label="記録の種類", choices=KIND_CHOICES)
    ids = forms.TypedMultipleChoiceField(
        label="廃棄の案に入れる記録",
        coerce=int,
        required=False,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )
    everything = forms.BooleanField(label="この種類の対象をすべて入れる", required=False)
    note = forms.CharField(label="備考", max_length=200, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Any number is a choice here: the service checks each is due.
        values = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(value, value) for value in values if value.isdigit()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("ids") and not data.get("everything"):
            raise forms.ValidationError("廃棄の案に入れる記録を選んでください。")
        return data


class HoldForm(forms.ModelForm):
    person = forms.IntegerField(
        label="本人の番号", min_value=1, help_text="本人のページのアドレスにある番号"
    )

    class Meta:
        model = LegalHold
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect}

    field_order = ["person", "reason", "note"]


class ReasonForm(forms.Form):
    note = forms.CharField(label="理由", max_length=200)


REASONS = HoldReason
