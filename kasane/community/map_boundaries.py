"""Loading the city's boundary file (GeoJSON) into `AreaBoundary`: coordinators and admins.

The file is a FeatureCollection of Polygon/MultiPolygon features in longitude/latitude. Each
feature names its area by one of these properties, tried in this order:

- a code, matched to Kasane's 地域コード: `area_code`, `code`, `地域コード`, `KEY_CODE` (e-Stat's
  小地域 key, when the city uses it as the area code);
- when no code names an area, a name, matched to the area's name (full-width digits count
  as half-width, so e-Stat's 「旭町１丁目」 is 旭町1丁目): `S_NAME` (e-Stat's 町丁目名),
  `name`, `名称`, `地域名`.

Every error is listed with the feature's number, and one error saves nothing. Outlines are
thinned (`map_geometry.thin`) before they are stored, so the map stays small.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.community.map_geometry import (
    GeometryError,
    as_geometry,
    point_count,
    read_shape,
    thin,
)
from kasane.community.models import AreaBoundary
from kasane.core.errors import DomainError
from kasane.organizations.models import Area

CODE_PROPERTIES = ("area_code", "code", "地域コード", "KEY_CODE")
NAME_PROPERTIES = ("S_NAME", "name", "名称", "地域名")


def check_size(size: int) -> None:
    limit = settings.KASANE_BOUNDARY_MAX_BYTES
    if size > limit:
        raise DomainError(f"ファイルが大きすぎます（{limit / 1024 / 1024:g} MB まで）。")


def read_features(content: bytes) -> list[Any]:
    """The features of a GeoJSON FeatureCollection, or DomainError for the file as a whole."""
    check_size(len(content))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(
            "JSON として読めません。GeoJSON（UTF-8 のテキスト）を選んでください。"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DomainError("GeoJSON の FeatureCollection ではありません。")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise DomainError("地物（features）がありません。")
    return features


@dataclass(frozen=True)
class FeatureError:
    number: int  # 1 for the first feature
    message: str


@dataclass
class BoundaryResult:
    """What a load does or would do: the areas that get a first boundary and those whose
    boundary is replaced, or every error."""

    errors: list[FeatureError] = field(default_factory=list)
    new: list[Area] = field(default_factory=list)
    replaced: list[Area] = field(default_factory=list)
    points_read: int = 0
    points_kept: int = 0
    # What the confirmation stores: [area code, geometry] per feature, thinned.
    checked: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "errors": len(self.errors),
            "new": len(self.new),
            "replaced": len(self.replaced),
            "points_read": self.points_read,
            "points_kept": self.points_kept,
        }


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _text(properties: dict[str, Any], names: tuple[str, ...]) -> str:
    for name in names:
        value = properties.get(name)
        if value not in (None, ""):
            return _normal(str(value))
    return ""


class _Areas:
    """The active areas by code and by name (one query)."""

    def __init__(self) -> None:
        areas = list(Area.objects.active())
        self.by_code = {area.code: area for area in areas}
        self.by_name: dict[str, list[Area]] = {}
        for area in areas:
            self.by_name.setdefault(_normal(area.name), []).append(area)

    def find(self, properties: dict[str, Any]) -> Area:
        """By code when a code property names an area; else by name (e-Stat's KEY_CODE is
        not the city's code unless the city chose it, and S_NAME then finds the area)."""
        codes = [_text(properties, (name,)) for name in CODE_PROPERTIES]
        for code in codes:
            if code in self.by_code:
                return self.by_code[code]
        name = _text(properties, NAME_PROPERTIES)
        code = next((code for code in codes if code), "")
        if not name:
            if code:
                raise GeometryError(f"地域コード「{code}」の地域がありません。")
            raise GeometryError(
                "地域を示すプロパティがありません（area_code・code・地域コード・KEY_CODE "
                "または S_NAME・name・名称・地域名）。"
            )
        found = self.by_name.get(name, [])
        if not found:
            raise GeometryError(f"「{name}」という地域がありません。")
        if len(found) > 1:
            raise GeometryError(f"「{name}」という地域が複数あります。地域コードで示してください。")
        return found[0]


def _check(features: list[Any], result: BoundaryResult) -> list[tuple[Area, dict[str, Any]]]:
    areas = _Areas()
    matched: list[tuple[int, Area, dict[str, Any]]] = []
    for number, feature in enumerate(features, start=1):
        try:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise GeometryError("GeoJSON の地物（Feature）ではありません。")
            shape = read_shape(feature.get("geometry"))
            area = areas.find(feature.get("properties") or {})
        except GeometryError as error:
            result.errors.append(FeatureError(number, error.message))
            continue
        thinned = thin(shape)
        result.points_read += point_count(shape)
        result.points_kept += point_count(thinned)
        matched.append((number, area, as_geometry(thinned)))
    seen = Counter(area.pk for _, area, _ in matched)
    for number, area, _ in matched:
        if seen[area.pk] > 1:
            result.errors.append(
                FeatureError(
                    number, f"{area.name}（{area.code}）の境界がファイルに2つ以上あります。"
                )
            )
    result.errors.sort(key=lambda error: error.number)
    return [(area, geometry) for _, area, geometry in matched]


def boundaries_load(
    *, actor: User, features: list[Any], filename: str, dry_run: bool = False
) -> BoundaryResult:
    """Check every feature and, when none has an error, store each area's boundary (new or
    replacing the one it had) in one transaction; nothing at all otherwise. With `dry_run`
    nothing is stored: the result says what a load would do."""
    access.city_data_loader(actor)
    result = BoundaryResult()
    matched = _check(features, result)
    if result.errors:
        return result
    existing = set(
        AreaBoundary.objects.filter(area__in=[area for area, _ in matched]).values_list(
            "area_id", flat=True
        )
    )
    for area, geometry in matched:
        (result.replaced if area.pk in existing else result.new).append(area)
        result.checked.append((area.code, geometry))
    if dry_run:
        return result
    with transaction.atomic():
        for area, geometry in matched:
            AreaBoundary.objects.update_or_create(
                area=area,
                defaults={"geometry": geometry, "source": filename[:200], "loaded_by": actor},
            )
        audit_record(
            actor=actor,
            action="community.boundaries_load",
            details={"file": filename, **result.counts},
        )
    return result


def checked_features(checked: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The checked boundaries as features again (what the confirmation loads)."""
    return [
        {"type": "Feature", "properties": {"area_code": code}, "geometry": geometry}
        for code, geometry in checked
    ]
