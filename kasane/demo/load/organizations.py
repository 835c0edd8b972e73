"""Loads the city's areas (圏域, 地区, 町丁目) and its organisations."""

from __future__ import annotations

from kasane.demo import city
from kasane.organizations.models import Area, AreaKind, Organization


def _area(name: str, kana: str, kind: str, parent: Area | None, code: str, order: int) -> Area:
    area, _ = Area.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kana": kana,
            "kind": kind,
            "parent": parent,
            "sort_order": order,
            "is_active": True,
        },
    )
    return area


def load_areas() -> dict[str, Area]:
    name, kana, code = city.CITY
    city_area = _area(name, kana, AreaKind.CITY, None, code, 0)
    areas = {name: city_area}
    for s, (sphere_name, sphere_kana, districts) in enumerate(city.SPHERES, start=1):
        sphere = _area(sphere_name, sphere_kana, AreaKind.SPHERE, city_area, f"{s:02}", s)
        areas[sphere_name] = sphere
        for d, (district_name, district_kana, towns) in enumerate(districts, start=1):
            district_code = f"{s:02}-{d:02}"
            district = _area(
                district_name, district_kana, AreaKind.DISTRICT, sphere, district_code, d
            )
            areas[district_name] = district
            number = 0
            for town, chome_count in towns:
                for chome in range(1, chome_count + 1):
                    number += 1
                    town_name = f"{town}{chome}丁目"
                    areas[town_name] = _area(
                        town_name,
                        "",
                        AreaKind.TOWN,
                        district,
                        f"{district_code}-{number:02}",
                        number,
                    )
    return areas


def load_organizations(areas: dict[str, Area]) -> dict[str, Organization]:
    organizations = {}
    for name, kana, kind, fields, programs, area_name, phone in city.ORGANIZATIONS:
        organizations[name], _ = Organization.objects.update_or_create(
            name=name,
            defaults={
                "kana": kana,
                "kind": kind,
                "fields": [str(f) for f in fields],
                "programs": [str(p) for p in programs],
                "area": areas[area_name] if area_name else None,
                "phone": phone,
                "address": f"デモ市役所 {phone[-4:]}" if kind == "city_department" else "",
                "is_active": True,
            },
        )
    return organizations
