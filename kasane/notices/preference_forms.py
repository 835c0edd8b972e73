from __future__ import annotations

from typing import Any

from django import forms

from kasane.notices.kinds import URGENT_KINDS, Kind, Mode


def _why_required(kind: Kind, required: frozenset[str]) -> str:
    if kind in URGENT_KINDS:
        return "緊急のお知らせは止められません。"
    return "管理者の設定で、止められません。" if kind in required else ""


class PreferencesForm(forms.Form):
    """One choice per kind; a kind the user may not turn off offers no 「通知しない」."""

    def __init__(
        self, *args: Any, current: dict[str, str], required: frozenset[str], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            choices = [
                (mode.value, mode.label)
                for mode in Mode
                if not (mode == Mode.OFF and kind in required)
            ]
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current[kind.value],
                widget=forms.RadioSelect,
                help_text=_why_required(kind, required),
            )

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in Kind.values}
