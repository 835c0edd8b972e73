"""The directory as Open Referral HSDS 3 JSON (issue 16, "Export and interoperability").

One document shaped like the HSDS 3 API's page of organizations (`Page` of openapi.json), each
organization fully nested as `schema/compiled/organization.json` says: its locations (with the
address), its services (status, eligibility, ages, fees, languages, contact, `assured_date`)
with their service_at_locations and schedules, categories as taxonomy terms (attributes).

Every id is a UUID derived from our primary key (`hsds_id`: uuid5 in the namespace
`KASANE_HSDS_NAMESPACE`), so exporting the same directory twice gives the same bytes, and an
import finds a row's record again from its id. The directory holds no personal data; the one
staff datum HSDS offers (`assurer_email`) is left out: the file may leave the city.

The runtime needs no JSON Schema library: the tests validate the export against the schemas
in `../shared/standards/hsds-3` (the shape is fixed by this code, not by the data).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from kasane import access
from kasane.organizations.models import Area, AreaKind
from kasane.resources.models import (
    Location,
    PartnerOffer,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
)

HSDS_VERSION = "3.0"
# HSDS 3 service.status for ours: 休止 is "temporarily closed", 廃止 "defunct".
STATUS = {
    Status.ACTIVE: "active",
    Status.SUSPENDED: "temporarily closed",
    Status.CLOSED: "defunct",
}
# Language names as the directory writes them → ISO 639-1 codes (HSDS language.code).
LANGUAGE_CODES = {
    "日本語": "ja",
    "やさしい日本語": "ja",
    "英語": "en",
    "中国語": "zh",
    "韓国語": "ko",
    "ポルトガル語": "pt",
    "スペイン語": "es",
    "ベトナム語": "vi",
    "タガログ語": "tl",
    "ネパール語": "ne",
    "インドネシア語": "id",
    "手話": "jsl",
}
LANGUAGE_SEPARATORS = ("、", ",", "，", "・", "/")
# Our fields HSDS has no place for, as attributes with a term of the taxonomy "Kasane".
KASANE_TERMS = {
    "accommodations": "障害・病気への配慮",
    "capacity": "定員",
    "accepting_new": "新しい人を受け入れている",
    "partner_since": "協力事業者（協力の合意日）",
    "partner_offer": "協力の内容",
}


def namespace() -> uuid.UUID:
    return uuid.UUID(settings.KASANE_HSDS_NAMESPACE)


def hsds_id(kind: str, *key: object) -> str:
    """The stable UUID of one of our records in the export: `hsds_id("service", 12)`."""
    return str(uuid.uuid5(namespace(), "/".join([kind, *(str(part) for part in key)])))


def split_languages(text: str) -> list[str]:
    for separator in LANGUAGE_SEPARATORS:
        text = text.replace(separator, "\n")
    return [name.strip() for name in text.splitlines() if name.strip()]


def _present(values: dict[str, Any]) -> dict[str, Any]:
    """HSDS fields are typed strings/numbers: an absent value is left out, not null or ""."""
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def _number(value: Decimal | int | None) -> float | int | None:
    return float(value) if isinstance(value, Decimal) else value


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _taxonomies() -> list[dict[str, Any]]:
    return [
        {
            "id": hsds_id("taxonomy", "categories"),
            "name": "社会資源の種類",
            "description": "Kasane の社会資源の種類（管理者が編集する一覧）",
        },
        {
            "id": hsds_id("taxonomy", "kasane"),
            "name": "Kasane",
            "description": "HSDS に対応する項目のない Kasane の項目",
        },
    ]


def _category_term(category: ServiceCategory) -> dict[str, Any]:
    return {
        "id": hsds_id("category", category.pk),
        "code": category.code,
        "name": category.name,
        "description": category.name,
        "taxonomy": "社会資源の種類",
        "taxonomy_id": hsds_id("taxonomy", "categories"),
        "language": "ja",
    }


def _kasane_term(code: str) -> dict[str, Any]:
    return {
        "id": hsds_id("kasane-term", code),
        "code": code,
        "name": KASANE_TERMS[code],
        "description": KASANE_TERMS[code],
        "taxonomy": "Kasane",
        "taxonomy_id": hsds_id("taxonomy", "kasane"),
        "language": "ja",
    }


def _attribute(entity: str, pk: int, link_id: str, term: dict[str, Any], value: str = "") -> Any:
    return _present(
        {
            "id": hsds_id("attribute", entity, pk, term["id"], value),
            "link_id": link_id,
            "link_type": term["code"],
            "link_entity": entity,
            "taxonomy_term_id": term["id"],
            "value": value,
            "taxonomy_term": term,
        }
    )


def _schedule(schedule: Schedule, service_id: str, at: ServiceAtLocation | None) -> Any:
    return _present(
        {
            "id": hsds_id("schedule", schedule.pk),
            "service_id": service_id,
            "location_id": hsds_id("location", at.location_id) if at else None,
            "service_at_location_id": hsds_id("service_at_location", at.pk) if at else None,
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "dtstart": _date(schedule.valid_from),
            "timezone": 9,
            "wkst": "MO",
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.description or schedule.label,
            "attending_type": "in_person",
        }
    )


def _location(location: Location, city: str) -> Any:
    location_id = hsds_id("location", location.pk)
    address = {
        "id": hsds_id("address", location.pk),
        "location_id": location_id,
        "address_1": location.address,
        "city": city,
        "region": location.area.name,
        "state_province": settings.KASANE_PREFECTURE,
        "postal_code": location.postal_code,
        "country": "JP",
        "address_type": "physical",
    }
    return _present(
        {
            "id": location_id,
            "location_type": "physical",
            "organization_id": hsds_id("organization", location.organization_id),
            "name": location.name,
            "transportation": location.access,
            "latitude": _number(location.latitude),
            "longitude": _number(location.longitude),
            "external_identifier": location.area.code,
            "external_identifier_type": "地域コード",
            "addresses": [address],
        }
    )


def _languages(service: Service, service_id: str) -> list[dict[str, Any]]:
    return [
        _present(
            {
                "id": hsds_id("language", service.pk, name),
                "service_id": service_id,
                "name": name,
                "code": LANGUAGE_CODES.get(name),
            }
        )
        for name in split_languages(service.languages)
    ]


def _contacts(service: Service, service_id: str) -> list[dict[str, Any]]:
    if not (service.contact_name or service.contact_phone or service.contact_email):
        return []
    contact_id = hsds_id("contact", service.pk)
    phones = [{"id": hsds_id("phone", "contact", service.pk), "contact_id": contact_id}]
    phones[0]["number"] = service.contact_phone
    return [
        _present(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": service.contact_name,
                "email": service.contact_email,
                "phones": phones if service.contact_phone else [],
            }
        )
    ]


def _service_attributes(service: Service, service_id: str) -> list[dict[str, Any]]:
    attributes = [
        _attribute("service", service.pk, service_id, _category_term(category))
        for category in service.categories.all()
    ]
    extra = {
        "accommodations": service.accommodations,
        "capacity": "" if service.capacity is None else str(service.capacity),
        "accepting_new": "true" if service.accepting_new else "false",
    }
    for code, value in extra.items():
        if value:
            attributes.append(
                _attribute("service", service.pk, service_id, _kasane_term(code), value)
            )
    return attributes


def _service(service: Service, city: str) -> Any:
    service_id = hsds_id("service", service.pk)
    schedules = list(service.schedules.all())
    ats = [
        _present(
            {
                "id": hsds_id("service_at_location", at.pk),
                "service_id": service_id,
                "location_id": hsds_id("location", at.location_id),
                "schedules": [
                    _schedule(s, service_id, at)
                    for s in schedules
                    if s.service_at_location_id == at.pk
                ],
                "location": _location(at.location, city),
            }
        )
        for at in service.at_locations.all()
    ]
    cost_options = []
    if service.is_free:
        cost_options.append(
            {
                "id": hsds_id("cost_option", service.pk),
                "service_id": service_id,
                "option": "無料",
                "currency": "JPY",
                "amount": 0,
            }
        )
    return _present(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", service.organization_id),
            "name": service.name,
            "description": service.description,
            "status": STATUS[Status(service.status)],
            "fees_description": service.fees or ("無料" if service.is_free else ""),
            "eligibility_description": service.eligibility,
            "minimum_age": service.age_min,
            "maximum_age": service.age_max,
            "assured_date": _date(service.assured_date),
            "last_modified": service.updated_at.isoformat(),
            "contacts": _contacts(service, service_id),
            "languages": _languages(service, service_id),
            "cost_options": cost_options,
            "schedules": [
                _schedule(s, service_id, None)
                for s in schedules
                if s.service_at_location_id is None
            ],
            "service_at_locations": ats,
            "attributes": _service_attributes(service, service_id),
        }
    )


def _organization_attributes(organization: ResourceOrganization, link_id: str) -> list[Any]:
    if not organization.is_partner:
        return []
    attributes = [
        _attribute(
            "organization",
            organization.pk,
            link_id,
            _kasane_term("partner_since"),
            _date(organization.partner_since) or "",
        )
    ]
    for offer in organization.partner_offers:
        if offer in PartnerOffer.values:
            label = PartnerOffer(offer).label
            term = _kasane_term("partner_offer")
            attributes.append(_attribute("organization", organization.pk, link_id, term, label))
    return attributes


def _organization(
    organization: ResourceOrganization, services: list[Service], city: str
) -> dict[str, Any]:
    organization_id = hsds_id("organization", organization.pk)
    phones = []
    if organization.phone:
        phones.append(
            {
                "id": hsds_id("phone", "organization", organization.pk),
                "organization_id": organization_id,
                "number": organization.phone,
            }
        )
    document = _present(
        {
            "id": organization_id,
            "name": organization.name,
            "email": organization.email,
            "website": organization.website,
            "phones": phones,
            "locations": [_location(loc, city) for loc in organization.locations.all()],
            "services": [_service(service, city) for service in services],
            "attributes": _organization_attributes(organization, organization_id),
        }
    )
    document["description"] = organization.description  # required, even when empty
    return document


def _city_name() -> str:
    city = Area.objects.filter(kind=AreaKind.CITY, parent__isnull=True).order_by("pk").first()
    return city.name if city else ""


def directory_document(user: Any) -> dict[str, Any]:
    """The whole directory (every status) as one HSDS 3 page of organizations, in the order
    of our primary keys. 404 for those who may not read the directory. A fixed number of
    queries, whatever the number of resources."""
    organizations = list(
        access.resource_organizations_for_user(user)
        .order_by("pk")
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("area").order_by("pk"))
        )
    )
    services = (
        access.services_for_user(user)
        .order_by("pk")
        .prefetch_related(
            Prefetch("categories", queryset=ServiceCategory.objects.order_by("sort_order", "pk")),
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__area").order_by("pk"),
            ),
            Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        )
    )
    by_organization: dict[int, list[Service]] = {}
    for service in services:
        by_organization.setdefault(service.organization_id, []).append(service)
    city = _city_name()
    contents = [
        _organization(organization, by_organization.get(organization.pk, []), city)
        for organization in organizations
    ]
    return {
        "version": HSDS_VERSION,
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "taxonomies": _taxonomies(),
        "contents": contents,
    }


def document_json(document: dict[str, Any]) -> bytes:
    """`directory_document` as UTF-8 JSON: the same directory gives the same bytes."""
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
