"""The map's pure parts: reading and thinning outlines, the projection, SVG paths, the
classes, and the population of areas without figures of their own."""

from __future__ import annotations

import math

import pytest

from kasane.accounts.models import User
from kasane.community.map_geometry import (
    GeometryError,
    Projection,
    inside_points,
    read_shape,
    svg_path,
    thin_ring,
)
from kasane.community.map_selectors import (
    class_breaks,
    class_index,
    figures_for_year,
    shade_classes,
)
from kasane.community.models import AreaFigures
from kasane.organizations.models import Area

SQUARE = [[139.5, 35.6], [139.51, 35.6], [139.51, 35.61], [139.5, 35.61], [139.5, 35.6]]


def test_a_polygon_and_a_multipolygon_are_read_and_an_open_ring_is_closed() -> None:
    assert read_shape({"type": "Polygon", "coordinates": [SQUARE[:-1]]}) == [
        [[tuple(point) for point in SQUARE]]
    ]
    shape = read_shape({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]})
    assert len(shape) == 2


@pytest.mark.parametrize(
    "geometry",
    [
        None,
        {"type": "LineString", "coordinates": SQUARE},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], [5, 6]]]},
        {"type": "Polygon", "coordinates": [[[True, 35.6]] * 4]},
        {"type": "MultiPolygon", "coordinates": "x"},
    ],
)
def test_what_is_not_a_polygon_is_refused_in_japanese(geometry: object) -> None:
    with pytest.raises(GeometryError) as refused:
        read_shape(geometry)
    assert refused.value.message


def test_thinning_keeps_corners_and_never_breaks_a_ring() -> None:
    tiny = [(139.5, 35.6), (139.500001, 35.6), (139.500001, 35.600001), (139.5, 35.6)]
    assert thin_ring(tiny) == tiny  # thinning would leave no polygon: kept as it is
    dense = [(139.5 + i * 0.00001, 35.6) for i in range(100)] + [(139.5, 35.61), (139.5, 35.6)]
    thinned = thin_ring(dense)
    assert thinned[0] == dense[0] and thinned[-1] == dense[-1]
    assert len(thinned) < 30


def test_the_projection_keeps_the_shape_of_the_city() -> None:
    """A square of 0.01° of latitude by 0.01°/cos(lat) of longitude is square on the map."""
    lat = 35.6
    width = 0.01 / math.cos(math.radians(lat))
    projection = Projection.fit([(139.5, lat), (139.5 + width, lat + 0.01)], width=820, margin=10)
    assert projection is not None
    assert projection.height == pytest.approx(820, abs=0.5)
    assert projection.xy((139.5, lat + 0.01)) == (10, 10)  # north-west is the top left
    assert Projection.fit([]) is None


def test_a_path_has_one_closed_subpath_per_ring() -> None:
    shape = read_shape({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]})
    projection = Projection.fit([(139.5, 35.6), (139.51, 35.61)])
    assert projection is not None
    path = svg_path(shape, projection)
    assert path.count("M") == 2 and path.count("Z") == 2
    assert path.startswith("M10 ")


def test_points_inside_a_bent_outline() -> None:
    # An L: its centroid lies outside it.
    ell = [(0.0, 0.0), (3.0, 0.0), (3.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0), (0.0, 0.0)]
    for x, y in inside_points([[ell]], 3):
        assert (0 < x < 3 and 0 < y < 1) or (0 < x < 1 and 0 < y < 3)


def test_five_classes_of_equal_size_or_fewer_when_values_repeat() -> None:
    values = [float(n) for n in range(1, 11)]
    breaks = class_breaks(values)
    assert breaks == [2, 4, 6, 8, 10]
    assert [class_index(v, breaks) for v in (1, 2, 3, 10)] == [0, 0, 1, 4]
    assert class_breaks([0, 0, 0, 5]) == [0, 5]
    assert class_breaks([]) == []
    assert shade_classes(5) == [f"map-class-{n}" for n in range(1, 6)]
    assert shade_classes(2) == ["map-class-1", "map-class-5"]
    assert shade_classes(1) == ["map-class-3"]


@pytest.mark.django_db
def test_an_area_without_figures_of_its_own_sums_its_towns(coordinator: User) -> None:
    def row(name: str, year: int, population: int, aged_65: int) -> None:
        AreaFigures.objects.create(
            area=Area.objects.get(name=name),
            year=year,
            population=population,
            aged_65=aged_65,
            aged_75=0,
            households=0,
            single_elderly_households=0,
            children=0,
            entered_by=coordinator,
        )

    row("旭町1丁目", 2010, 1000, 300)
    row("旭町2丁目", 2010, 500, 100)
    row("桜台1丁目", 2010, 200, 50)
    row("旭地区", 2010, 1600, 420)  # its own row wins over the sum of its towns
    row("旭町1丁目", 2008, 9, 9)  # an older year is not used
    areas = list(Area.objects.active())
    chosen = [area for area in areas if area.name in {"東圏域", "旭地区", "西圏域"}]
    year, found = figures_for_year(2011, chosen, areas)
    assert year == 2010
    by_name = {area.name: found.get(area.pk) for area in chosen}
    assert by_name["東圏域"].population == 1700 and by_name["東圏域"].aged_65 == 450
    assert by_name["旭地区"].population == 1600
    assert by_name["西圏域"] is None
    assert figures_for_year(2000, chosen, areas) == (None, {})
