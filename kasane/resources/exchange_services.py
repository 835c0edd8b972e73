"""Importing the directory from a table in the export's columns (issue 16).

`directory_import` checks every row (on its own, then against the database and the other rows)
and imports nothing when any row has an error: the errors come back, in Japanese, with their
row number and column. A clean table is imported in one transaction, audited (one row per
service created or changed, and one for the import with its counts).

Matching, so that importing the same file twice changes nothing:
- a service by its 社会資源ID (the HSDS export's id) when the row has one, else by its
  organisation's name and its own name;
- an organisation by its name (a new name is a new organisation);
- a place by its 実施場所ID when given, else by the organisation's place at the same address;
- the schedules of a service at a place are the lines of the row's 日程 cell: the same lines
  change nothing, other lines replace them.
What the file does not name (another place of the service, another service) is left as it is:
the import adds and updates, it never removes or closes.

A row may change a service's status (休止, 廃止, 運営中 again) only by the rule of the close and
reopen pages (`services.check_status_change`), and its schedules are checked and defaulted by
`services.schedule_checked` as on the page: what those refuse is the row's error.

`dry_run` runs the very same import and rolls it back: the check and the counts are those of
the real import; the rules that need the matched service are checked there too, and a row
they refuse rolls the import back with its error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError
from kasane.organizations.models import Area
from kasane.resources.exchange_read import Row, RowError, read_rows
from kasane.resources.hsds import hsds_id
from kasane.resources.models import (
    Location,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
)
from kasane.resources.services import (
    SCHEDULE_FIELDS,
    SERVICE_FIELDS,
    check_status_change,
    schedule_save,
)

ORGANIZATION_FIELDS = ("kana", "is_partner", "partner_since", "partner_offers")
PLACE_FIELDS = ("name", "postal_code", "access", "area_id")


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organizations_created: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "organizations_created": self.organizations_created,
        }


class _DryRun(Exception):
    pass


@dataclass
class _Lookups:
    """What the rows name, read once: categories, areas, and the ids of the export."""

    categories: dict[str, ServiceCategory]
    areas_by_code: dict[str, Area]
    areas_by_name: dict[str, list[Area]]
    services: dict[str, int]  # HSDS id → pk
    ats: dict[str, ServiceAtLocation]


def _lookups() -> _Lookups:
    areas = list(Area.objects.all())
    by_name: dict[str, list[Area]] = {}
    for area in areas:
        by_name.setdefault(area.name, []).append(area)
    ats = ServiceAtLocation.objects.select_related("location")
    return _Lookups(
        categories={c.name: c for c in ServiceCategory.objects.all()},
        areas_by_code={area.code: area for area in areas},
        areas_by_name=by_name,
        services={
            hsds_id("service", pk): pk for pk in Service.objects.values_list("pk", flat=True)
        },
        ats={hsds_id("service_at_location", at.pk): at for at in ats},
    )


def _check_against(row: Row, found: _Lookups) -> None:
    """The row's names that must exist: categories, the area, the ids."""
    values = row.values
    for name in values["categories"]:
        if name not in found.categories:
            row.error("種類", f"種類「{name}」がありません（管理者が種類の一覧に追加できます）。")
    values["category_objects"] = [
        found.categories[n] for n in values["categories"] if n in found.categories
    ]
    if values["service_id"] and values["service_id"] not in found.services:
        row.error(
            "社会資源ID",
            "この社会資源IDの社会資源がありません。新しく登録するときはIDを空にしてください。",
        )
    if values["at_id"]:
        at = found.ats.get(values["at_id"])
        if at is None or hsds_id("service", at.service_id) != values["service_id"]:
            row.error("実施場所ID", "この実施場所IDはこの社会資源の場所ではありません。")
    place = values["place"]
    if place is not None:
        place["area"] = _area(row, place, found)


def _area(row: Row, place: dict[str, Any], found: _Lookups) -> Area | None:
    if place["area_code"]:
        area = found.areas_by_code.get(place["area_code"])
        if area is None:
            row.error("地域コード", f"地域コード「{place['area_code']}」の地域がありません。")
        elif place["area_name"] and place["area_name"] != area.name:
            row.error("地域名", f"地域コード「{area.code}」は「{area.name}」です。")
        return area
    areas = found.areas_by_name.get(place["area_name"], [])
    if len(areas) != 1:
        message = (
            "がありません。" if not areas else "が複数あります。地域コードを入力してください。"
        )
        row.error("地域名", f"地域「{place['area_name']}」{message}")
        return None
    return areas[0]


def _service_key(row: Row) -> tuple[str, ...]:
    if row.values["service_id"]:
        return ("id", row.values["service_id"])
    return ("name", row.values["organization"]["name"], row.values["service"]["name"])


def _check_consistent(rows: list[Row]) -> None:
    """Rows of one organisation, or of one service, say the same of it."""
    first_of: dict[Any, Row] = {}
    for row in rows:
        for key, part, message in (
            (("org", row.values["organization"]["name"]), "organization", "運営団体"),
            (("service", *_service_key(row)), "service", "社会資源"),
        ):
            first = first_of.setdefault(key, row)
            same = first.values[part] == row.values[part]
            if part == "service":
                same = same and first.values["categories"] == row.values["categories"]
                same = same and first.values["state"] == row.values["state"]
            if not same:
                row.error(message, f"{first.number}行目と同じ{message}ですが、値が違います。")
        place = row.values["place"]
        where = row.values["at_id"] or (place["address"] if place else "")
        first = first_of.setdefault(("place", *_service_key(row), where), row)
        if first is not row:
            row.error(
                "所在地", f"{first.number}行目と同じ社会資源・場所です。1行にまとめてください。"
            )


def check_rows(table: list[list[str]]) -> tuple[list[Row], list[RowError]]:
    """Every row read and checked; the errors of all rows, in row order."""
    rows = read_rows(table)
    found = _lookups()
    for row in rows:
        _check_against(row, found)
    _check_consistent(rows)
    errors = [error for row in rows for error in row.errors]
    return rows, errors


# --- Applying a clean table -----------------------------------------------------------------


@dataclass
class _Existing:
    """The records the rows may name, read once (a fixed number of queries, whatever the
    rows): organisations by name, their services with categories, places and schedules, and
    their locations by address."""

    organizations: dict[str, list[ResourceOrganization]]
    services: dict[int, Service]
    by_name: dict[tuple[int, str], list[Service]]
    locations: dict[tuple[int, str], Location]


def _existing(rows: list[Row], found: _Lookups) -> _Existing:
    names = {row.values["organization"]["name"] for row in rows}
    ids = [found.services[row.values["service_id"]] for row in rows if row.values["service_id"]]
    organizations: dict[str, list[ResourceOrganization]] = {}
    for organization in ResourceOrganization.objects.filter(name__in=names).order_by("pk"):
        organizations.setdefault(organization.name, []).append(organization)
    org_pks = [o.pk for group in organizations.values() for o in group]
    services = (
        Service.objects.filter(Q(organization__in=org_pks) | Q(pk__in=ids))
        .select_related("organization")
        .select_for_update(of=("self",))
        .prefetch_related(
            "categories",
            Prefetch("at_locations", queryset=ServiceAtLocation.objects.order_by("pk")),
            Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        )
    )
    existing = _Existing(organizations, {}, {}, {})
    for service in services:
        existing.services[service.pk] = service
        existing.by_name.setdefault((service.organization_id, service.name), []).append(service)
    for location in Location.objects.filter(organization__in=org_pks).order_by("-pk"):
        existing.locations[(location.organization_id, location.address)] = location
    return existing


def _organization(
    values: dict[str, Any], existing: _Existing, result: ImportResult, actor: User
) -> ResourceOrganization:
    matches = existing.organizations.get(values["name"], [])
    if len(matches) > 1:
        raise DomainError(
            f"運営団体「{values['name']}」が複数あります。画面から名前を区別してください。"
        )
    if not matches:
        organization = ResourceOrganization.objects.create(**values)
        existing.organizations[organization.name] = [organization]
        result.organizations_created += 1
        audit_record(
            actor=actor,
            action="resource_organization.create",
            target=organization,
            details={"via": "import", "partner": organization.is_partner},
        )
        return organization
    organization = matches[0]
    changes = apply_changes(organization, ORGANIZATION_FIELDS, values)
    if changes:
        organization.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="resource_organization.update",
            target=organization,
            details={"via": "import", "fields": changed_fields(changes)},
        )
    return organization


def _find_service(
    row: Row, organization: ResourceOrganization, existing: _Existing, found: _Lookups
) -> Service | None:
    if row.values["service_id"]:
        service = existing.services[found.services[row.values["service_id"]]]
        if service.organization_id != organization.pk:
            raise DomainError(
                f"{row.number}行目: この社会資源の運営団体は別の団体です。"
                "運営団体は画面から変更してください。"
            )
        return service
    matches = existing.by_name.get((organization.pk, row.values["service"]["name"]), [])
    if len(matches) > 1:
        raise DomainError(
            f"{row.number}行目: 同じ名前の社会資源が複数あります。社会資源IDを入れてください。"
        )
    return matches[0] if matches else None


def _schedule_key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values.get(name) or None for name in SCHEDULE_FIELDS)


def _replace_schedules(
    service: Service, at: ServiceAtLocation | None, lines: list[dict[str, Any]]
) -> bool:
    """The schedules of the service at the place (or of the service itself) become the
    lines; the same lines change nothing."""
    at_pk = at.pk if at is not None else None
    current = [s for s in service.schedules.all() if s.service_at_location_id == at_pk]
    wanted = [_schedule_key(values) for values in lines]  # checked and defaulted on reading
    if [_schedule_key(vars(s)) for s in current] == wanted:
        return False
    Schedule.objects.filter(pk__in=[s.pk for s in current]).delete()
    for values in lines:
        schedule_save(service=service, at=at, values=values)
    return True


def _location(
    service: Service, place: dict[str, Any], existing: _Existing
) -> tuple[Location, bool]:
    """The organisation's place at the address (its values updated), or a new one."""
    values = {"name": place["name"], "postal_code": place["postal_code"], "access": place["access"]}
    key = (service.organization_id, place["address"])
    location = existing.locations.get(key)
    if location is None:
        location = Location(
            organization=service.organization,
            address=place["address"],
            area=place["area"],
            **values,
        )
        location.save()
        existing.locations[key] = location
        return location, True
    changes = apply_changes(location, PLACE_FIELDS, {**values, "area_id": place["area"].pk})
    if changes:
        location.save()
    return location, bool(changes)


def _place(service: Service, row: Row, existing: _Existing, found: _Lookups) -> bool:
    """The row's place of the service and its schedules; whether anything changed."""
    place = row.values["place"]
    if place is None:
        return _replace_schedules(service, None, row.values["schedules"])
    at = found.ats.get(row.values["at_id"]) if row.values["at_id"] else None
    if at is not None:  # the place named by its id: its values (the address too) are the row's
        location = at.location
        values = {name: place[name] for name in ("name", "postal_code", "access", "address")}
        changed = bool(
            apply_changes(
                location, (*PLACE_FIELDS, "address"), {**values, "area_id": place["area"].pk}
            )
        )
        if changed:
            location.save()
    else:
        location, changed = _location(service, place, existing)
    if at is None:
        at = next((a for a in service.at_locations.all() if a.location_id == location.pk), None)
    if at is None:
        at = ServiceAtLocation.objects.create(service=service, location=location)
        changed = True
    return _replace_schedules(service, at, row.values["schedules"]) or changed


def _new_service(row: Row, organization: ResourceOrganization, actor: User) -> Service:
    state = row.values["state"]
    service = Service(
        organization=organization,
        created_by=actor,
        status=state["status"],
        status_since=state["status_since"] or timezone.localdate(),
        assured_date=state["assured_date"],
        assurer=actor if state["assured_date"] else None,
        **row.values["service"],
    )
    service.refresh_search_key(organization.name)
    service.save()
    service.categories.set(row.values["category_objects"])
    return Service.objects.prefetch_related("categories", "at_locations", "schedules").get(
        pk=service.pk
    )


def _state(service: Service, row: Row) -> dict[str, Any] | None:
    """The row's status, its day and last check for the service, by the rule of the close and
    reopen pages (`check_status_change`): a new status from a day between the present
    status's day and today (today when the row gives none); reopening is checking, on that
    day at the latest. The day of an unchanged status stays as it is. None, with the row's
    error, when the rule refuses the row."""
    state = {name: value for name, value in row.values["state"].items() if value is not None}
    status, on = state.pop("status"), state.pop("status_since", None)
    if status == service.status:
        if on is not None and on != service.status_since:
            row.error(
                "状態の開始日",
                f"状態の開始日は、状態を変えるときだけ変えられます（今の状態「"
                f"{Status(service.status).label}」は{service.status_since:%Y-%m-%d}から）。",
            )
            return None
        return state
    on = on or timezone.localdate()
    try:
        check_status_change(service, status=status, on=on)
    except DomainError as error:
        row.error("状態", error.message)
        return None
    if status == Status.ACTIVE:  # reopening is checking
        state["assured_date"] = max(state.get("assured_date") or on, on)
    return {**state, "status": status, "status_since": on}


def _update_service(service: Service, row: Row, actor: User) -> dict[str, list[Any]]:
    changes = apply_changes(service, SERVICE_FIELDS, row.values["service"])
    state = _state(service, row)
    if state is None:
        return {}
    changes.update(apply_changes(service, ("status", "status_since", "assured_date"), state))
    if "assured_date" in changes:
        service.assurer = actor
    before = sorted(c.name for c in service.categories.all())
    after = sorted(c.name for c in row.values["category_objects"])
    if before != after:
        service.categories.set(row.values["category_objects"])
        changes["categories"] = [before, after]
    if changes:
        service.refresh_search_key(service.organization.name)
        service.save()
    return changes


def _apply(rows: list[Row], actor: User, result: ImportResult) -> None:
    found = _lookups()
    existing = _existing(rows, found)
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(_service_key(row), []).append(row)
    for group in groups.values():
        first = group[0]
        organization = _organization(first.values["organization"], existing, result, actor)
        service = _find_service(first, organization, existing, found)
        created = service is None
        changes: dict[str, list[Any]] = {}
        if service is None:
            service = _new_service(first, organization, actor)
        else:
            changes = _update_service(service, first, actor)
        places_changed = False
        for row in group:
            places_changed = _place(service, row, existing, found) or places_changed
        _count(service, created, changes, places_changed, result, actor)


def _count(
    service: Service,
    created: bool,
    changes: dict[str, list[Any]],
    places_changed: bool,
    result: ImportResult,
    actor: User,
) -> None:
    if created:
        result.created += 1
        audit_record(
            actor=actor, action="resource.create", target=service, details={"via": "import"}
        )
    elif changes or places_changed:
        result.updated += 1
        service.save(update_fields=["updated_at"])
        fields = changed_fields(changes) + (["places"] if places_changed else [])
        audit_record(
            actor=actor,
            action="resource.update",
            target=service,
            details={"via": "import", "fields": fields},
        )
    else:
        result.unchanged += 1


def directory_import(
    *, actor: User, table: list[list[str]], filename: str, dry_run: bool = False
) -> ImportResult:
    """Check every row of the table and, when none has an error, import them all in one
    transaction (nothing at all otherwise). With `dry_run`, the same import rolled back: the
    counts say what the import would do. Only those who keep the directory may import."""
    access.resource_editor(actor)
    rows, errors = check_rows(table)
    result = ImportResult(errors=errors, rows=len(rows))
    if errors:
        return result
    try:
        with transaction.atomic():
            _apply(rows, actor, result)
            errors = [error for row in rows for error in row.errors]
            if errors:  # rules that need the service: a status change (`_state`)
                result.errors = errors
                raise _DryRun
            audit_record(
                actor=actor,
                action="resource.import",
                details={"file": filename, **result.counts},
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result
