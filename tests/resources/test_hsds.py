"""The HSDS 3 export: the whole demo directory validates against the Open Referral JSON
Schemas in ../shared/standards/hsds-3 (jsonschema, formats checked), ids are stable UUIDs, a
second export is byte for byte the same, statuses map to HSDS values, the download is audited,
404 for those who may not read the directory, and its queries do not grow with the rows."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.resources import hsds, services
from kasane.resources.models import Service, Status
from tests.conftest import client_for, queries_for
from tests.resources.helpers import CARERS_CAFE, demo_service, new_service
from tests.system_packages import skip_or_fail

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "standards" / "hsds-3" / "schema"
ENTITIES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "schedule",
    "address",
    "phone",
    "contact",
    "language",
    "cost_option",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)


def _schemas() -> Path:
    if not (SCHEMAS / "compiled" / "organization.json").exists():
        skip_or_fail(f"HSDS 3 JSON Schemas not found at {SCHEMAS.resolve()}")
    return SCHEMAS


def _validator(name: str) -> Any:
    """A validator of one entity, its $refs ("phone.json") read from the schema folder."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = _schemas()
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in folder.glob("*.json")
    )
    return Draft202012Validator(
        {"$ref": f"{name}.json"}, registry=registry, format_checker=FormatChecker()
    )


def _errors(validator: Any, instance: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture
def document(sanka: User) -> dict[str, Any]:
    return hsds.directory_document(sanka)


def test_it_validates_every_organization_against_the_compiled_schema(document) -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((_schemas() / "compiled" / "organization.json").read_text())
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert document["contents"]
    problems = [error for org in document["contents"] for error in _errors(validator, org)]
    assert problems == []


def test_it_validates_every_entity_against_its_own_schema(document) -> None:
    found: dict[str, list[Any]] = {name: [] for name in ENTITIES}
    found["taxonomy"] = document["taxonomies"]
    for organization in document["contents"]:
        found["organization"].append(organization)
        found["phone"] += organization.get("phones", [])
        found["attribute"] += organization.get("attributes", [])
        for location in organization.get("locations", []):
            found["location"].append(location)
            found["address"] += location["addresses"]
        for service in organization.get("services", []):
            found["service"].append(service)
            found["contact"] += service.get("contacts", [])
            found["language"] += service.get("languages", [])
            found["cost_option"] += service.get("cost_options", [])
            found["schedule"] += service.get("schedules", [])
            for attribute in service.get("attributes", []):
                found["attribute"].append(attribute)
                found["taxonomy_term"].append(attribute["taxonomy_term"])
            for at in service.get("service_at_locations", []):
                found["service_at_location"].append(at)
                found["schedule"] += at.get("schedules", [])
    problems = {}
    for name, instances in found.items():
        assert instances, f"the demo export has no {name}"
        validator = _validator(name)
        errors = [error for instance in instances for error in _errors(validator, instance)]
        if errors:
            problems[name] = errors[:5]
    assert problems == {}


def test_it_has_the_page_fields_of_the_hsds_api(document) -> None:
    page = json.loads((_schemas() / "openapi.json").read_text())["components"]["schemas"]["Page"]
    assert set(page["properties"]) <= set(document)
    assert document["total_items"] == len(document["contents"]) > 0


def test_it_exports_every_service_with_stable_uuid_ids(sanka: User, document) -> None:
    services_out = [s for org in document["contents"] for s in org.get("services", [])]
    assert len(services_out) == Service.objects.count()
    cafe = demo_service(CARERS_CAFE)
    exported = {s["id"]: s for s in services_out}[hsds.hsds_id("service", cafe.pk)]
    assert uuid.UUID(exported["id"]).version == 5
    assert exported["name"] == CARERS_CAFE
    assert exported["assured_date"] == cafe.assured_date.isoformat()
    categories = [
        a["taxonomy_term"]["name"]
        for a in exported["attributes"]
        if a["link_type"] != "accepting_new"
    ]
    assert set(cafe.categories.values_list("name", flat=True)) <= set(categories)
    assert hsds.document_json(hsds.directory_document(sanka)) == hsds.document_json(document)


def test_it_maps_statuses_to_hsds_values(sanka: User, coordinator: User) -> None:
    service = new_service(coordinator, name="休止する居場所")
    services.service_close(
        actor=coordinator, service=service, status=Status.SUSPENDED, on=service.status_since
    )
    document = hsds.directory_document(sanka)
    out = {s["id"]: s for org in document["contents"] for s in org.get("services", [])}
    assert out[hsds.hsds_id("service", service.pk)]["status"] == "temporarily closed"
    assert set(hsds.STATUS.values()) <= {"active", "inactive", "defunct", "temporarily closed"}


def test_it_downloads_and_audits(sanka: User) -> None:
    response = client_for(sanka).get(reverse("resources:export_hsds"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["version"] == "3.0"
    event = AuditEvent.objects.filter(action="resource.export").latest("pk")
    assert event.actor == sanka and event.details["format"] == "hsds"


@pytest.mark.parametrize("username", ["zeimu", "kansa", "keisatsu"])
def test_it_is_404_for_those_who_may_not_read_the_directory(username: str) -> None:
    client = client_for(User.objects.get(username=username))
    for name in ("resources:export_hsds", "resources:export_csv", "resources:export_xlsx"):
        assert client.get(reverse(name)).status_code == 404
        assert client.post(reverse(name)).status_code == 404
    assert not AuditEvent.objects.filter(action="resource.export").exists()


def test_its_queries_do_not_grow_with_the_rows(sanka: User, coordinator: User) -> None:
    url = reverse("resources:export_hsds")
    before = queries_for(client_for(sanka), url)
    for number in range(3):
        new_service(coordinator, name=f"増やす居場所{number}")
    assert queries_for(client_for(sanka), url) == before
