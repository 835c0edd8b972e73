"""The map's geometry in pure Python (no GIS library): reading GeoJSON polygons, thinning
very detailed outlines, and drawing them as SVG paths.

Coordinates are longitude/latitude in degrees (WGS84; JGD2000/JGD2011, as in e-Stat's
境界データ, are the same at the scale of a city map). The projection is equirectangular: x is
longitude scaled by cos(mean latitude), y is latitude, flipped; for an area a few kilometres
across it is indistinguishable from the true shape, and it needs no library.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

Point = tuple[float, float]  # (longitude, latitude)
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then its holes
Shape = list[Polygon]  # a MultiPolygon (a Polygon is a shape of one)

# Where a Japanese city can be: coordinates outside are a mistake (metres of a plane
# rectangular system, latitude and longitude swapped, or a typo).
LONGITUDES = (122.0, 154.0)
LATITUDES = (20.0, 46.0)
# Points closer than this (in degrees, about 5 m) to the last kept point are dropped: at the
# scale of a city map one pixel is several metres, and e-Stat's outlines carry a point every
# metre or two.
TOLERANCE = 0.00005
# A point less than this (in degrees, about 2 m) off the straight line through its neighbours
# adds nothing to the shape: a straight street drawn with a point every metre is two points.
LINE_TOLERANCE = 0.00002
DECIMALS = 6  # about 0.1 m: what a boundary file needs, and what is stored


class GeometryError(Exception):
    """A geometry that cannot be drawn; the message is Japanese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _point(position: Any) -> Point:
    if (
        not isinstance(position, list | tuple)
        or len(position) < 2
        or not all(
            isinstance(value, int | float) and not isinstance(value, bool) for value in position[:2]
        )
    ):
        raise GeometryError("座標が数の組 [経度, 緯度] ではありません。")
    lon, lat = float(position[0]), float(position[1])
    if LONGITUDES[0] <= lon <= LONGITUDES[1] and LATITUDES[0] <= lat <= LATITUDES[1]:
        return lon, lat
    if LONGITUDES[0] <= lat <= LONGITUDES[1] and LATITUDES[0] <= lon <= LATITUDES[1]:
        raise GeometryError(
            f"座標 [{lon}, {lat}] は経度と緯度が逆のようです（[経度, 緯度] の順にしてください）。"
        )
    raise GeometryError(
        f"座標 [{lon}, {lat}] が日本の経度・緯度の範囲にありません"
        "（平面直角座標系などは経度・緯度（度）に変換してください）。"
    )


def _ring(positions: Any) -> Ring:
    if not isinstance(positions, list):
        raise GeometryError("輪郭の座標が並んでいません。")
    ring = [_point(position) for position in positions]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])  # GeoJSON closes rings; a file that forgot means the same shape
    if len(ring) < 4:
        raise GeometryError("輪郭の点が足りません（3点以上の多角形にしてください）。")
    return ring


def _polygon(rings: Any) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise GeometryError("多角形の座標がありません。")
    return [_ring(ring) for ring in rings]


def read_shape(geometry: Any) -> Shape:
    """The polygons of a GeoJSON geometry (Polygon or MultiPolygon), or GeometryError."""
    if not isinstance(geometry, dict):
        raise GeometryError("形（geometry）がありません。")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return [_polygon(coordinates)]
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise GeometryError("多角形の座標がありません。")
        return [_polygon(polygon) for polygon in coordinates]
    raise GeometryError(
        f"形の種類が「{kind}」です。面（Polygon または MultiPolygon）にしてください。"
    )


def thin_ring(ring: Ring, tolerance: float = TOLERANCE) -> Ring:
    """The ring without points closer than `tolerance` to the last kept one, then without the
    points less than `LINE_TOLERANCE` off the line through their kept neighbours
    (Douglas–Peucker); the ring itself when thinning would leave fewer than 3 corners."""
    kept = [ring[0]]
    for point in ring[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) >= tolerance or abs(point[1] - last[1]) >= tolerance:
            kept.append(point)
    kept.append(ring[-1])
    kept = simplified(kept, LINE_TOLERANCE)
    return kept if len(kept) >= 4 else ring


def thin(shape: Shape, tolerance: float = TOLERANCE) -> Shape:
    return [[thin_ring(ring, tolerance) for ring in polygon] for polygon in shape]


def as_geometry(shape: Shape) -> dict[str, Any]:
    """The shape as a GeoJSON MultiPolygon, rounded to `DECIMALS`."""
    return {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [[round(lon, DECIMALS), round(lat, DECIMALS)] for lon, lat in ring]
                for ring in polygon
            ]
            for polygon in shape
        ],
    }


def point_count(shape: Shape) -> int:
    return sum(len(ring) for polygon in shape for ring in polygon)


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude to SVG user units: equirectangular, fitted into `width` with a
    margin; `height` follows from the shape of the area."""

    west: float
    north: float
    scale: float  # units per degree of latitude
    shrink: float  # cos(mean latitude): a degree of longitude is this much shorter
    width: float
    height: float
    margin: float

    @classmethod
    def fit(
        cls, points: Iterable[Point], width: float = 800, margin: float = 10
    ) -> Projection | None:
        lons, lats = [], []
        for lon, lat in points:
            lons.append(lon)
            lats.append(lat)
        if not lons:
            return None
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        shrink = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * shrink, 1e-9)
        span_y = max(north - south, 1e-9)
        scale = (width - 2 * margin) / span_x
        height = span_y * scale + 2 * margin
        return cls(west, north, scale, shrink, width, round(height, 1), margin)

    def xy(self, point: Point) -> tuple[float, float]:
        lon, lat = point
        x = self.margin + (lon - self.west) * self.shrink * self.scale
        y = self.margin + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def contains(self, point: Point) -> bool:
        x, y = self.xy(point)
        return 0 <= x <= self.width and 0 <= y <= self.height


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# On the map, a point less than this (in SVG units, under a pixel) from the last one drawn is
# left out: it changes nothing one can see.
MIN_STEP = 0.8


def _off_line(point: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x0, y0), (x1, y1) = point, a, b
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(x - x0, y - y0)
    return abs(dy * x - dx * y + x1 * y0 - y1 * x0) / length


def simplified(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker on a closed ring's points (the first is kept, the ring is split at the
    point farthest from it so that both halves have two ends)."""
    if len(points) < 4:
        return points
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    keep = {0, far, len(points) - 1}
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        index, distance = max(
            (
                (i, _off_line(points[i], points[first], points[last]))
                for i in range(first + 1, last)
            ),
            key=lambda pair: pair[1],
        )
        if distance > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def svg_path(shape: Shape, projection: Projection) -> str:
    """The `d` of an SVG path: one closed subpath per ring (holes are cut by fill-rule
    evenodd); a point closer than `MIN_STEP` to the last one drawn is left out."""
    parts: list[str] = []
    for polygon in shape:
        for ring in polygon:
            previous: tuple[float, float] | None = None
            commands: list[str] = []
            for point in ring[:-1]:
                x, y = projection.xy(point)
                if previous is not None and abs(x - previous[0]) + abs(y - previous[1]) < MIN_STEP:
                    continue
                previous = (x, y)
                commands.append(f"{_number(x)} {_number(y)}")
            if len(commands) >= 3:
                parts.append("M" + "L".join(commands) + "Z")
    return "".join(parts)


def _ring_area_centroid(ring: Sequence[Point]) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-15:
        return 0.0, ring[0]
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def label_point(shape: Shape) -> tuple[float, Point]:
    """Where to write an area's name: the centroid of its outer rings weighted by their size
    (an area drawn as its 町丁目 is labelled in its middle), with their size in square
    degrees."""
    parts = [_ring_area_centroid(polygon[0]) for polygon in shape]
    total = sum(size for size, _ in parts)
    if total <= 0:
        return 0.0, shape[0][0][0]
    lon = sum(size * centre[0] for size, centre in parts) / total
    lat = sum(size * centre[1] for size, centre in parts) / total
    return total, (lon, lat)


def extent(shape: Shape) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the shape."""
    lons = [lon for polygon in shape for lon, _ in polygon[0]]
    lats = [lat for polygon in shape for _, lat in polygon[0]]
    return min(lons), min(lats), max(lons), max(lats)


def inside_points(shape: Shape, count: int) -> list[Point]:
    """`count` points inside the shape, spread along the widest stretch of a line of latitude
    through the middle of its largest polygon (a centroid may fall outside a bent outline)."""
    _, (_, middle) = label_point(shape)
    outer = max(shape, key=lambda polygon: _ring_area_centroid(polygon[0])[0])[0]
    crossings = sorted(
        x0 + (middle - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in pairwise(outer)
        if (y0 <= middle < y1) or (y1 <= middle < y0)
    )
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    west, east = max(stretches, key=lambda pair: pair[1] - pair[0])
    return [(west + (east - west) * (k + 1) / (count + 1), middle) for k in range(count)]
