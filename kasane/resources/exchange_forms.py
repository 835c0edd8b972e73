"""The import's two forms: the file to check, and the signed table to import."""

from __future__ import annotations

from django import forms


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="取り込むファイル（CSV または Excel）",
        help_text=(
            "書き出したファイルと同じ列にしてください。CSV は UTF-8 か Shift_JIS で保存できます。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
