"""Builders for the directory's tests: デモ市's named resources, and new ones through the
services as a coordinator would register them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.accounts.models import User
from kasane.organizations.models import Area
from kasane.resources import services
from kasane.resources.models import ResourceOrganization, Service, ServiceCategory

CARERS_CAFE = "介護者カフェ「ほっと」"
BAKERY = "パン工房こむぎの就労体験"


def demo_service(name: str) -> Service:
    return Service.objects.select_related("organization").get(name=name)


def category(code: str) -> ServiceCategory:
    return ServiceCategory.objects.get(code=code)


def new_service(
    actor: User,
    *,
    name: str = "テストの居場所",
    town: str = "北町1丁目",
    byday: str = "MO",
    freq: str = "WEEKLY",
    categories: tuple[str, ...] = ("ibasho",),
    **values: Any,
) -> Service:
    organization = ResourceOrganization.objects.get_or_create(name="テストの団体")[0]
    place = services.PlaceInput(
        location_values={
            "name": f"{name}の会場",
            "address": "デモ市テスト1-1",
            "area": Area.objects.get(name=town),
        },
        schedule_values={
            "freq": freq,
            "byday": byday,
            "opens_at": dt.time(10),
            "closes_at": dt.time(12),
        },
    )
    values.setdefault("description", "テストの社会資源")
    values.setdefault("kana", "てすと")
    values.setdefault("accepting_new", True)
    return services.service_create(
        actor=actor,
        organization=organization,
        categories=[category(code) for code in categories],
        place=place,
        name=name,
        **values,
    )
