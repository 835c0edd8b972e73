"""Loads デモ市's boundary file (a schematic map of its 町丁目, `city/boundaries.geojson`)
through `boundaries_load`, as a coordinator would, and places the directory's locations that
have no coordinates inside their 町丁目 (through the resources service, so it is audited).
Loading twice changes nothing: a town with a boundary and a place with coordinates are left
as they are."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from kasane.accounts.models import User
from kasane.community.map_boundaries import boundaries_load, read_features
from kasane.community.map_geometry import inside_points, read_shape
from kasane.community.models import AreaBoundary
from kasane.core.errors import version_of
from kasane.organizations.models import Area, AreaKind
from kasane.resources import services
from kasane.resources.models import Location

BOUNDARY_FILE = Path(__file__).resolve().parent.parent / "city" / "boundaries.geojson"
LOADER = "coordinator"


def load_community_map() -> None:
    actor = User.objects.get(username=LOADER)
    towns = Area.objects.filter(kind=AreaKind.TOWN, is_active=True)
    if AreaBoundary.objects.filter(area__in=towns).count() < towns.count():
        features = read_features(BOUNDARY_FILE.read_bytes())
        result = boundaries_load(actor=actor, features=features, filename=BOUNDARY_FILE.name)
        if result.errors:  # the demo's own file: an error is a bug in the demo
            raise RuntimeError([error.message for error in result.errors])
    _place_locations(actor)


def _place_locations(actor: User) -> None:
    """Each place without coordinates gets a point inside its 町丁目 (the first 町丁目 under
    a wider area), spread so that places in one town do not overlap."""
    places = Location.objects.filter(latitude=None).select_related("area").order_by("pk")
    if not places:
        return
    boundaries = {
        boundary.area.code: read_shape(boundary.geometry)
        for boundary in AreaBoundary.objects.select_related("area").order_by("area__code")
    }
    by_town: dict[str, list[Location]] = defaultdict(list)
    for place in places:
        town = next((code for code in boundaries if code.startswith(place.area.code)), None)
        if town is not None:
            by_town[town].append(place)
    for town, located in by_town.items():
        for place, (lon, lat) in zip(
            located, inside_points(boundaries[town], len(located)), strict=True
        ):
            services.location_update(
                actor=actor,
                location=place,
                loaded_at=version_of(place.updated_at),
                latitude=Decimal(f"{lat:.6f}"),
                longitude=Decimal(f"{lon:.6f}"),
            )
