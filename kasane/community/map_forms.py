"""The map's forms: what to draw (level, fiscal year, figure, resource points), and the
boundary file with its signed confirmation."""

from __future__ import annotations

from typing import Any

from django import forms

from kasane.community.map_selectors import FIGURES, LEVELS
from kasane.core.filters import FiscalYearForm
from kasane.organizations.models import AreaKind


class MapForm(FiscalYearForm):
    level = forms.ChoiceField(label="地域の単位", choices=list(LEVELS.items()), required=False)
    figure = forms.ChoiceField(label="表示する値", choices=list(FIGURES.items()), required=False)
    points = forms.BooleanField(label="社会資源の場所を表示する", required=False)

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"year": current, "level": AreaKind.SPHERE, "figure": "consultations", "points": True},
        )
        super().__init__(*args, current=current, **kwargs)


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label="境界データ（GeoJSON）",
        help_text=(
            "経度・緯度の FeatureCollection で、地物ごとに地域コード（area_code・code・"
            "地域コード・KEY_CODE）か町丁目名（S_NAME・name・名称・地域名）があるもの。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json"}),
    )


class BoundaryConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
