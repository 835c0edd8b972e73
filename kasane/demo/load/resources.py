"""Loads デモ市's 社会資源 (issue 16): the organisations (and their partner agreements) and the
services with their places and schedules, through the resources services (so they are
audited), then dated: each service was last checked `checked` days ago by sanka. A service
already present (by name) is left as it is, so loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.demo import city
from kasane.organizations.models import Area
from kasane.resources import services
from kasane.resources.codes import ensure_default_categories
from kasane.resources.models import (
    Location,
    ResourceOrganization,
    Service,
    ServiceCategory,
    Status,
)

# Who keeps the demo directory: the participation coordinator of 社会福祉協議会.
KEEPER = "sanka"


def load_resources(now: dt.datetime) -> None:
    ensure_default_categories()
    actor = User.objects.get(username=KEEPER)
    today = timezone.localdate(now)
    organizations = {
        key: _organization(actor, today, *spec) for key, spec in city.RESOURCE_ORGANIZATIONS.items()
    }
    categories = {category.code: category for category in ServiceCategory.objects.all()}
    for spec in city.RESOURCES:
        if not Service.objects.filter(name=spec["name"]).exists():
            _service(actor, today, organizations[spec["org"]], categories, spec)


def _organization(
    actor: User,
    today: dt.date,
    name: str,
    kana: str,
    phone: str,
    partner: tuple[int, list[str]] | None,
) -> ResourceOrganization:
    existing = ResourceOrganization.objects.filter(name=name).first()
    if existing is not None:
        return existing
    values: dict[str, Any] = {"name": name, "kana": kana, "phone": phone}
    if partner is not None:
        days, offers = partner
        values.update(
            is_partner=True, partner_since=today - dt.timedelta(days=days), partner_offers=offers
        )
    return services.organization_create(actor=actor, **values)


def _time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def _place(organization: ResourceOrganization, spec: dict[str, Any]) -> services.PlaceInput:
    name, town, address, access = spec["place"]
    location = Location.objects.filter(organization=organization, name=name).first()
    freq, byday, opens, closes, description = spec["schedules"][0]
    return services.PlaceInput(
        location=location,
        location_values={
            "name": name,
            "address": address,
            "area": Area.objects.get(name=town),
            "access": access,
        },
        schedule_values={
            "freq": freq,
            "byday": byday,
            "opens_at": _time(opens),
            "closes_at": _time(closes),
            "description": description,
        },
    )


def _service(
    actor: User,
    today: dt.date,
    organization: ResourceOrganization,
    categories: dict[str, ServiceCategory],
    spec: dict[str, Any],
) -> Service:
    age_min, age_max = spec.get("age", (None, None))
    contact_name, contact_phone = spec.get("contact", ("", ""))
    service = services.service_create(
        actor=actor,
        organization=organization,
        categories=[categories[code] for code in spec["categories"]],
        place=_place(organization, spec),
        name=spec["name"],
        kana=spec["kana"],
        description=spec["description"],
        age_min=age_min,
        age_max=age_max,
        eligibility=spec.get("eligibility", ""),
        accommodations=spec.get("accommodations", ""),
        is_free=spec.get("free", False),
        fees=spec.get("fees", ""),
        languages=spec.get("languages", "日本語"),
        capacity=spec.get("capacity"),
        accepting_new=spec["accepting"],
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    # Dated in the story's past: registered a while before it was last checked.
    checked = today - dt.timedelta(days=spec["checked"])
    fields: dict[str, Any] = {
        "assured_date": checked,
        "status_since": checked - dt.timedelta(days=365),
    }
    if spec.get("status") == Status.SUSPENDED:
        fields.update(status=Status.SUSPENDED, status_since=today - dt.timedelta(days=20))
    Service.objects.filter(pk=service.pk).update(**fields)
    return service
