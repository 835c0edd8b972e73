"""Loading the city's boundary file: every error in Japanese with the feature's number and
nothing saved; a check that says which areas get a boundary and which are replaced; the
confirmation stores exactly what was checked; coordinators and admins only; audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.community.map_boundaries import boundaries_load
from kasane.community.models import AreaBoundary
from kasane.organizations.models import Area
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
SQUARE = [[139.50, 35.60], [139.51, 35.60], [139.51, 35.61], [139.50, 35.61], [139.50, 35.60]]


def _feature(properties: dict[str, Any], geometry: Any = None) -> dict[str, Any]:
    geometry = geometry or {"type": "Polygon", "coordinates": [SQUARE]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _file(document: Any, name: str = "boundaries.geojson") -> SimpleUploadedFile:
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, content, content_type="application/geo+json")


def _collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _stored() -> list[tuple[int, Any]]:
    return list(AreaBoundary.objects.order_by("pk").values_list("area_id", "geometry"))


def _check(client: Client, document: Any) -> str:
    response = client.post(reverse("community:map_boundaries"), {"file": _file(document)})
    assert response.status_code == 200
    return response.content.decode()


WHOLE_FILE_ERRORS = [
    (b"{not json", "JSON として読めません"),
    (b"\xff\xfe\x00", "JSON として読めません"),
    ({"type": "Feature", "geometry": None}, "FeatureCollection ではありません"),
    ({"type": "FeatureCollection", "features": []}, "地物（features）がありません"),
]


@pytest.mark.parametrize(("document", "message"), WHOLE_FILE_ERRORS)
def test_a_file_that_is_not_geojson_is_refused(
    coordinator: User, document: Any, message: str
) -> None:
    before = _stored()
    html = _check(client_for(coordinator), document)
    assert message in html
    assert "この内容で読み込む" not in html
    assert _stored() == before


FEATURE_ERRORS = [
    (
        _feature({"name": "旭町1丁目"}, {"type": "Point", "coordinates": [139.5, 35.6]}),
        "形の種類が「Point」です",
    ),
    (
        _feature(
            {"name": "旭町1丁目"},
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
        ),
        "日本の経度・緯度の範囲にありません",
    ),
    (
        _feature(
            {"name": "旭町1丁目"},
            {
                "type": "Polygon",
                "coordinates": [[[35.6, 139.5], [35.61, 139.5], [35.61, 139.51], [35.6, 139.5]]],
            },
        ),
        "経度と緯度が逆のようです",
    ),
    (
        _feature(
            {"name": "旭町1丁目"},
            {"type": "Polygon", "coordinates": [[[139.5, 35.6], [139.51, 35.6]]]},
        ),
        "輪郭の点が足りません",
    ),
    (_feature({"name": "月面1丁目"}), "「月面1丁目」という地域がありません"),
    (_feature({"area_code": "99-99"}), "地域コード「99-99」の地域がありません"),
    (_feature({"city": "デモ市"}), "地域を示すプロパティがありません"),
    ({"type": "Topology"}, "地物（Feature）ではありません"),
]


@pytest.mark.parametrize(("feature", "message"), FEATURE_ERRORS)
def test_each_feature_error_names_the_feature_and_saves_nothing(
    coordinator: User, feature: dict[str, Any], message: str
) -> None:
    before = _stored()
    html = _check(client_for(coordinator), _collection(_feature({"name": "東町1丁目"}), feature))
    assert "2番目" in html and message in html
    assert "1番目" not in html  # the good feature has no error, and is not saved either
    assert _stored() == before


def test_the_same_area_twice_is_an_error_on_both(coordinator: User) -> None:
    before = _stored()
    html = _check(
        client_for(coordinator),
        _collection(_feature({"name": "旭町1丁目"}), _feature({"area_code": "01-01-01"})),
    )
    assert html.count("旭町1丁目（01-01-01）の境界がファイルに2つ以上あります") == 2
    assert _stored() == before


def test_a_file_over_the_limit_is_refused(coordinator: User, settings) -> None:
    settings.KASANE_BOUNDARY_MAX_BYTES = 100
    html = _check(client_for(coordinator), _collection(_feature({"name": "旭町1丁目"})))
    assert "ファイルが大きすぎます" in html


def test_the_check_says_what_changes_and_the_confirmation_stores_it(coordinator: User) -> None:
    client = client_for(coordinator)
    # e-Stat's properties: KEY_CODE is not the city's code, S_NAME has full-width digits.
    estat = {
        "KEY_CODE": "13999001001",
        "PREF_NAME": "デモ県",
        "CITY_NAME": "デモ市",
        "S_NAME": "旭町１丁目",
    }
    document = _collection(_feature(estat), _feature({"地域コード": "01"}))
    response = client.post(reverse("community:map_boundaries"), {"file": _file(document)})
    html = response.content.decode()
    assert "1地域に境界ができ、1地域の境界を置き換えます" in html
    assert (
        AuditEvent.objects.filter(action="community.boundaries_check").latest("pk").details["new"]
        == 1
    )
    town = Area.objects.get(name="旭町1丁目")
    sphere = Area.objects.get(name="東圏域")
    assert not AreaBoundary.objects.filter(area=sphere).exists()  # the check saved nothing
    token = response.context["confirm_form"].initial["token"]
    response = client.post(reverse("community:map_boundaries_confirm"), {"token": token})
    assert response.status_code == 302
    stored = AreaBoundary.objects.get(area=town)
    assert stored.geometry["coordinates"] == [[SQUARE]]
    assert stored.loaded_by == coordinator
    assert AreaBoundary.objects.get(area=sphere).source == "boundaries.geojson"
    event = AuditEvent.objects.filter(action="community.boundaries_load").latest("pk")
    assert event.actor == coordinator
    assert event.details["new"] == 1 and event.details["replaced"] == 1


def test_a_forged_token_stores_nothing(coordinator: User, admin: User) -> None:
    before = _stored()
    client = client_for(coordinator)
    response = client.post(
        reverse("community:map_boundaries"),
        {"file": _file(_collection(_feature({"name": "旭町1丁目"})))},
    )
    token = response.context["confirm_form"].initial["token"]
    # Bound to the user who checked it: another user's confirmation is refused.
    response = client_for(admin).post(reverse("community:map_boundaries_confirm"), {"token": token})
    assert response.status_code == 302
    response = client.post(reverse("community:map_boundaries_confirm"), {"token": "x" + token})
    assert response.status_code == 302
    assert _stored() == before


def test_detailed_outlines_are_thinned(coordinator: User) -> None:
    # A square with a point every 0.00001° (about 1 m) along its edges.
    steps = [139.5 + i * 0.00001 for i in range(1001)]
    ring = [[lon, 35.6] for lon in steps] + [[139.51, 35.61], [139.5, 35.61], [139.5, 35.6]]
    result = boundaries_load(
        actor=coordinator,
        features=[_feature({"name": "旭町1丁目"}, {"type": "Polygon", "coordinates": [ring]})],
        filename="detailed.geojson",
    )
    assert result.points_read == 1004
    assert result.points_kept < 220


def test_only_coordinators_and_admins_load(chiiki: User) -> None:
    with pytest.raises(Http404):
        boundaries_load(actor=chiiki, features=[], filename="x.geojson")
